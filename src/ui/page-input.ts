/** One embedded input, read as the command that wrote the page read it. */
import { Collector } from '../sources/load-text.js';
import type { PageInput } from './protocol.js';

/** Its manifests are the collector's `finish()`; the editor's text is read over them in a fork of it. */
export function collectorOf(input: PageInput): Collector {
  const collector = new Collector('default');
  for (const file of input.files) collector.addFile(file);
  return collector;
}
