/**
 * Audit mode: a NetworkPolicy or ClusterNetworkPolicy annotated
 * `palisade.dev/enforcement: audit` is evaluated and logged, never enforced
 * (see engine/cluster.ts for who leaves it out, dataplane/ruleset.ts for how
 * the node watches it).
 */
import type { KubeObject } from './objects.js';

export const ENFORCEMENT_ANNOTATION = 'palisade.dev/enforcement';

/** The annotation's values: `enforce` is what no annotation means. */
export const ENFORCEMENT_MODES = ['enforce', 'audit'] as const;

export function isAudited(policy: KubeObject): boolean {
  return policy.metadata.annotations?.[ENFORCEMENT_ANNOTATION] === 'audit';
}
