/**
 * The cluster DNS: what PAL006 requires egress to reach, and what PAL002
 * counts as present in every cluster. A target is DNS pods (a namespace and
 * the labels they carry) or an address (NodeLocal DNSCache's 169.254.20.10),
 * with the ports it serves. `lint.dns` in `.palisade.yaml` replaces the
 * default, kube-dns in kube-system on 53/UDP and 53/TCP.
 *
 * When the input has no pod or workload for a pods target (a repository's
 * manifests rarely include kube-system), the engine is asked about a stand-in:
 * a pod with the target's labels in its namespace, serving its ports, with no
 * IP. Stand-ins exist in the engine only while a check runs, so PAL002 and
 * PAL006 judge the same cluster DNS.
 */
import type { Engine } from '../../engine/engine.js';
import { portQueryText } from '../../engine/ports.js';
import { endpointsSelected } from '../../engine/selections.js';
import type { Endpoint, PortQuery } from '../../engine/types.js';
import type { Labels, Pod } from '../../model/objects.js';
import { labelsText } from '../../model/selector-text.js';
import { flowSelector, type LintContext } from './context.js';

/** DNS is served over UDP, and over TCP for answers too large for UDP. */
export interface DnsPort extends PortQuery {
  protocol: 'UDP' | 'TCP';
}

export interface DnsPods {
  namespace: string;
  /** The labels the DNS pods carry; `{}` is every pod of the namespace. */
  labels: Labels;
  ports: DnsPort[];
}

export interface DnsAddress {
  /** Canonical IP text. */
  ip: string;
  ports: DnsPort[];
}

export type DnsTarget = DnsPods | DnsAddress;

export const DEFAULT_DNS_TARGETS: readonly DnsTarget[] = [
  {
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-dns' },
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  },
];

/** A target as this run sees it: the input's endpoints for it, or a stand-in. */
export interface ResolvedDnsTarget {
  target: DnsTarget;
  endpoints: Endpoint[];
  standIn: boolean;
}

const STAND_IN_NAME = 'palisade-stand-in-cluster-dns';

export function isDnsPods(t: DnsTarget): t is DnsPods {
  return 'namespace' in t;
}

/** `pods with k8s-app=kube-dns in kube-system`, `169.254.20.10`. */
export function dnsTargetText(t: DnsTarget): string {
  if (!isDnsPods(t)) return t.ip;
  return Object.keys(t.labels).length === 0 ? `pods in ${t.namespace}` : `pods with ${labelsText(t.labels)} in ${t.namespace}`;
}

/** An egress rule that reaches the target, for hints: `to: [...], ports: [...]`. */
export function dnsRuleHint(t: DnsTarget): string {
  const ports = `ports: [${t.ports.map((q) => `{protocol: ${q.protocol}, port: ${q.port}}`).join(', ')}]`;
  if (!isDnsPods(t)) return `to: [{ipBlock: {cidr: ${t.ip}/${t.ip.includes(':') ? 128 : 32}}}], ${ports}`;
  const pods = Object.keys(t.labels).length > 0 ? `, podSelector: ${flowSelector({ matchLabels: t.labels })}` : '';
  return `to: [{namespaceSelector: ${flowSelector({ matchLabels: { 'kubernetes.io/metadata.name': t.namespace } })}${pods}}], ${ports}`;
}

/**
 * The stand-in's container ports: the first port number is named as CoreDNS
 * names 53 (and OpenShift's dns-default 5353), `dns` for UDP and `dns-tcp`
 * for TCP, so that rules with those named ports reach it; others get the
 * number appended.
 */
function standInPorts(t: DnsPods): { name: string; containerPort: number; protocol: 'UDP' | 'TCP' }[] {
  const first = t.ports[0]?.port;
  return t.ports.map((q) => {
    const name = q.protocol === 'UDP' ? 'dns' : 'dns-tcp';
    return { name: q.port === first ? name : `${name}-${q.port}`, containerPort: q.port, protocol: q.protocol };
  });
}

/** `53/UDP "dns" and 53/TCP "dns-tcp"`: what a stand-in serves, for messages. */
export function standInPortsText(t: DnsPods): string {
  return standInPorts(t)
    .map((p) => `${portQueryText({ protocol: p.protocol, port: p.containerPort })} "${p.name}"`)
    .join(' and ');
}

function standInPod(t: DnsPods, name: string): Pod {
  const where = { file: '<cluster DNS stand-in>', line: 1, column: 1 };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: t.namespace, labels: { ...t.labels } },
    spec: { containers: [{ name: 'dns', ports: standInPorts(t) }] },
    status: { phase: 'Running' },
    origin: { file: where.file, locate: () => where },
  };
}

/** A pod name no endpoint of the namespace has, so that removing the stand-in removes nothing else. */
function freeName(engine: Engine, namespace: string): string {
  let name = STAND_IN_NAME;
  for (let i = 2; engine.resolve(`${namespace}/${name}`); i++) name = `${STAND_IN_NAME}-${i}`;
  return name;
}

/**
 * Runs `use` with the configured DNS targets resolved: pods targets to the
 * input's matching pods and workloads (not host-network), or to a stand-in
 * added to the engine for the duration; addresses to what the engine makes of
 * them (a pod's IP, or an address outside).
 */
export function withDnsTargets<T>(ctx: LintContext, use: (targets: ResolvedDnsTarget[]) => T): T {
  const { engine } = ctx;
  const added: { namespace: string; name: string }[] = [];
  try {
    const targets = ctx.dnsTargets.map((target): ResolvedDnsTarget => {
      if (!isDnsPods(target)) return { target, endpoints: [engine.resolve(target.ip)!], standIn: false };
      const selector = { matchLabels: target.labels };
      const known = endpointsSelected(selector, ctx.endpoints).filter((ep) => ep.namespace === target.namespace && !ep.hostNetwork);
      if (known.length > 0) return { target, endpoints: known, standIn: false };
      const name = freeName(engine, target.namespace);
      engine.apply({ op: 'upsert', object: standInPod(target, name) });
      added.push({ namespace: target.namespace, name });
      return { target, endpoints: [engine.resolve(`${target.namespace}/${name}`)!], standIn: true };
    });
    return use(targets);
  } finally {
    for (const { namespace, name } of added.reverse()) engine.apply({ op: 'delete', kind: 'Pod', namespace, name });
  }
}
