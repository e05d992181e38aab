/**
 * The snapshot the engine compiles: the objects the API server would have
 * accepted. Invalid objects are left out, never guessed at.
 */
import { filterBuckets, type Buckets } from '../model/kinds.js';
import type { Manifests } from '../sources/load-text.js';
import type { ValidationReport } from '../validation/manifests.js';

/** The valid objects in the buckets the registry of kinds assigns: namespaces, pods, workloads, policies. */
export type Cluster = Buckets;

/** The valid part of what was loaded. */
export function clusterOf(m: Manifests, report: ValidationReport): Cluster {
  return filterBuckets(m, (o) => !report.invalid.has(o));
}
