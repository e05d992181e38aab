/** What the inspector says about one endpoint: the policies selecting it, then `palisade reach`'s words for one port. */
import type { Engine } from '../engine/engine.js';
import { TIER_NAMES } from '../engine/policies.js';
import { reach } from '../engine/reach.js';
import type { PodEndpoint, PortQuery } from '../engine/types.js';
import { reachText } from '../cli/format/reach.js';

const TIER_ORDER = { admin: 0, namespace: 1, baseline: 2 } as const;

export function endpointText(engine: Engine, target: PodEndpoint, q: PortQuery, group: readonly PodEndpoint[] = [target]): string {
  // In the order the tiers apply: admin ClusterNetworkPolicies, NetworkPolicies, baseline ones.
  const selecting = (direction: 'ingress' | 'egress') => {
    const policies = engine
      .sidePolicyRefs(target, direction)
      .map((ref) => engine.policy(ref)!)
      .sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.priority - b.priority);
    const names = policies.map((p) => (p.tier === 'namespace' ? p.ref : `ClusterNetworkPolicy ${p.ref} (${TIER_NAMES[p.tier]}, priority ${p.priority})`));
    return `Policies selecting ${target.ref} for ${direction}: ${names.length ? names.join(', ') : 'none (not isolated)'}`;
  };
  const members = group.length > 1 ? [`${group.length} pods no policy tells apart, answered for the first: ${group.map((e) => e.ref).join(', ')}`, ''] : [];
  return [...members, selecting('ingress'), selecting('egress'), '', reachText(target, reach(engine, target, 'ingress', [q]), reach(engine, target, 'egress', [q]))].join('\n');
}
