/**
 * A cluster snapshot against the one before, as the changes that make one
 * into the other: what a source that reads whole snapshots (files) hands the
 * engine, as a watch of the API server would hand it object by object.
 */
import type { Cluster } from './cluster.js';
import type { Change } from './engine.js';
import { BUCKETS, entryOf } from '../model/kinds.js';
import type { KubeObject } from '../model/objects.js';

/**
 * Deletions first, then objects in the order the engine takes a cluster (the
 * registry's `engineOrder`: namespaces, policies, workloads, pods). The very
 * same object is unchanged (a source that decodes each object once hands it
 * again): only the others are keyed and compared by content.
 */
export function clusterChanges(before: Cluster, after: Cluster): Change[] {
  // Buckets holding the very same objects in the same order (most of them, after one edit) are passed over.
  const differs = BUCKETS.filter((b) => !sameObjects(before[b], after[b]));
  const [was, is] = [differs.flatMap((b): KubeObject[] => before[b]), differs.flatMap((b): KubeObject[] => after[b])];
  const [wasSet, isSet] = [new Set(was), new Set(is)];
  const gone = byKey(was.filter((o) => !isSet.has(o)));
  const come = byKey(is.filter((o) => !wasSet.has(o)));
  // A key whose object is gone may stay, held by a duplicate that is in both: the one the engine is to hold is taken again.
  let held: Map<string, KubeObject> | undefined;
  const changes: Change[] = [];
  for (const [key, o] of gone) {
    if (come.has(key)) continue;
    const kept = (held ??= byKey([...is])).get(key);
    if (kept) come.set(key, kept);
    else changes.push({ op: 'delete', kind: o.kind, ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name ?? '' });
  }
  for (const [key, o] of come) {
    const old = gone.get(key);
    if (!old || contentOf(old) !== contentOf(o)) changes.push({ op: 'upsert', object: o });
  }
  return changes;
}

function sameObjects(x: readonly KubeObject[], y: readonly KubeObject[]): boolean {
  return x === y || (x.length === y.length && x.every((o, i) => o === y[i]));
}

/** Objects by kind, namespace and name, in engine order (the last of a key wins, as the engine takes them). */
function byKey(objects: KubeObject[]): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const object of objects.sort((a, b) => entryOf(a).engineOrder - entryOf(b).engineOrder)) out.set(keyOf(object), object);
  return out;
}

function keyOf(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** An object's content as text, where it was read from left out. */
function contentOf(object: KubeObject): string {
  return JSON.stringify(object, (k, v: unknown) => (k === 'origin' ? undefined : v));
}
