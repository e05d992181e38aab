/**
 * The proof of a conversion (see convert.ts): the connectivity of the input
 * as read against that of the same input with each converted v1alpha1 policy
 * replaced by its ClusterNetworkPolicy, compared by the very analysis
 * `palisade diff` makes. No change between the endpoints, on every port
 * either side names, to or from any class of outside addresses, is the
 * proof; a change is a conversion that means something else.
 */
import { enforcedPart, type Cluster } from '../engine/cluster.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import type { PortQuery } from '../engine/types.js';
import type { ClusterNetworkPolicy } from '../model/objects.js';
import type { AdminPolicy } from './convert.js';
import { connectivityDiff, diffPorts, type ConnectivityDiff } from './diff.js';

/** A source and what replaces it (a Conversion, or one altered by hand). */
export interface Replacement {
  source: AdminPolicy;
  policy: ClusterNetworkPolicy;
}

export interface ConversionProof {
  /** The input as read, and with the replacements: what the nodes enforce (audited policies left out), as every answer is. */
  before: Engine;
  after: Engine;
  diff: ConnectivityDiff;
  ports: PortQuery[];
  /** The pods and workloads compared. */
  endpoints: number;
  /** Why an empty diff proves nothing, when it does not: nothing was compared. */
  vacuous?: string;
}

/** The cluster with each replaced source taken out and its replacement in. */
export function withReplacements(cluster: Cluster, replacements: readonly Replacement[]): Cluster {
  const replaced = new Set<AdminPolicy>(replacements.map((r) => r.source));
  return {
    ...cluster,
    adminPolicies: cluster.adminPolicies.filter((p) => !replaced.has(p)),
    clusterPolicies: [...cluster.clusterPolicies, ...replacements.map((r) => r.policy)],
  };
}

/**
 * Compares `cluster` (its valid objects) with `withReplacements(cluster,
 * replacements)`. `before`, when given, is the engine already compiled
 * from the cluster's enforced part with the same options.
 */
export function proveConversion(cluster: Cluster, replacements: readonly Replacement[], opts: EngineOptions & { before?: Engine } = {}): ConversionProof {
  const { before: given, ...engineOpts } = opts;
  const before = given ?? Engine.compile(enforcedPart(cluster), engineOpts);
  const after = Engine.compile(enforcedPart(withReplacements(cluster, replacements)), engineOpts);
  const ports = diffPorts(before, after);
  const diff = connectivityDiff(before, after, ports);
  const endpoints = before.endpoints().length;
  const vacuous =
    endpoints === 0
      ? 'the input has no pods (nor workloads): no connection was compared, so this proves nothing; add the pods (kubectl get pods -A -o yaml) and namespaces to the input'
      : ports.length === 0
        ? 'no policy names a port and no pod serves one: no connection was compared, so this proves nothing'
        : undefined;
  return { before, after, diff, ports, endpoints, ...(vacuous ? { vacuous } : {}) };
}
