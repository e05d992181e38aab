/**
 * PAL005 ipblock-covers-pods: an ipBlock (less its excepts) that contains
 * the IP of a known pod. Pod IPs change whenever pods are rescheduled, so
 * pods are selected by label. `0.0.0.0/0` and `::/0` ("the internet") are
 * reported one step gentler: there the pods are a side effect, not the aim.
 */
import { addressInBlock } from '../../engine/selections.js';
import type { PodEndpoint } from '../../engine/types.js';
import { DIRECTIONS, listed, peerPath, type LintContext, type RawFinding } from './context.js';

export function ipBlockCoversPods(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  // Host-network pods carry their node's address: an ipBlock for nodes is fine.
  const pods = ctx.endpoints.filter((ep) => !ep.hostNetwork && ep.ips.length > 0);
  if (pods.length === 0) return out;
  for (const policy of ctx.policies) {
    for (const d of DIRECTIONS) {
      for (const rule of ctx.activeRules(policy, d)) {
        for (const peer of rule.peers ?? []) {
          // A NetworkPolicy peer has at most one ipBlock.
          const block = peer.blocks?.[0];
          if (!block) continue;
          const inside: { ep: PodEndpoint; ip: string }[] = [];
          for (const ep of pods) {
            const a = addressInBlock(ctx.engine, ep, block);
            if (a) inside.push({ ep, ip: a.text });
          }
          if (inside.length === 0) continue;
          const internet = block.cidr.text.endsWith('/0');
          const some = listed(inside.map((x) => `${x.ep.ref} ${x.ip}`), 3);
          const matchNote = ctx.engine.ipBlockMatchesPods ? '' : ' (this run does not match ipBlocks against pod IPs, but network plugins that do will)';
          const count = `${inside.length} known pod${inside.length === 1 ? '' : 's'}`;
          out.push({
            check: 'PAL005',
            object: policy.source,
            path: peerPath(d, rule.index, peer.index).child('ipBlock', 'cidr'),
            gentler: internet,
            message: internet
              ? `ipBlock ${block.text} means every address, pod IPs included: it also ${d === 'ingress' ? 'admits' : 'reaches'} the ${count} (${some}), not only the internet${matchNote}`
              : `ipBlock ${block.text} contains the IPs of ${count} (${some}); pod IPs change when pods are rescheduled${matchNote}`,
            hint: internet
              ? 'to mean only addresses outside the cluster, list the pod network under except (e.g. except: [10.0.0.0/8]); allow pods with podSelector/namespaceSelector peers'
              : 'select those pods with a podSelector (and namespaceSelector) peer instead; keep ipBlock for addresses outside the cluster',
          });
        }
      }
    }
  }
  return out;
}
