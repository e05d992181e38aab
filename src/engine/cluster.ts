/**
 * The snapshot the engine compiles: the objects the API server would have
 * accepted. Invalid objects are left out, never guessed at.
 */
import type { Namespace, NetworkPolicy, Pod, Workload } from '../model/objects.js';
import type { Manifests } from '../sources/load-text.js';
import type { ValidationReport } from '../validation/manifests.js';

export interface Cluster {
  namespaces: Namespace[];
  pods: Pod[];
  workloads: Workload[];
  policies: NetworkPolicy[];
}

/** The valid part of what was loaded. */
export function clusterOf(m: Manifests, report: ValidationReport): Cluster {
  const valid = <T extends object>(objects: T[]) => objects.filter((o) => !report.invalid.has(o as never));
  return {
    namespaces: valid(m.namespaces),
    pods: valid(m.pods),
    workloads: valid(m.workloads),
    policies: valid(m.policies),
  };
}
