/**
 * The snapshot the engine compiles: the objects the API server would have
 * accepted. Invalid objects are left out, never guessed at.
 */
import { isAudited } from '../model/enforcement.js';
import { filterBuckets, type Buckets } from '../model/kinds.js';
import type { NetworkPolicy, TieredPolicy } from '../model/objects.js';
import type { Manifests } from '../sources/load-text.js';
import type { ValidationReport } from '../validation/manifests.js';

/** The valid objects in the buckets the registry of kinds assigns: namespaces, pods, workloads, policies. */
export type Cluster = Buckets;

/** The valid part of what was loaded, audited policies included. */
export function clusterOf(m: Manifests, report: ValidationReport): Cluster {
  return filterBuckets(m, (o) => !report.invalid.has(o));
}

/** What the nodes enforce: the cluster without its audited policies (`palisade.dev/enforcement: audit`). */
export function enforcedPart(cluster: Cluster): Cluster {
  if (!hasAudited(cluster)) return cluster;
  const enforced = <T extends NetworkPolicy | TieredPolicy>(list: T[]) => list.filter((p) => !isAudited(p));
  return { ...cluster, policies: enforced(cluster.policies), clusterPolicies: enforced(cluster.clusterPolicies), adminPolicies: enforced(cluster.adminPolicies) };
}

/** The policies in audit mode: evaluated and logged, not enforced. */
export function auditedPolicies(cluster: Cluster): (NetworkPolicy | TieredPolicy)[] {
  return [...cluster.policies, ...cluster.clusterPolicies, ...cluster.adminPolicies].filter(isAudited);
}

export function hasAudited(cluster: Cluster): boolean {
  return auditedPolicies(cluster).length > 0;
}
