/**
 * Reads manifest files, directories, stdin and kustomizations (see
 * read-inputs), then their text as `loadText` does (see load-text).
 */
import type { Origin } from '../model/objects.js';
import { Collector, type DecodeCache, type Manifests, type TextLoadOptions } from './load-text.js';
import type { ParseResult } from './parse-document.js';
import { readInputs, type ReadOptions } from './read-inputs.js';

export { loadText, type DecodeCache, type IgnoredPolicy, type Manifests, type TextLoadOptions } from './load-text.js';

export interface LoadOptions extends ReadOptions, TextLoadOptions {
  /** Called as documents are read, with bytes done and in all. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /**
   * Documents already parsed, by their text, to reuse and to add to: two
   * versions of a repository (a diff) are mostly the same documents. Parsed
   * values are only read, never changed, so sharing them is safe.
   */
  parsed?: Map<string, ParseResult>;
  /** A live cluster's objects, read first: the files' objects replace those of the same kind, namespace and name. */
  cluster?: { context: string; objects: readonly { value: Record<string, unknown>; origin: Origin }[] };
  /** Objects decoded by earlier loads, to reuse for the same document values (see DecodeCache). */
  decoded?: DecodeCache;
}

export function loadManifests(paths: readonly string[], opts: LoadOptions = {}): Manifests {
  const { files, diagnostics } = readInputs(paths, opts);
  const collector = new Collector(opts.defaultNamespace ?? 'default', opts.parsed, opts.decoded);
  collector.diagnostics.push(...diagnostics);
  if (opts.cluster) collector.addCluster(opts.cluster.context, opts.cluster.objects);
  const total = files.reduce((n, f) => n + f.text.length, 0);
  let done = 0;
  for (const file of files) {
    collector.addFile(file, (bytes) => opts.onProgress?.('reading manifests', (done += bytes), total));
  }
  opts.onProgress?.('reading manifests', total, total);
  return collector.finish();
}
