/** One embedded input, read as the command that wrote the page read it. */
import { collectorFor, type Collector } from '../sources/load-text.js';
import { liveObject } from '../sources/live/read-cluster.js';
import type { PageInput } from './protocol.js';

/** Its manifests are the collector's `finish()`; the editor's text is read over them in a fork of it. */
export function collectorOf(input: PageInput): Collector {
  const live = input.cluster;
  // A list keeps only items of the kind it lists (see listAll): an object's own kind is the one it was listed as.
  const cluster = live && { context: live.context, objects: live.objects.map((value) => liveObject(value, String(value['kind']), live)) };
  return collectorFor({ files: input.files, diagnostics: input.diagnostics ?? [], cluster }, { defaultNamespace: input.namespace });
}
