/**
 * The page's data as it is embedded: JSON, gzipped, in base64. Browsers
 * tokenize HTML at about 100 ns a character, so 6 MB of manifests held up the
 * page for most of a second before any script ran; gzipped they are a
 * twentieth of that (unpack.ts reads them back, in the worker).
 */
import { gzipSync } from 'node:zlib';
import type { PageData } from './protocol.js';

export function packPageData(data: PageData): string {
  return gzipSync(JSON.stringify(data)).toString('base64');
}
