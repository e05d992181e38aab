/**
 * PAL006 egress-blocks-dns: pods isolated for egress, whose rules let them
 * connect somewhere, but whose egress does not let them reach every cluster
 * DNS target (dns-targets.ts; by default pods labelled k8s-app=kube-dns in
 * kube-system, on 53/UDP and 53/TCP).
 *
 * A target is reached on a port when the pod's egress admits one of its
 * endpoints there. As a stand-in has no IP (nor has a DNS workload's
 * template), an ipBlock that holds every address (0.0.0.0/0, ::/0 with no
 * except) is taken to reach it when ipBlocks match pod IPs.
 */
import type { Engine } from '../../engine/engine.js';
import type { CompiledNetworkPolicy } from '../../engine/policies.js';
import { portQueryText } from '../../engine/ports.js';
import { rulePortMatches } from '../../engine/selections.js';
import { isEmptySelector } from '../../engine/selectors.js';
import type { Endpoint, PodEndpoint } from '../../engine/types.js';
import { FieldPath } from '../../model/field-path.js';
import { listed, type LintContext, type RawFinding } from './context.js';
import { dnsRuleHint, dnsTargetText, isDnsPods, standInPortsText, withDnsTargets, type DnsPort, type ResolvedDnsTarget } from './dns-targets.js';

/** Per target (by position), the ports not reached. */
type Blocked = Map<number, Set<DnsPort>>;

export function egressBlocksDns(ctx: LintContext): RawFinding[] {
  const { engine } = ctx;
  // Per identity: pods no policy can tell apart get the same answer.
  const blockedOf = new Map<number, Blocked>();
  const byPolicy = new Map<CompiledNetworkPolicy, { pods: PodEndpoint[]; blocked: Blocked }>();
  let resolved: ResolvedDnsTarget[] = [];
  withDnsTargets(ctx, (targets) => {
    resolved = targets;
    const dnsEndpoints = new Set<Endpoint>(targets.flatMap((t) => t.endpoints));
    for (const ep of ctx.endpoints) {
      if (ep.hostNetwork || dnsEndpoints.has(ep)) continue;
      const policies = engine.isolatingPolicies(ep, 'egress');
      // Pods whose egress allows nothing at all make no connections that need names.
      if (policies.length === 0 || policies.every((p) => p.rules.egress.length === 0)) continue;
      const id = engine.identityOf(ep).id;
      let blocked = blockedOf.get(id);
      if (!blocked) {
        blocked = new Map();
        for (const [i, t] of targets.entries()) {
          const missed = t.target.ports.filter((q) => !t.endpoints.some((d) => egressReaches(engine, ep, d, q, policies)));
          if (missed.length > 0) blocked.set(i, new Set(missed));
        }
        blockedOf.set(id, blocked);
      }
      if (blocked.size === 0) continue;
      const responsible = [...policies].sort((a, b) => Number(!isEmptySelector(a.podSelector)) - Number(!isEmptySelector(b.podSelector)) || a.ref.localeCompare(b.ref))[0]!;
      let entry = byPolicy.get(responsible);
      if (!entry) byPolicy.set(responsible, (entry = { pods: [], blocked: new Map() }));
      entry.pods.push(ep);
      for (const [i, ports] of blocked) entry.blocked.set(i, new Set([...(entry.blocked.get(i) ?? []), ...ports]));
    }
  });
  const out: RawFinding[] = [];
  for (const [policy, { pods, blocked }] of [...byPolicy].sort(([a], [b]) => a.ref.localeCompare(b.ref))) {
    const missed = resolved.flatMap((t, i) => {
      const ports = blocked.get(i);
      return ports ? [{ ...t, ports: t.target.ports.filter((q) => ports.has(q)) }] : [];
    });
    const udp = missed.some((t) => t.ports.some((q) => q.protocol === 'UDP'));
    const standIns = missed.flatMap((t) => (t.standIn && isDnsPods(t.target) ? [standInPortsText(t.target)] : []));
    const spec = policy.source.spec;
    const path = spec.egress !== undefined ? FieldPath.root('spec', 'egress') : spec.policyTypes !== undefined ? FieldPath.root('spec', 'policyTypes') : FieldPath.root('spec', 'podSelector');
    out.push({
      check: 'PAL006',
      object: policy.source,
      path,
      message:
        `${listed(pods.map((p) => p.ref), 4)} ${pods.length === 1 ? 'is' : 'are'} isolated for egress by this policy and allowed some egress, ` +
        `but cannot reach the cluster DNS ${missed.map((t) => `(${dnsTargetText(t.target)}) on ${t.ports.map(portQueryText).join(' and ')}`).join(', nor ')}: ` +
        (udp ? `${pods.length === 1 ? 'it' : 'they'} cannot resolve names` : 'DNS answers too large for UDP (retried over TCP) fail') +
        (standIns.length === 0
          ? ''
          : ` (the input has no DNS pods: checked against ${standIns.length === 1 ? 'a stand-in' : 'stand-ins'} with those labels, serving ${standIns.join('; ')})`),
      hint:
        `allow DNS in an egress rule of a policy selecting these pods, e.g. ${missed.map((t) => dnsRuleHint(t.target)).join('; and ')}` +
        '; if the cluster DNS is elsewhere, say where with lint.dns in .palisade.yaml',
    });
  }
  return out;
}

/**
 * Whether `ep`'s own egress admits `dns` on `q` (the DNS pods' ingress is
 * theirs to decide). A DNS endpoint with no IP (the stand-in, a workload's
 * template) is taken to be inside an ipBlock that holds every address, when
 * ipBlocks match pod IPs: whatever its pods' IPs, they are inside.
 */
function egressReaches(engine: Engine, ep: PodEndpoint, dns: Endpoint, q: DnsPort, policies: CompiledNetworkPolicy[]): boolean {
  if (engine.check(ep, dns, q, { reasons: false }).egress.allowed) return true;
  if (dns.kind === 'external' || dns.ips.length > 0 || !engine.ipBlockMatchesPods) return false;
  return policies.some((p) =>
    p.rules.egress.some(
      (r) => rulePortMatches(r, q, dns.namedPorts) && (r.peers ?? []).some((peer) => (peer.blocks ?? []).some((b) => b.except.length === 0 && b.cidr.text.endsWith('/0'))),
    ),
  );
}
