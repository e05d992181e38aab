/**
 * PAL003 named-port-undefined. A named port is resolved on the destination:
 * for an ingress rule, the pods the policy selects; for an egress rule, the
 * pods its peers match. When none of them defines the name with the entry's
 * protocol, the port entry never matches.
 */
import type { CompiledNetworkPolicy, CompiledRule } from '../../engine/policies.js';
import type { Direction, PodEndpoint } from '../../engine/types.js';
import { DIRECTIONS, listed, rulePath, type LintContext, type RawFinding } from './context.js';

export function namedPortUndefined(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const policy of ctx.policies) {
    for (const d of DIRECTIONS) {
      for (const rule of ctx.activeRules(policy, d)) {
        (rule.ports ?? []).forEach((entry, k) => {
          if (typeof entry.port !== 'string') return;
          const f = check(ctx, policy, d, rule, k, entry.port, entry.protocol);
          if (f) out.push(f);
        });
      }
    }
  }
  return out;
}

function check(ctx: LintContext, policy: CompiledNetworkPolicy, d: Direction, rule: CompiledRule, k: number, name: string, protocol: string): RawFinding | undefined {
  const destinations = destinationsOf(ctx, policy, d, rule);
  const onlyAddresses = d === 'egress' && rule.peers !== null && rule.peers.every((p) => p.blocks);
  if (destinations.length === 0 && !onlyAddresses) return undefined; // nothing known to look the name up on (PAL001/PAL002 say why)
  if (destinations.some((ep) => ep.namedPorts.some((n) => n.name === name && n.protocol === protocol))) return undefined;
  const who = d === 'ingress' ? 'the pods this policy selects' : onlyAddresses ? 'the pods inside its ipBlocks' : 'the pods its peers match';
  const otherProtocol = destinations.flatMap((ep) => ep.namedPorts.filter((n) => n.name === name).map((n) => ({ ep, n })))[0];
  const names = [...new Set(destinations.flatMap((ep) => ep.namedPorts.filter((n) => n.protocol === protocol).map((n) => n.name)))].sort();
  let hint: string;
  if (otherProtocol) hint = `${otherProtocol.ep.ref} defines "${name}" as ${otherProtocol.n.protocol}: write protocol: ${otherProtocol.n.protocol}`;
  else if (names.length > 0) hint = `${who} define ${listed(names.map((n) => `"${n}"`), 8)} for ${protocol}; use one of these, or the port number`;
  else hint = `name the container port "${name}" in the pod spec, or use the port number`;
  const message =
    destinations.length === 0
      ? `named port "${name}" (${protocol}) never matches: a named port is looked up on the destination pod and never matches an address outside the cluster, and no known pod lies inside this rule's ipBlocks`
      : `named port "${name}" (${protocol}) is defined by none of ${who} (${listed(destinations.map((e) => e.ref), 4)}), so this port entry never matches`;
  return { check: 'PAL003', object: policy.source, path: rulePath(d, rule.index).child('ports').index(k).child('port'), message, hint };
}

function destinationsOf(ctx: LintContext, policy: CompiledNetworkPolicy, d: Direction, rule: CompiledRule): PodEndpoint[] {
  if (d === 'ingress') return ctx.selected(policy, 'ingress');
  if (rule.peers === null) return ctx.endpoints;
  const found = new Set<PodEndpoint>();
  for (const peer of rule.peers) for (const ep of ctx.engine.peerMembers(policy.ref, 'egress', rule.index, peer.index)) found.add(ep);
  return [...found];
}
