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
  for (const [key, o] of is) if (was.get(key)?.text !== o.text) changes.push({ op: 'upsert', object: o.object });
  return changes;
}

/** Every object by kind, namespace and name, with its content as text (where it was read from left out). */
function byKey(c: Cluster): Map<string, { object: KubeObject; text: string }> {
  const out = new Map<string, { object: KubeObject; text: string }>();
  const inEngineOrder = objectsOf(c).sort((a, b) => entryOf(a).engineOrder - entryOf(b).engineOrder);
  for (const object of inEngineOrder) {
    const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
    out.set(key, { object, text: JSON.stringify(object, (k, v: unknown) => (k === 'origin' ? undefined : v)) });
  }
  return out;
}
