/**
 * Reads manifest files, directories, stdin and kustomizations (see
 * read-inputs), then their text as `loadText` does (see load-text).
 */
import { collectManifests, type CollectOptions, type Gathered, type Manifests } from './load-text.js';
import { readInputs, type ReadOptions } from './read-inputs.js';

export { loadText, type DecodeCache, type IgnoredPolicy, type Manifests, type TextLoadOptions } from './load-text.js';

export interface LoadOptions extends ReadOptions, Omit<CollectOptions, 'onProgress'> {
  /** Called as documents are read, with bytes done and in all. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** A live cluster's objects, under the files (see Gathered). */
  cluster?: Gathered['cluster'];
}

export function loadManifests(paths: readonly string[], opts: LoadOptions = {}): Manifests {
  const { files, diagnostics } = readInputs(paths, opts);
  const { onProgress } = opts;
  return collectManifests(
    { files, diagnostics, cluster: opts.cluster },
    { defaultNamespace: opts.defaultNamespace, parsed: opts.parsed, decoded: opts.decoded, onProgress: onProgress && ((done, total) => onProgress('reading manifests', done, total)) },
  );
}
