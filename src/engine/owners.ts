/**
 * Pods and the workloads that own them (metadata.ownerReferences, the
 * controller reference), so that a dump holding a Deployment, its ReplicaSet
 * and its pods counts the pods once: live pods stand for themselves and name
 * their workload; a workload stands for its pods (as its template) only when
 * none of them is in the input and no workload of the input controls it.
 */
import type { ObjectMeta, Workload } from '../model/objects.js';

export interface ControllerRef {
  kind: string;
  name: string;
}

export function controllerOf(meta: ObjectMeta): ControllerRef | undefined {
  const ref = meta.ownerReferences?.find((o) => o.controller === true);
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

/** `namespace/kind/name`, as workload endpoints are named. */
export function workloadRef(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind.toLowerCase()}/${name}`;
}

/** Deployment → ReplicaSet → Pod is the longest chain Kubernetes builds; the bound also stops cycles. */
const MAX_CHAIN = 4;

export function ownership<P extends { namespace: string; controller?: ControllerRef }>(
  pods: readonly P[],
  workloads: readonly Workload[],
): { standing: Workload[]; ownerOf: Map<P, string> } {
  const byRef = new Map(workloads.map((w) => [refOf(w), w]));
  const controlling = (w: Workload): Workload | undefined => {
    const c = controllerOf(w.metadata);
    return c && byRef.get(workloadRef(w.metadata.namespace ?? 'default', c.kind, c.name));
  };
  const withPods = new Set<Workload>();
  const ownerOf = new Map<P, string>();
  for (const pod of pods) {
    let w = pod.controller && byRef.get(workloadRef(pod.namespace, pod.controller.kind, pod.controller.name));
    for (let depth = 0; w && depth < MAX_CHAIN; depth++) {
      withPods.add(w);
      ownerOf.set(pod, refOf(w));
      w = controlling(w);
    }
  }
  return { standing: workloads.filter((w) => !withPods.has(w) && !controlling(w)), ownerOf };
}

function refOf(w: Workload): string {
  return workloadRef(w.metadata.namespace ?? 'default', w.kind, w.metadata.name ?? '');
}
