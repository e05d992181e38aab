/**
 * The reference evaluator: NetworkPolicy v1, ClusterNetworkPolicy v1alpha2
 * and AdminNetworkPolicy/BaselineAdminNetworkPolicy v1alpha1 as DESIGN.md
 * and the README state them, rule by rule, for one pair of endpoints
 * at a time. No indexes, no caching, no
 * identities: every question walks every policy, rule, peer and port. It is
 * slow on purpose and exists so that property tests can hold the fast engine
 * to it. It shares no code with the engine (types only).
 */
import type { Cluster } from '../engine/cluster.js';
import type { Endpoint, NamedPort, PodEndpoint, PortQuery, Protocol } from '../engine/types.js';
import type {
  AdminNetworkPolicy,
  AdminNetworkPolicyPort,
  ClusterNetworkPolicyPeer,
  ClusterNetworkPolicyProtocol,
  ClusterNetworkPolicySubject,
  Container,
  IPBlock,
  Labels,
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  OwnerReference,
  Pod,
  PodSpec,
  Workload,
} from '../model/objects.js';
import { formatGoIP, networkContains, networkOf, parseCIDRSloppy, parseIPSloppy } from '../validation/ip-text.js';

export interface ReferenceSide {
  /** Whether a NetworkPolicy isolates the endpoint. */
  isolated: boolean;
  allowed: boolean;
  /** The tier that decided: `default` when none did. */
  tier: 'admin' | 'namespace' | 'baseline' | 'default';
  /** 'cnpName#ingress#3' for the ClusterNetworkPolicy rule that decided (Accept or Deny), if one did. */
  decidedBy?: string;
  /** 'policyNs/policyName#ingress#3' for every rule that allows. */
  allowingRules: string[];
  /** Every rule of every isolating policy, with which of its peers and port entries match. */
  rules: ReferenceRule[];
}

export interface ReferenceRule {
  /** 'policyNs/policyName#ingress#3'. */
  ref: string;
  /** Per peer of the rule, whether it matches the other end; null when the rule lists no peers. */
  peers: boolean[] | null;
  /** Per port entry, whether it matches; null when the rule lists no ports. */
  ports: boolean[] | null;
}

export interface ReferenceVerdict {
  allowed: boolean;
  egress: ReferenceSide;
  ingress: ReferenceSide;
}

export interface ReferenceOptions {
  /** ipBlock peers match pod IPs too (default true). When false they match only external and host-network endpoints. */
  ipBlockMatchesPods?: boolean;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const IGNORED_PHASES = ['Succeeded', 'Failed'];

// ---------------------------------------------------------------------------
// Endpoints

/**
 * Every pod not in phase Succeeded or Failed, naming the workload it belongs
 * to (the last workload of the input reached by following controller owner
 * references up from the pod); then one endpoint per workload that no such
 * pod belongs to, directly or through the workloads it controls, and that no
 * workload of the input controls.
 */
export function referenceEndpoints(cluster: Cluster): PodEndpoint[] {
  const out: PodEndpoint[] = [];
  const withPods = new Set<Workload>();
  for (const pod of cluster.pods) {
    if (IGNORED_PHASES.includes(pod.status.phase ?? '')) continue;
    const endpoint = podEndpoint(pod);
    const seen: Workload[] = [];
    for (let w = controllerIn(cluster, pod.metadata.namespace ?? 'default', pod.metadata.ownerReferences); w && !seen.includes(w); w = controllerIn(cluster, w.metadata.namespace ?? 'default', w.metadata.ownerReferences)) {
      seen.push(w);
      withPods.add(w);
    }
    const top = seen[seen.length - 1];
    if (top) endpoint.owner = `${top.metadata.namespace ?? 'default'}/${top.kind.toLowerCase()}/${top.metadata.name}`;
    out.push(endpoint);
  }
  for (const w of cluster.workloads) {
    if (withPods.has(w) || controllerIn(cluster, w.metadata.namespace ?? 'default', w.metadata.ownerReferences)) continue;
    out.push(workloadEndpoint(w));
  }
  return out;
}

/** The workload of the input that an object's controller owner reference names, in its namespace. */
function controllerIn(cluster: Cluster, namespace: string, references: OwnerReference[] | undefined): Workload | undefined {
  const controller = references?.find((r) => r.controller === true);
  if (!controller) return undefined;
  return cluster.workloads.find((w) => (w.metadata.namespace ?? 'default') === namespace && w.kind === controller.kind && w.metadata.name === controller.name);
}

function podEndpoint(pod: Pod): PodEndpoint {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const endpoint: PodEndpoint = {
    kind: 'pod',
    ref: `${namespace}/${name}`,
    namespace,
    name,
    labels: { ...(pod.metadata.labels ?? {}) },
    ips: podIPs(pod),
    hostNetwork: pod.spec.hostNetwork === true,
    namedPorts: namedPortsOf(pod.spec),
  };
  if (pod.spec.nodeName) endpoint.node = pod.spec.nodeName;
  return endpoint;
}

function workloadEndpoint(w: Workload): PodEndpoint {
  const namespace = w.metadata.namespace ?? 'default';
  const name = w.metadata.name ?? '';
  const endpoint: PodEndpoint = {
    kind: 'workload',
    ref: `${namespace}/${w.kind.toLowerCase()}/${name}`,
    namespace,
    name,
    labels: { ...(w.template.metadata.labels ?? {}) },
    ips: [],
    hostNetwork: w.template.spec.hostNetwork === true,
    namedPorts: namedPortsOf(w.template.spec),
    replicas: w.replicas ?? 1,
  };
  if (w.template.spec.nodeName) endpoint.node = w.template.spec.nodeName;
  return endpoint;
}

/** `status.podIPs[].ip` when present, else `status.podIP`; canonical text; unparsable ones dropped. */
function podIPs(pod: Pod): string[] {
  const texts: string[] = [];
  if (pod.status.podIPs && pod.status.podIPs.length > 0) {
    for (const entry of pod.status.podIPs) texts.push(entry.ip);
  } else if (pod.status.podIP) {
    texts.push(pod.status.podIP);
  }
  const out: string[] = [];
  for (const text of texts) {
    const canonical = canonicalIP(text);
    if (canonical !== undefined && !out.includes(canonical)) out.push(canonical);
  }
  return out;
}

/** Named container ports of the containers and of sidecars (init containers with restartPolicy Always). */
function namedPortsOf(spec: PodSpec): NamedPort[] {
  const containers: Container[] = [];
  for (const c of spec.containers ?? []) containers.push(c);
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy === 'Always') containers.push(c);
  }
  const out: NamedPort[] = [];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (!p.name) continue;
      out.push({ name: p.name, protocol: (p.protocol || 'TCP') as Protocol, port: p.containerPort });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Verdicts

/** Decides one connection from `from` to `to` on `q`, literally. */
export function referenceCheck(
  cluster: Cluster,
  from: Endpoint,
  to: Endpoint,
  q: PortQuery,
  opts: ReferenceOptions = {},
): ReferenceVerdict {
  const ipBlockMatchesPods = opts.ipBlockMatchesPods ?? true;
  const egress = referenceSide(cluster, 'egress', from, to, to, q, ipBlockMatchesPods);
  const ingress = referenceSide(cluster, 'ingress', to, from, to, q, ipBlockMatchesPods);

  // A pod cannot block traffic to itself; a workload of one replica is one pod.
  const self = from.kind !== 'external' && to.kind !== 'external' && from.ref === to.ref && (from.kind === 'pod' || runsOnePod(cluster, from));
  if (self) {
    for (const side of [egress, ingress]) {
      side.allowed = true;
      side.allowingRules = [];
      side.tier = 'default';
      delete side.decidedBy;
    }
  }
  return { allowed: egress.allowed && ingress.allowed, egress, ingress };
}

/** A Deployment, StatefulSet, ReplicaSet or ReplicationController with replicas 1 (the default). */
function runsOnePod(cluster: Cluster, ep: PodEndpoint): boolean {
  const w = cluster.workloads.find((x) => `${x.metadata.namespace ?? 'default'}/${x.kind.toLowerCase()}/${x.metadata.name}` === ep.ref);
  return w !== undefined && ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(w.kind) && (w.replicas ?? 1) === 1;
}

/**
 * One side: `subject` is the endpoint whose policies decide (the source for
 * egress, the destination for ingress); `peer` is the other end; `destination`
 * resolves named ports. Self and node-local traffic are not special here.
 */
export function referenceSide(
  cluster: Cluster,
  direction: 'ingress' | 'egress',
  subject: Endpoint,
  peer: Endpoint,
  destination: Endpoint,
  q: PortQuery,
  ipBlockMatchesPods: boolean,
): ReferenceSide {
  // An external endpoint has no policies; host-network pods are not selected.
  if (subject.kind === 'external' || subject.hostNetwork) {
    return { isolated: false, allowed: true, tier: 'default', allowingRules: [], rules: [] };
  }
  const matches = (rule: ClusterRule) => clusterRuleMatches(cluster, rule, peer, destination, q);
  const namespaceTier = networkPolicySide(cluster, direction, subject, peer, destination, q, ipBlockMatchesPods);
  const isolated = namespaceTier.isolated;
  // The admin tier: the first rule that matches decides, unless it passes to the NetworkPolicies.
  const admin = firstClusterRule(cluster, 'Admin', direction, subject, matches);
  if (admin && admin.action !== 'Pass') return { isolated, allowed: admin.action === 'Accept' || admin.action === 'Allow', tier: 'admin', decidedBy: admin.ref, allowingRules: [], rules: [] };
  // NetworkPolicy always allows traffic between a pod and a host-network pod of its own node.
  const nodeLocal = peer.kind === 'pod' && peer.hostNetwork && subject.node !== undefined && subject.node !== '' && subject.node === peer.node;
  if (isolated && nodeLocal) return { ...namespaceTier, allowed: true, allowingRules: [] };
  if (isolated) return namespaceTier;
  // The baseline tier: the first rule that matches decides; Pass leaves it to the default.
  const baseline = firstClusterRule(cluster, 'Baseline', direction, subject, matches);
  if (baseline && baseline.action !== 'Pass') return { isolated, allowed: baseline.action === 'Accept' || baseline.action === 'Allow', tier: 'baseline', decidedBy: baseline.ref, allowingRules: [], rules: [] };
  return namespaceTier;
}

/** The NetworkPolicies' decision of a side: isolated or not, and the rules that allow. */
function networkPolicySide(
  cluster: Cluster,
  direction: 'ingress' | 'egress',
  subject: PodEndpoint,
  peer: Endpoint,
  destination: Endpoint,
  q: PortQuery,
  ipBlockMatchesPods: boolean,
): ReferenceSide {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  let isolated = false;
  const allowingRules: string[] = [];
  const rules: ReferenceRule[] = [];
  for (const policy of cluster.policies) {
    if (!policySelects(policy, subject)) continue;
    if (!effectivePolicyTypes(policy).includes(type)) continue;
    isolated = true;
    const policyNamespace = policy.metadata.namespace ?? 'default';
    const policyRef = `${policyNamespace}/${policy.metadata.name}`;
    const written = direction === 'ingress' ? (policy.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })) : (policy.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
    for (let i = 0; i < written.length; i++) {
      const rule = written[i]!;
      const ref = `${policyRef}#${direction}#${i}`;
      const peers = rule.peers === undefined || rule.peers.length === 0 ? null : rule.peers.map((p) => referencePeerMatches(cluster, policyNamespace, p, peer, ipBlockMatchesPods));
      const ports = rule.ports === undefined || rule.ports.length === 0 ? null : rule.ports.map((entry) => referencePortMatches(entry, destination, q));
      rules.push({ ref, peers, ports });
      // Rule 6 and 7: a missing or empty list matches all; otherwise some entry must match.
      if ((peers === null || peers.includes(true)) && (ports === null || ports.includes(true))) allowingRules.push(ref);
    }
  }
  if (!isolated) return { isolated: false, allowed: true, tier: 'default', allowingRules: [], rules: [] };
  return { isolated: true, allowed: allowingRules.length > 0, tier: 'namespace', allowingRules, rules };
}

// ---------------------------------------------------------------------------
// ClusterNetworkPolicy

interface ClusterRule {
  /** 'cnpName#ingress#3', 'AdminNetworkPolicy/name#egress#0'. */
  ref: string;
  /** As written: Accept, Deny, Pass; Allow in the v1alpha1 kinds. */
  action: string;
  peers: ClusterNetworkPolicyPeer[];
  /** Whether the rule's ports (all when it lists none) take the port on the destination. */
  portMatches: (destination: Endpoint, q: PortQuery) => boolean;
}

/** A ClusterNetworkPolicy, an AdminNetworkPolicy or the BaselineAdminNetworkPolicy, as the tier walk reads it. */
interface TieredPolicyRead {
  /** Its ref: the name of a ClusterNetworkPolicy, `Kind/name` for the v1alpha1 kinds. */
  ref: string;
  v1alpha1: boolean;
  priority: number;
  subject: ClusterNetworkPolicySubject;
  rules: Record<'ingress' | 'egress', ClusterRule[]>;
}

/**
 * The policies of a tier: ClusterNetworkPolicies of that tier, with the
 * AdminNetworkPolicies in the Admin tier and the BaselineAdminNetworkPolicy,
 * as priority 1000, in the Baseline tier.
 */
function tierPolicies(cluster: Cluster, tier: string): TieredPolicyRead[] {
  const rules = <R extends { action: string }>(ref: string, direction: 'ingress' | 'egress', list: R[] | undefined, peers: (r: R) => ClusterNetworkPolicyPeer[], ports: (r: R) => ClusterRule['portMatches']) =>
    (list ?? []).map((r, i) => ({ ref: `${ref}#${direction}#${i}`, action: r.action, peers: peers(r), portMatches: ports(r) }));
  const v2 = cluster.clusterPolicies
    .filter((p) => p.spec.tier === tier)
    .map((p) => {
      const ref = p.metadata.name ?? '';
      const ports = (r: { protocols?: ClusterNetworkPolicyProtocol[] }): ClusterRule['portMatches'] => (d, q) => r.protocols === undefined || r.protocols.some((x) => clusterProtocolMatches(x, d, q));
      return { ref, v1alpha1: false, priority: p.spec.priority, subject: p.spec.subject, rules: { ingress: rules(ref, 'ingress', p.spec.ingress, (r) => r.from, ports), egress: rules(ref, 'egress', p.spec.egress, (r) => r.to, ports) } };
    });
  const v1 = cluster.adminPolicies
    .filter((p) => (p.kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline') === tier)
    .map((p) => {
      const ref = `${p.kind}/${p.metadata.name ?? ''}`;
      const ports = (r: { ports?: AdminNetworkPolicyPort[] }): ClusterRule['portMatches'] => (d, q) => r.ports === undefined || r.ports.some((x) => adminPortMatches(x, d, q));
      const priority = p.kind === 'AdminNetworkPolicy' ? p.spec.priority : 1000;
      const spec = p.spec as AdminNetworkPolicy['spec'];
      return { ref, v1alpha1: true, priority, subject: spec.subject, rules: { ingress: rules(ref, 'ingress', spec.ingress, (r) => r.from, ports), egress: rules(ref, 'egress', spec.egress, (r) => r.to, ports) } };
    });
  return [...v2, ...v1];
}

/**
 * The first rule of a tier that matches, walking its policies whose subject
 * holds the endpoint by priority (lower first; at equal priority
 * ClusterNetworkPolicies before the v1alpha1 kinds, then by name), each
 * policy's rules in order.
 */
function firstClusterRule(cluster: Cluster, tier: string, direction: 'ingress' | 'egress', subject: PodEndpoint, matches: (rule: ClusterRule) => boolean): ClusterRule | undefined {
  const policies = tierPolicies(cluster, tier)
    .filter((p) => clusterSubjectHolds(cluster, p.subject, subject))
    .sort((a, b) => a.priority - b.priority || Number(a.v1alpha1) - Number(b.v1alpha1) || (a.ref < b.ref ? -1 : 1));
  for (const policy of policies) for (const rule of policy.rules[direction]) if (matches(rule)) return rule;
  return undefined;
}

/** The subject: pods (never host-network ones) in the namespaces selected, with the pod labels selected. */
function clusterSubjectHolds(cluster: Cluster, written: ClusterNetworkPolicySubject, subject: PodEndpoint): boolean {
  const { namespaces, pods } = written;
  const nsLabels = namespaceLabels(cluster, subject.namespace);
  if (namespaces) return selectorMatches(namespaces, nsLabels);
  return selectorMatches(pods!.namespaceSelector ?? {}, nsLabels) && selectorMatches(pods!.podSelector, subject.labels);
}

/** A rule matches when one of its peers matches the other end and, when it lists protocols, one of them the port. */
function clusterRuleMatches(cluster: Cluster, rule: ClusterRule, other: Endpoint, destination: Endpoint, q: PortQuery): boolean {
  return rule.peers.some((p) => clusterPeerMatches(cluster, p, other)) && rule.portMatches(destination, q);
}

/** Namespaces and pods peers match pods (not host-network ones); networks match any address, pod IPs included. */
function clusterPeerMatches(cluster: Cluster, peer: ClusterNetworkPolicyPeer, other: Endpoint): boolean {
  if (peer.networks) {
    const ips = other.kind === 'external' ? [other.ip] : other.ips;
    return ips.some((ip) => peer.networks!.some((cidr) => ipBlockContains({ cidr }, ip)));
  }
  if (peer.nodes) {
    // The addresses in the status of the Nodes selected, InternalIP and ExternalIP.
    const ips = other.kind === 'external' ? [other.ip] : other.ips;
    const nodeIPs = cluster.nodes
      .filter((n) => selectorMatches(peer.nodes!, n.metadata.labels ?? {}))
      .flatMap((n) => (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP').map((a) => a.address));
    const mine = new Set(ips.map(canonicalIP).filter((ip) => ip !== undefined));
    return nodeIPs.some((nodeIP) => mine.has(canonicalIP(nodeIP)!));
  }
  if (peer.domainNames) return false; // names cannot be resolved offline
  if (other.kind === 'external' || other.hostNetwork) return false;
  const nsLabels = namespaceLabels(cluster, other.namespace);
  if (peer.namespaces) return selectorMatches(peer.namespaces, nsLabels);
  if (peer.pods) return selectorMatches(peer.pods.namespaceSelector ?? {}, nsLabels) && selectorMatches(peer.pods.podSelector, other.labels);
  return false;
}

/** Canonical text of an IP as the engine should print it. */
export function canonicalIP(text: string): string | undefined {
  const parsed = parseIPSloppy(text);
  return parsed ? formatGoIP(parsed.ip) : undefined;
}

/** A protocol entry: its protocol and port (a number, a range, or none: every port), or a named port on the destination, whatever its protocol. */
function clusterProtocolMatches(p: ClusterNetworkPolicyProtocol, destination: Endpoint, q: PortQuery): boolean {
  if (p.destinationNamedPort !== undefined) {
    if (destination.kind === 'external') return false;
    return destination.namedPorts.some((n) => n.name === p.destinationNamedPort && n.protocol === q.protocol && n.port === q.port);
  }
  const [protocol, match] = p.tcp ? ['TCP', p.tcp] : p.udp ? ['UDP', p.udp] : ['SCTP', p.sctp];
  if (protocol !== q.protocol) return false;
  const port = match?.destinationPort;
  if (port === undefined) return true;
  if (port.range) return port.range.start <= q.port && q.port <= port.range.end;
  return port.number === q.port;
}

/**
 * A v1alpha1 port entry: a protocol (any string; only TCP, UDP and SCTP are
 * ever asked) and a port or an inclusive range, or a named port on the
 * destination, whatever its protocol.
 */
function adminPortMatches(p: AdminNetworkPolicyPort, destination: Endpoint, q: PortQuery): boolean {
  if (p.namedPort !== undefined) return destination.kind !== 'external' && destination.namedPorts.some((n) => n.name === p.namedPort && n.protocol === q.protocol && n.port === q.port);
  // The CRD defaults a missing protocol to TCP.
  if (p.portRange) return (p.portRange.protocol ?? 'TCP') === q.protocol && p.portRange.start <= q.port && q.port <= p.portRange.end;
  return (p.portNumber!.protocol ?? 'TCP') === q.protocol && p.portNumber!.port === q.port;
}

/** Rule 1: pods of the policy's namespace whose labels match spec.podSelector. */
function policySelects(policy: NetworkPolicy, subject: PodEndpoint): boolean {
  const policyNamespace = policy.metadata.namespace ?? 'default';
  return subject.namespace === policyNamespace && selectorMatches(policy.spec.podSelector, subject.labels);
}

/** Rule 2: policyTypes when given and non-empty; otherwise Ingress, plus Egress when there are egress rules. */
function effectivePolicyTypes(policy: NetworkPolicy): string[] {
  const given = policy.spec.policyTypes;
  if (given !== undefined && given.length > 0) return given;
  const egress = policy.spec.egress;
  if (egress !== undefined && egress.length > 0) return ['Ingress', 'Egress'];
  return ['Ingress'];
}

/** Rule 6: whether one peer matches the other end. */
export function referencePeerMatches(
  cluster: Cluster,
  policyNamespace: string,
  peer: NetworkPolicyPeer,
  other: Endpoint,
  ipBlockMatchesPods: boolean,
): boolean {
  if (peer.ipBlock !== undefined) {
    if (other.kind === 'external') return ipBlockContains(peer.ipBlock, other.ip);
    if (!other.hostNetwork && !ipBlockMatchesPods) return false;
    // A pod with several IPs (dual stack) matches when any one of them is inside the block.
    for (const ip of other.ips) {
      if (ipBlockContains(peer.ipBlock, ip)) return true;
    }
    return false;
  }
  // Selectors match pods (and workloads) only, and never host-network ones.
  if (other.kind === 'external' || other.hostNetwork) return false;
  if (peer.podSelector !== undefined && peer.namespaceSelector !== undefined) {
    return (
      selectorMatches(peer.namespaceSelector, namespaceLabels(cluster, other.namespace)) &&
      selectorMatches(peer.podSelector, other.labels)
    );
  }
  if (peer.podSelector !== undefined) {
    return other.namespace === policyNamespace && selectorMatches(peer.podSelector, other.labels);
  }
  if (peer.namespaceSelector !== undefined) {
    return selectorMatches(peer.namespaceSelector, namespaceLabels(cluster, other.namespace));
  }
  return false; // a peer with nothing in it: invalid, never given to us
}

/** Inside `cidr` and inside none of `except` (net.IPNet.Contains). */
function ipBlockContains(block: IPBlock, ipText: string): boolean {
  const ip = parseIPSloppy(ipText);
  if (!ip) return false;
  if (!cidrContains(block.cidr, ip.ip)) return false;
  for (const except of block.except ?? []) {
    if (cidrContains(except, ip.ip)) return false;
  }
  return true;
}

function cidrContains(cidrText: string, ip: readonly number[]): boolean {
  const cidr = parseCIDRSloppy(cidrText);
  if (!cidr) return false;
  return networkContains(networkOf(cidr), ip);
}

/** Rule 9: the namespace object's labels plus kubernetes.io/metadata.name; only that label without an object. */
function namespaceLabels(cluster: Cluster, name: string): Labels {
  for (const ns of cluster.namespaces) {
    if (ns.metadata.name === name) return { ...(ns.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
  }
  return { [NAMESPACE_NAME_LABEL]: name };
}

/** Rule 7: one port entry; a named port is resolved on the destination. */
export function referencePortMatches(entry: NetworkPolicyPort, destination: Endpoint, q: PortQuery): boolean {
  const protocol = entry.protocol ?? 'TCP';
  if (protocol !== q.protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') {
    if (entry.endPort !== undefined) return entry.port <= q.port && q.port <= entry.endPort;
    return entry.port === q.port;
  }
  // A named port, resolved on the destination; an external destination has none.
  if (destination.kind === 'external') return false;
  for (const named of destination.namedPorts) {
    if (named.name === entry.port && named.protocol === protocol && named.port === q.port) return true;
  }
  return false;
}

/** Rule 8: matchLabels all equal, and every matchExpressions item holds. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const key of Object.keys(selector.matchLabels ?? {})) {
    if (!Object.hasOwn(labels, key) || labels[key] !== selector.matchLabels![key]) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!present || !values.includes(labels[req.key]!)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[req.key]!)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false; // an unknown operator: invalid, never given to us
    }
  }
  return true;
}
