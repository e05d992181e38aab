/** What the inspector says about one endpoint: the policies selecting it, then `palisade reach`'s words for one port. */
import type { Engine } from '../engine/engine.js';
import { TIER_NAMES, tieredPolicyText, tierPlaceText } from '../engine/policies.js';
import { precedence } from '../engine/side-policy.js';
import { reach } from '../engine/reach.js';
import type { PodEndpoint, PortQuery } from '../engine/types.js';
import { reachText } from '../cli/format/reach.js';

export function endpointText(engine: Engine, target: PodEndpoint, q: PortQuery, group: readonly PodEndpoint[] = [target]): string {
  // In the order they apply: the Admin tier, NetworkPolicies, the Baseline tier.
  const selecting = (direction: 'ingress' | 'egress') => {
    const policies = engine
      .sidePolicyRefs(target, direction)
      .map((ref) => engine.policy(ref)!)
      .sort(precedence);
    const names = policies.map((p) => (p.tier === 'namespace' ? p.ref : `${tieredPolicyText(p.ref)} (${tierPlaceText(p.ref, TIER_NAMES[p.tier], p.priority)})`));
    return `Policies selecting ${target.ref} for ${direction}: ${names.length ? names.join(', ') : 'none (not isolated)'}`;
  };
  const members = group.length > 1 ? [`${group.length} pods no policy tells apart, answered for the first: ${group.map((e) => e.ref).join(', ')}`, ''] : [];
  return [...members, selecting('ingress'), selecting('egress'), '', reachText(target, reach(engine, target, 'ingress', [q]), reach(engine, target, 'egress', [q]))].join('\n');
}
