/**
 * PAL006 egress-blocks-dns: pods isolated for egress, whose rules let them
 * connect somewhere, but whose egress does not let them reach the cluster DNS
 * (pods labelled k8s-app=kube-dns in kube-system) on 53/UDP or 53/TCP.
 *
 * When the input has no DNS pods, the engine is asked about a stand-in: a pod
 * with those labels in kube-system, serving 53/UDP as `dns` and 53/TCP as
 * `dns-tcp`, with no IP. It is added to the engine for this check and removed
 * again before the check returns. As the stand-in has no IP (nor has a DNS
 * workload's template), an ipBlock that holds every address (0.0.0.0/0, ::/0
 * with no except) is taken to reach it when ipBlocks match pod IPs.
 */
import type { Engine } from '../../engine/engine.js';
import type { CompiledPolicy } from '../../engine/policies.js';
import { matchingPort, portQueryText } from '../../engine/ports.js';
import { isEmptySelector } from '../../engine/selectors.js';
import type { PodEndpoint, PortQuery } from '../../engine/types.js';
import { FieldPath } from '../../model/field-path.js';
import type { Pod } from '../../model/objects.js';
import { listed, type LintContext, type RawFinding } from './context.js';

export const DNS_NAMESPACE = 'kube-system';
export const DNS_LABELS = { 'k8s-app': 'kube-dns' } as const;
const STAND_IN_NAME = 'palisade-stand-in-cluster-dns';
const DNS_PORTS: readonly PortQuery[] = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

export function isClusterDns(ep: PodEndpoint): boolean {
  return ep.namespace === DNS_NAMESPACE && ep.labels['k8s-app'] === DNS_LABELS['k8s-app'] && !ep.hostNetwork;
}

function standInPod(name: string): Pod {
  const where = { file: '<cluster DNS stand-in>', line: 1, column: 1 };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: DNS_NAMESPACE, labels: { ...DNS_LABELS } },
    spec: {
      containers: [
        {
          name: 'coredns',
          ports: [
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          ],
        },
      ],
    },
    status: { phase: 'Running' },
    origin: { file: where.file, locate: () => where },
  };
}

/** Runs `use` with the cluster's DNS endpoints, adding the stand-in to the engine for the duration when there are none. */
function withClusterDns<T>(engine: Engine, known: PodEndpoint[], use: (dns: PodEndpoint[], standIn: boolean) => T): T {
  const dns = known.filter(isClusterDns);
  if (dns.length > 0) return use(dns, false);
  // A name no pod of the input has, so that removing the stand-in removes nothing else.
  let name = STAND_IN_NAME;
  for (let i = 2; engine.resolve(`${DNS_NAMESPACE}/${name}`); i++) name = `${STAND_IN_NAME}-${i}`;
  engine.apply({ op: 'upsert', object: standInPod(name) });
  try {
    const standIn = engine.resolve(`${DNS_NAMESPACE}/${name}`) as PodEndpoint;
    return use([standIn], true);
  } finally {
    engine.apply({ op: 'delete', kind: 'Pod', namespace: DNS_NAMESPACE, name });
  }
}

export function egressBlocksDns(ctx: LintContext): RawFinding[] {
  const { engine } = ctx;
  // Per identity: pods no policy can tell apart get the same answer.
  const blockedOf = new Map<number, PortQuery[]>();
  const byPolicy = new Map<CompiledPolicy, { pods: PodEndpoint[]; blocked: Set<string> }>();
  let standInUsed = false;
  withClusterDns(engine, ctx.endpoints, (dns, standIn) => {
    standInUsed = standIn;
    for (const ep of ctx.endpoints) {
      if (ep.hostNetwork || isClusterDns(ep)) continue;
      const policies = engine.isolatingPolicies(ep, 'egress');
      // Pods whose egress allows nothing at all make no connections that need names.
      if (policies.length === 0 || policies.every((p) => p.rules.egress.length === 0)) continue;
      const id = engine.identityOf(ep).id;
      let blocked = blockedOf.get(id);
      if (!blocked) {
        blocked = DNS_PORTS.filter((q) => !dns.some((d) => egressReaches(engine, ep, d, q, policies)));
        blockedOf.set(id, blocked);
      }
      if (blocked.length === 0) continue;
      const responsible = [...policies].sort((a, b) => Number(!isEmptySelector(a.podSelector)) - Number(!isEmptySelector(b.podSelector)) || a.ref.localeCompare(b.ref))[0]!;
      let entry = byPolicy.get(responsible);
      if (!entry) byPolicy.set(responsible, (entry = { pods: [], blocked: new Set() }));
      entry.pods.push(ep);
      for (const q of blocked) entry.blocked.add(portQueryText(q));
    }
  });
  const out: RawFinding[] = [];
  for (const [policy, { pods, blocked }] of [...byPolicy].sort(([a], [b]) => a.ref.localeCompare(b.ref))) {
    const ports = DNS_PORTS.map(portQueryText).filter((p) => blocked.has(p));
    const udp = blocked.has('53/UDP');
    const spec = policy.source.spec;
    const path = spec.egress !== undefined ? FieldPath.root('spec', 'egress') : spec.policyTypes !== undefined ? FieldPath.root('spec', 'policyTypes') : FieldPath.root('spec', 'podSelector');
    out.push({
      check: 'PAL006',
      object: policy.source,
      path,
      message:
        `${listed(pods.map((p) => p.ref), 4)} ${pods.length === 1 ? 'is' : 'are'} isolated for egress by this policy and allowed some egress, ` +
        `but cannot reach the cluster DNS (pods with k8s-app=kube-dns in kube-system) on ${ports.join(' and ')}: ` +
        (udp ? `${pods.length === 1 ? 'it' : 'they'} cannot resolve names` : 'DNS answers too large for UDP (retried over TCP) fail') +
        (standInUsed ? ' (the input has no DNS pods: checked against a stand-in with those labels, serving 53/UDP "dns" and 53/TCP "dns-tcp")' : ''),
      hint:
        'allow DNS in an egress rule of a policy selecting these pods, e.g. to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, ' +
        'podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]',
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
function egressReaches(engine: Engine, ep: PodEndpoint, dns: PodEndpoint, q: PortQuery, policies: CompiledPolicy[]): boolean {
  if (engine.check(ep, dns, q, { reasons: false }).egress.allowed) return true;
  if (dns.ips.length > 0 || !engine.ipBlockMatchesPods) return false;
  return policies.some((p) =>
    p.rules.egress.some(
      (r) => matchingPort(r.ports, q, dns.namedPorts) !== -1 && (r.peers ?? []).some((peer) => peer.ipBlock && peer.ipBlock.except.length === 0 && peer.ipBlock.cidr.text.endsWith('/0')),
    ),
  );
}
