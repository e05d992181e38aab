/**
 * A cluster snapshot against the one before, as the changes that make one
 * into the other: what a source that reads whole snapshots (files) hands the
 * engine, as a watch of the API server would hand it object by object.
 */
import type { Cluster } from '../engine/cluster.js';
import type { Change } from '../engine/engine.js';
import { entryOf, objectsOf } from '../model/kinds.js';
import type { KubeObject } from '../model/objects.js';

/** Deletions first, then objects in the order the engine takes a cluster (the registry's `engineOrder`: namespaces, policies, workloads, pods). */
export function clusterChanges(before: Cluster, after: Cluster): Change[] {
  const was = byKey(before);
  const is = byKey(after);
  const changes: Change[] = [];
  for (const [key, o] of was) {
    if (!is.has(key)) changes.push({ op: 'delete', kind: o.object.kind, ...(o.object.metadata.namespace !== undefined ? { namespace: o.object.metadata.namespace } : {}), name: o.object.metadata.name ?? '' });
  }
  for (const [key, o] of is) {
    const old = was.get(key);
    // The very same object is unchanged (a source that decodes each object once hands it again); others are compared by content.
    if (old?.object !== o.object && (!old || contentOf(old.object) !== contentOf(o.object))) changes.push({ op: 'upsert', object: o.object });
  }
  return changes;
}

/** Every object by kind, namespace and name. */
function byKey(c: Cluster): Map<string, { object: KubeObject }> {
  const out = new Map<string, { object: KubeObject }>();
  const inEngineOrder = objectsOf(c).sort((a, b) => entryOf(a).engineOrder - entryOf(b).engineOrder);
  for (const object of inEngineOrder) out.set(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`, { object });
  return out;
}

/** An object's content as text, where it was read from left out. */
function contentOf(object: KubeObject): string {
  return JSON.stringify(object, (k, v: unknown) => (k === 'origin' ? undefined : v));
}
