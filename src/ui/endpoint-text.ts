/** What the inspector says about one endpoint: the policies selecting it, then `palisade reach`'s words for one port. */
import type { Engine } from '../engine/engine.js';
import { reach } from '../engine/reach.js';
import type { PodEndpoint, PortQuery } from '../engine/types.js';
import { reachText } from '../cli/format/reach.js';

export function endpointText(engine: Engine, target: PodEndpoint, q: PortQuery): string {
  const selecting = (direction: 'ingress' | 'egress') => {
    const refs = engine.sidePolicyRefs(target, direction);
    return `Policies selecting ${target.ref} for ${direction}: ${refs.length ? refs.join(', ') : 'none (not isolated)'}`;
  };
  return [selecting('ingress'), selecting('egress'), '', reachText(target, reach(engine, target, 'ingress', [q]), reach(engine, target, 'egress', [q]))].join('\n');
}
