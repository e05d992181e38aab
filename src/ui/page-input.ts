/** The manifests of one embedded input, read as the command that wrote the page read them. */
import { collectManifests, type Manifests } from '../sources/load-text.js';
import { liveObject } from '../sources/live/read-cluster.js';
import type { PageInput } from './protocol.js';

export function manifestsOf(input: PageInput): Manifests {
  const live = input.cluster;
  // A list keeps only items of the kind it lists (see listAll): an object's own kind is the one it was listed as.
  const cluster = live && { context: live.context, objects: live.objects.map((value) => liveObject(value, String(value['kind']), live)) };
  return collectManifests({ files: input.files, diagnostics: input.diagnostics ?? [], cluster }, { defaultNamespace: input.namespace });
}
