/**
 * fast-check arbitraries for random but valid clusters, built as the loader
 * builds objects. Vocabularies are small so that selectors, ports and ipBlocks
 * often match and often just miss: the interesting cases are the near ones.
 */
import fc from 'fast-check';
import type { Cluster } from '../engine/cluster.js';
import { PROTOCOLS, type PortQuery } from '../engine/types.js';
import { FieldPath } from '../model/field-path.js';
import { isKind, KINDS, WORKLOAD_KINDS } from '../model/kinds.js';
import {
  type AdminNetworkPolicy,
  type AdminNetworkPolicyPort,
  type AdminNetworkPolicySpec,
  type BaselineAdminNetworkPolicy,
  type BaselineAdminNetworkPolicySpec,
  type ClusterNetworkPolicy,
  type ClusterNetworkPolicyPeer,
  type ClusterNetworkPolicyProtocol,
  type ClusterNetworkPolicySpec,
  type ClusterPolicyAction,
  type ClusterPolicyTier,
  type Container,
  type ContainerPort,
  type IPBlock,
  type KubeObject,
  type Labels,
  type LabelSelector,
  type LabelSelectorRequirement,
  type Namespace,
  type Node,
  type NamespacedPod,
  type NetworkPolicy,
  type NetworkPolicyEgressRule,
  type NetworkPolicyIngressRule,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type NetworkPolicySpec,
  type ObjectMeta,
  type Origin,
  type Pod,
  type PodSpec,
  type PodStatus,
  type Workload,
  type WorkloadKind,
} from '../model/objects.js';
import { formatGoIP, networkOf, parseCIDRSloppy } from '../validation/ip-text.js';
import { canonicalIP, selectorMatches } from './evaluator.js';

export const GEN_ORIGIN: Origin = { file: 'gen.yaml', locate: () => ({ file: 'gen.yaml', line: 1, column: 1 }) };

export const NAMESPACE_NAMES = ['default', 'shop', 'ops'] as const;
export const NODE_NAMES = ['node-1', 'node-2'] as const;
const NODE_IPS: Record<string, string> = { 'node-1': '172.16.0.1', 'node-2': '172.16.0.2' };
/** An ExternalIP a Node may also have: no pod's, so only a `nodes` peer (or a block) matches it. */
const NODE_EXTERNAL_IPS: Record<string, string> = { 'node-1': '198.51.100.1', 'node-2': '198.51.100.2' };
const NODE_LABELS: Record<string, string[]> = { role: ['worker', 'infra'], zone: ['z1', 'z2'] };

/** Pod label keys and values; selectors also ask for values no pod has. */
const POD_LABELS: Record<string, string[]> = { app: ['web', 'db', 'api'], tier: ['front', 'back'], team: ['a', 'b'] };
const POD_SELECTOR_LABELS: Record<string, string[]> = { ...POD_LABELS, app: [...POD_LABELS['app']!, 'cache'], zone: ['z1'] };
const NS_LABELS: Record<string, string[]> = { team: ['a', 'b'], env: ['prod', 'dev'] };
const NS_SELECTOR_LABELS: Record<string, string[]> = {
  ...NS_LABELS,
  'kubernetes.io/metadata.name': [...NAMESPACE_NAMES, 'other'],
};

export const PORT_NAMES = ['http', 'dns', 'metrics', 'grpc'] as const;
export const PORT_NUMBERS = [53, 80, 443, 8080, 9090] as const;

// ---------------------------------------------------------------------------
// Addresses: IPv4 as 4 bytes, IPv6 as 16; texts in canonical form.

type Bytes = number[];

/** 10.0.a.b, the pod network. */
const podV4 = (a: number, b: number): Bytes => [10, 0, a, b];
/** fd00::a:b, the pod network (IPv6). */
const podV6 = (a: number, b: number): Bytes => [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, a, 0, b];
const EXTERNAL_V4: Bytes[] = [
  [192, 168, 1, 10],
  [192, 168, 1, 200],
  [8, 8, 8, 8],
  [1, 1, 1, 1],
  [10, 1, 0, 5],
  [10, 0, 3, 250],
];
const EXTERNAL_V6: Bytes[] = [
  [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5],
  [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 9],
];

function textOf(ip: Bytes): string {
  if (ip.length === 4) return ip.join('.');
  return formatGoIP(ip);
}


function mask(ip: Bytes, bits: number): Bytes {
  return ip.map((b, i) => {
    const ones = Math.min(8, Math.max(0, bits - 8 * i));
    return b & ((0xff << (8 - ones)) & 0xff);
  });
}

/** Some address inside `net/bits`: keeps the network bits, takes the host bits from `seed`. */
function inside(net: Bytes, bits: number, seed: Bytes): Bytes {
  const m = mask(net.map(() => 0xff), bits);
  return net.map((b, i) => (b & m[i]!) | ((seed[i] ?? 0) & ~m[i]! & 0xff));
}

const v4PodAddress = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 30 })).map(([a, b]) => podV4(a, b));
const v6PodAddress = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 30 })).map(([a, b]) => podV6(a, b));
const v4SeedAddress = fc.oneof({ weight: 3, arbitrary: v4PodAddress }, fc.constantFrom(...EXTERNAL_V4));
const v6SeedAddress = fc.oneof({ weight: 3, arbitrary: v6PodAddress }, fc.constantFrom(...EXTERNAL_V6));

/** A valid CIDR (no host bits) around a seed address, and `except` entries strictly inside it. */
function ipBlockArb(family: 4 | 6): fc.Arbitrary<IPBlock> {
  const seed = family === 4 ? v4SeedAddress : v6SeedAddress;
  const prefixes = family === 4 ? [0, 8, 16, 20, 24, 26, 28, 30, 31, 32] : [0, 8, 16, 64, 100, 112, 120, 124, 126, 128];
  const max = family === 4 ? 32 : 128;
  return fc
    .record({
      base: seed,
      bits: fc.constantFrom(...prefixes),
      excepts: fc.array(fc.record({ seed, extra: fc.integer({ min: 1, max: 12 }) }), { maxLength: 2 }),
      withoutExceptField: fc.boolean(),
    })
    .map(({ base, bits, excepts, withoutExceptField }) => {
      const net = mask(base, bits);
      const cidr = `${textOf(net)}/${bits}`;
      const except: string[] = [];
      if (bits < max) {
        for (const e of excepts) {
          const exceptBits = Math.min(max, bits + e.extra);
          const addr = mask(inside(net, bits, e.seed), exceptBits);
          const text = `${textOf(addr)}/${exceptBits}`;
          if (!except.includes(text)) except.push(text);
        }
      }
      if (except.length === 0 && withoutExceptField) return { cidr };
      return { cidr, except };
    });
}

// ---------------------------------------------------------------------------
// Labels and selectors

function labelsArb(vocab: Record<string, string[]>): fc.Arbitrary<Labels> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const [k, values] of Object.entries(vocab)) model[k] = fc.constantFrom(...values);
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Labels>;
}

function requirementArb(vocab: Record<string, string[]>): fc.Arbitrary<LabelSelectorRequirement> {
  const keys = Object.keys(vocab);
  return fc.constantFrom(...keys).chain((key): fc.Arbitrary<LabelSelectorRequirement> => {
    const values = vocab[key]!;
    return fc.oneof(
      fc.record({
        key: fc.constant(key),
        operator: fc.constantFrom('In', 'NotIn'),
        values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }),
      }),
      fc
        .record({ operator: fc.constantFrom('Exists', 'DoesNotExist'), emptyValues: fc.boolean() })
        .map(({ operator, emptyValues }) => (emptyValues ? { key, operator, values: [] } : { key, operator })),
    );
  });
}

export function selectorArb(vocab: Record<string, string[]>): fc.Arbitrary<LabelSelector> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: labelsArb(vocab).map((matchLabels) => ({ matchLabels })) },
    { weight: 1, arbitrary: fc.array(requirementArb(vocab), { minLength: 1, maxLength: 2 }).map((matchExpressions) => ({ matchExpressions })) },
    {
      weight: 1,
      arbitrary: fc.record({
        matchLabels: labelsArb(vocab),
        matchExpressions: fc.array(requirementArb(vocab), { maxLength: 2 }),
      }),
    },
  );
}

// ---------------------------------------------------------------------------
// Nodes

/** A Node with labels and its InternalIP (the one its host-network pods show), maybe an ExternalIP and a Hostname, and its pod CIDRs. */
export function nodeObject(name: string, labels: Labels, external: boolean, spec: Node['spec'] = {}): Node {
  const addresses = [{ type: 'InternalIP', address: NODE_IPS[name]! }, ...(external ? [{ type: 'ExternalIP', address: NODE_EXTERNAL_IPS[name]! }] : []), { type: 'Hostname', address: name }];
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, ...(Object.keys(labels).length > 0 ? { labels } : {}) }, spec, status: { addresses }, origin: GEN_ORIGIN };
}

/**
 * A Node's pod CIDRs: none, one family (in `podCIDRs` or the older
 * `podCIDR`) or both. They hold none of the generated addresses: pods here
 * are not numbered by node (the lab places a pod without a node on any), and
 * a node's range must hold no other node's pods.
 */
function podCIDRsArb(name: string): fc.Arbitrary<Node['spec']> {
  const i = NODE_NAMES.indexOf(name as (typeof NODE_NAMES)[number]) + 1;
  const [v4, v6] = [`10.2.${i}.0/24`, `fd02::${i}:0/112`];
  return fc.constantFrom<Node['spec']>({}, { podCIDR: v4 }, { podCIDRs: [v4] }, { podCIDRs: [v6] }, { podCIDR: v4, podCIDRs: [v4, v6] });
}

/** Each node given as an object or not (pods name their node either way). */
const nodesArb: fc.Arbitrary<Node[]> = fc
  .tuple(
    ...NODE_NAMES.map((name) =>
      fc
        .option(fc.record({ labels: labelsArb(NODE_LABELS), external: fc.boolean(), spec: podCIDRsArb(name) }), { nil: undefined, freq: 4 })
        .map((n) => (n ? [nodeObject(name, n.labels, n.external, n.spec)] : [])),
    ),
  )
  .map((lists) => lists.flat());

// ---------------------------------------------------------------------------
// Namespaces

/** For each namespace name: a declared object with labels, an implicit (made-up) object, or none. */
export const namespacesArb: fc.Arbitrary<Namespace[]> = fc
  .tuple(
    ...NAMESPACE_NAMES.map((name) =>
      fc.oneof(
        { weight: 3, arbitrary: labelsArb(NS_LABELS).map((labels) => ({ name, labels, implicit: false })) },
        { weight: 1, arbitrary: fc.constant({ name, labels: undefined, implicit: true }) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    ),
  )
  .map((items) =>
    items.flatMap((item) => (item ? [namespaceObject(item.name, item.labels, item.implicit)] : [])),
  );

export function namespaceObject(name: string, labels: Labels | undefined, implicit = false): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(labels ? { labels } : {}) },
    origin: GEN_ORIGIN,
    ...(implicit ? { implicit: true } : {}),
  };
}

// ---------------------------------------------------------------------------
// Pods and workloads

const containerPortArb: fc.Arbitrary<ContainerPort> = fc
  .record({
    name: fc.option(fc.constantFrom(...PORT_NAMES), { nil: undefined, freq: 3 }),
    containerPort: fc.constantFrom(...PORT_NUMBERS),
    protocol: fc.option(fc.constantFrom(...PROTOCOLS), { nil: undefined }),
  })
  .map(({ name, containerPort, protocol }) => ({
    ...(name ? { name } : {}),
    containerPort,
    ...(protocol ? { protocol } : {}),
  }));

/** Port names are unique within one container (not across containers). */
function containerArb(name: string, initContainer: boolean): fc.Arbitrary<Container> {
  return fc
    .record({ ports: fc.array(containerPortArb, { maxLength: 3 }), sidecar: fc.boolean() })
    .map(({ ports, sidecar }) => {
      const seen = new Set<string>();
      const unique = ports.map((p) => {
        if (!p.name) return p;
        if (seen.has(p.name)) return { containerPort: p.containerPort, ...(p.protocol ? { protocol: p.protocol } : {}) };
        seen.add(p.name);
        return p;
      });
      return {
        name,
        ...(unique.length > 0 ? { ports: unique } : {}),
        ...(initContainer && sidecar ? { restartPolicy: 'Always' } : {}),
      };
    });
}

const podSpecArb = (hostNetwork: boolean, nodeName: string | undefined): fc.Arbitrary<PodSpec> =>
  fc
    .record({
      containers: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }).chain((xs) =>
        fc.tuple(...xs.map((_, i) => containerArb(`c${i}`, false))),
      ),
      init: fc.option(containerArb('init', true), { nil: undefined, freq: 2 }),
    })
    .map(({ containers, init }) => ({
      containers,
      ...(init ? { initContainers: [init] } : {}),
      ...(hostNetwork ? { hostNetwork: true } : {}),
      ...(nodeName ? { nodeName } : {}),
    }));

type IPMode = 'v4' | 'v4-podIP-only' | 'dual' | 'v6' | 'none';

/** IPv6 text as written: canonical, or a longer form the engine must canonicalise. */
function v6Text(ip: Bytes, form: number): string {
  const canonical = formatGoIP(ip);
  if (form === 1) return canonical.toUpperCase();
  if (form === 2) {
    const groups = Array.from({ length: 8 }, (_, i) => (((ip[2 * i] ?? 0) << 8) | (ip[2 * i + 1] ?? 0)).toString(16));
    return groups.join(':');
  }
  return canonical;
}

interface PodDraft {
  namespace: string;
  labels: Labels;
  nodeName: string | undefined;
  hostNetwork: boolean;
  phase: string | undefined;
  ipMode: IPMode;
  v4: Bytes;
  v6: Bytes;
  v6Form: number;
  spec: PodSpec;
}

const podDraftArb: fc.Arbitrary<PodDraft> = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACE_NAMES),
    labels: labelsArb(POD_LABELS),
    nodeName: fc.option(fc.constantFrom(...NODE_NAMES), { nil: undefined, freq: 4 }),
    hostNetwork: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))).chain((b) => (b ? fc.boolean() : fc.constant(false))),
    phase: fc.constantFrom(undefined, 'Running', 'Running', 'Running', 'Pending', 'Succeeded', 'Failed'),
    ipMode: fc.constantFrom<IPMode>('v4', 'v4', 'v4', 'v4-podIP-only', 'dual', 'v6', 'none'),
    v4: v4PodAddress,
    v6: v6PodAddress,
    v6Form: fc.constantFrom(0, 0, 0, 1, 2),
  })
  .chain((d) => podSpecArb(d.hostNetwork, d.nodeName).map((spec) => ({ ...d, spec })));

/** Builds pods from drafts: unique names per namespace, unique pod IPs (host-network pods take their node's IP). */
function buildPods(drafts: PodDraft[], namePrefix: string, taken: Set<string>): Pod[] {
  return drafts.map((d, i) => {
    const status: PodStatus = {};
    if (d.phase) status.phase = d.phase;
    const ips: string[] = [];
    if (d.hostNetwork) {
      if (d.ipMode !== 'none') ips.push(d.nodeName ? NODE_IPS[d.nodeName]! : '172.16.0.3');
    } else {
      const v4 = textOf(d.v4);
      const v6 = v6Text(d.v6, d.v6Form);
      const v6Key = formatGoIP(d.v6);
      if ((d.ipMode === 'v4' || d.ipMode === 'v4-podIP-only' || d.ipMode === 'dual') && !taken.has(v4)) {
        taken.add(v4);
        ips.push(v4);
      }
      if ((d.ipMode === 'v6' || d.ipMode === 'dual') && !taken.has(v6Key)) {
        taken.add(v6Key);
        ips.push(v6);
      }
    }
    if (ips.length > 0) {
      status.podIP = ips[0]!;
      if (d.ipMode !== 'v4-podIP-only') status.podIPs = ips.map((ip) => ({ ip }));
    }
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${namePrefix}${i}`, namespace: d.namespace, ...(Object.keys(d.labels).length > 0 ? { labels: d.labels } : {}) },
      spec: d.spec,
      status,
      origin: GEN_ORIGIN,
    };
  });
}

/** The pod IPs (canonical) a cluster's pods use, live or not. */
function podIPSet(pods: readonly Pod[]): Set<string> {
  const out = new Set<string>();
  for (const p of pods) {
    for (const t of [p.status.podIP, ...(p.status.podIPs ?? []).map((x) => x.ip)]) {
      const c = t ? canonicalIP(t) : undefined;
      if (c) out.add(c);
    }
  }
  return out;
}

const workloadDraftArb = fc
  .record({
    kind: fc.oneof({ weight: 4, arbitrary: fc.constant<WorkloadKind>('Deployment') }, fc.constantFrom(...WORKLOAD_KINDS)),
    namespace: fc.constantFrom(...NAMESPACE_NAMES),
    labels: labelsArb(POD_LABELS),
    hostNetwork: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))).chain((b) => (b ? fc.boolean() : fc.constant(false))),
    replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  })
  .chain((d) => podSpecArb(d.hostNetwork, undefined).map((spec) => ({ ...d, spec })));

type WorkloadDraft = typeof workloadDraftArb extends fc.Arbitrary<infer T> ? T : never;

function buildWorkloads(drafts: WorkloadDraft[], namePrefix: string): Workload[] {
  return drafts.map((d, i) => workloadObject(d.kind, d.namespace, `${namePrefix}${i}`, d.labels, d.spec, d.replicas));
}

export function workloadObject(
  kind: WorkloadKind,
  namespace: string,
  name: string,
  labels: Labels,
  spec: PodSpec,
  replicas?: number,
): Workload {
  const cron = kind === 'CronJob';
  return {
    apiVersion: KINDS[kind].apiVersions[0]!,
    kind,
    metadata: { name, namespace },
    ...(replicas !== undefined && !cron && kind !== 'DaemonSet' && kind !== 'Job' ? { replicas } : {}),
    template: { metadata: Object.keys(labels).length > 0 ? { labels } : {}, spec },
    templatePath: cron ? FieldPath.root('spec', 'jobTemplate', 'spec', 'template') : FieldPath.root('spec', 'template'),
    origin: GEN_ORIGIN,
  };
}

// ---------------------------------------------------------------------------
// Policies

const peerArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  { weight: 3, arbitrary: selectorArb(POD_SELECTOR_LABELS).map((podSelector) => ({ podSelector })) },
  { weight: 2, arbitrary: selectorArb(NS_SELECTOR_LABELS).map((namespaceSelector) => ({ namespaceSelector })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(selectorArb(POD_SELECTOR_LABELS), selectorArb(NS_SELECTOR_LABELS))
      .map(([podSelector, namespaceSelector]) => ({ podSelector, namespaceSelector })),
  },
  { weight: 3, arbitrary: ipBlockArb(4).map((ipBlock) => ({ ipBlock })) },
  { weight: 1, arbitrary: ipBlockArb(6).map((ipBlock) => ({ ipBlock })) },
);

const policyPortArb: fc.Arbitrary<NetworkPolicyPort> = fc
  .record({
    protocol: fc.option(fc.constantFrom(...PROTOCOLS), { nil: undefined }),
    shape: fc.constantFrom('none', 'number', 'number', 'range', 'name', 'name'),
    number: fc.constantFrom(...PORT_NUMBERS, 1, 1000),
    width: fc.constantFrom(0, 1, 10, 100, 9000),
    name: fc.constantFrom(...PORT_NAMES, 'web'),
  })
  .map(({ protocol, shape, number, width, name }) => {
    const p: NetworkPolicyPort = protocol ? { protocol } : {};
    if (shape === 'number') p.port = number;
    if (shape === 'range') {
      p.port = number;
      p.endPort = Math.min(65535, number + width);
    }
    if (shape === 'name') p.port = name;
    return p;
  });

/** undefined, [] or a few items: missing and empty lists both mean "all". */
function listArb<T>(item: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<T[] | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant<T[]>([]) },
    { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength }) },
  );
}

const ingressRuleArb: fc.Arbitrary<NetworkPolicyIngressRule> = fc
  .record({ from: listArb(peerArb, 3), ports: listArb(policyPortArb, 3) })
  .map(({ from, ports }) => ({ ...(from ? { from } : {}), ...(ports ? { ports } : {}) }));

const egressRuleArb: fc.Arbitrary<NetworkPolicyEgressRule> = fc
  .record({ to: listArb(peerArb, 3), ports: listArb(policyPortArb, 3) })
  .map(({ to, ports }) => ({ ...(to ? { to } : {}), ...(ports ? { ports } : {}) }));

const policySpecArb: fc.Arbitrary<NetworkPolicySpec> = fc
  .record({
    podSelector: selectorArb(POD_SELECTOR_LABELS),
    policyTypes: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      fc.constantFrom<string[]>([], ['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress'], ['Egress', 'Egress']),
    ),
    ingress: listArb(ingressRuleArb, 3),
    egress: listArb(egressRuleArb, 3),
  })
  .map(({ podSelector, policyTypes, ingress, egress }) => ({
    podSelector,
    ...(policyTypes ? { policyTypes } : {}),
    ...(ingress ? { ingress } : {}),
    ...(egress ? { egress } : {}),
  }));

export const policyDraftArb = fc.record({ namespace: fc.constantFrom(...NAMESPACE_NAMES), spec: policySpecArb });

const namespacedPodArb: fc.Arbitrary<NamespacedPod> = fc
  .tuple(selectorArb(NS_SELECTOR_LABELS), selectorArb(POD_SELECTOR_LABELS), fc.boolean())
  .map(([namespaceSelector, podSelector, withoutNamespaces]) => (withoutNamespaces ? { podSelector } : { namespaceSelector, podSelector }));

/** Peers of ClusterNetworkPolicy rules; networks only in egress rules, as the CRD has them. */
function clusterPeerArb(direction: 'ingress' | 'egress'): fc.Arbitrary<ClusterNetworkPolicyPeer> {
  const selectors = [
    { weight: 2, arbitrary: selectorArb(NS_SELECTOR_LABELS).map((namespaces) => ({ namespaces })) },
    { weight: 3, arbitrary: namespacedPodArb.map((pods) => ({ pods })) },
  ];
  if (direction === 'ingress') return fc.oneof(...selectors);
  const networks = fc.uniqueArray(fc.oneof({ weight: 3, arbitrary: ipBlockArb(4) }, ipBlockArb(6)).map((b) => b.cidr), { minLength: 1, maxLength: 2 });
  return fc.oneof(...selectors, { weight: 2, arbitrary: networks.map((n) => ({ networks: n })) }, { weight: 1, arbitrary: selectorArb(NODE_LABELS).map((nodes) => ({ nodes })) });
}

const clusterProtocolArb: fc.Arbitrary<ClusterNetworkPolicyProtocol> = fc
  .record({
    protocol: fc.constantFrom('tcp', 'tcp', 'udp', 'sctp'),
    shape: fc.constantFrom('number', 'number', 'range', 'name'),
    number: fc.constantFrom(...PORT_NUMBERS, 1, 1000),
    width: fc.constantFrom(1, 10, 9000),
    name: fc.constantFrom(...PORT_NAMES, 'web'),
  })
  .map(({ protocol, shape, number, width, name }): ClusterNetworkPolicyProtocol => {
    if (shape === 'name') return { destinationNamedPort: name };
    const destinationPort = shape === 'range' ? { range: { start: number, end: Math.min(65535, number + width) } } : { number };
    return { [protocol]: { destinationPort } };
  });

function clusterRuleArb(direction: 'ingress' | 'egress') {
  return fc.record({
    action: fc.constantFrom<ClusterPolicyAction>('Accept', 'Deny', 'Pass'),
    peers: fc.array(clusterPeerArb(direction), { minLength: 1, maxLength: 2 }),
    protocols: fc.option(fc.array(clusterProtocolArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  });
}

type ClusterRuleDraft = { action: ClusterPolicyAction; peers: ClusterNetworkPolicyPeer[]; protocols: ClusterNetworkPolicyProtocol[] | undefined };

/**
 * A policy with node peers is one of the experimental CRD, which forbids
 * named ports in rules with networks or nodes peers: those rules lose theirs.
 */
function experimentalIfNodes(egress: ClusterRuleDraft[]): ClusterRuleDraft[] {
  if (!egress.some((r) => r.peers.some((p) => p.nodes))) return egress;
  return egress.map((rule) => {
    if (!rule.peers.some((p) => p.nodes || p.networks)) return rule;
    const protocols = rule.protocols?.filter((p) => p.destinationNamedPort === undefined);
    return { ...rule, protocols: protocols?.length ? protocols : undefined };
  });
}

/** A ClusterNetworkPolicy's spec; priorities collide often, so that the order by name is exercised. */
const clusterPolicySpecArb: fc.Arbitrary<ClusterNetworkPolicySpec> = fc
  .record({
    tier: fc.constantFrom<ClusterPolicyTier>('Admin', 'Baseline'),
    priority: fc.integer({ min: 0, max: 3 }),
    subject: fc.oneof(selectorArb(NS_SELECTOR_LABELS).map((namespaces) => ({ namespaces })), namespacedPodArb.map((pods) => ({ pods }))),
    ingress: fc.array(clusterRuleArb('ingress'), { maxLength: 3 }),
    egress: fc.array(clusterRuleArb('egress'), { maxLength: 3 }).map(experimentalIfNodes),
  })
  .map(({ tier, priority, subject, ingress, egress }) => ({
    tier,
    priority,
    subject,
    ...(ingress.length > 0 ? { ingress: ingress.map(({ peers, protocols, action }) => ({ action, from: peers, ...(protocols ? { protocols } : {}) })) } : {}),
    ...(egress.length > 0 ? { egress: egress.map(({ peers, protocols, action }) => ({ action, to: peers, ...(protocols ? { protocols } : {}) })) } : {}),
  }));

/**
 * v1alpha1 port entries, with what its CRD takes and v1alpha2 does not: a
 * protocol other than TCP, UDP and SCTP, and a range that ends before it
 * starts (both match nothing).
 */
const adminPortArb: fc.Arbitrary<AdminNetworkPolicyPort> = fc
  .record({
    protocol: fc.constantFrom<string | undefined>('TCP', undefined, 'UDP', 'SCTP', 'ICMP'),
    shape: fc.constantFrom('number', 'number', 'range', 'range', 'name'),
    number: fc.constantFrom(...PORT_NUMBERS, 1, 1000),
    width: fc.constantFrom(0, 10, 9000, -5),
    name: fc.constantFrom(...PORT_NAMES, 'web'),
  })
  .map(({ protocol, shape, number, width, name }): AdminNetworkPolicyPort => {
    if (shape === 'name') return { namedPort: name };
    // No protocol: the CRD's default, TCP.
    const written = protocol === undefined ? {} : { protocol };
    if (shape === 'range') return { portRange: { ...written, start: number, end: Math.max(1, Math.min(65535, number + width)) } };
    return { portNumber: { ...written, port: number } };
  });

/** Named ports are experimental, and the experimental CRD forbids them in rules with networks or nodes peers: those rules lose theirs. */
function adminRuleArb<A extends string>(direction: 'ingress' | 'egress', actions: readonly A[]) {
  return fc
    .record({
      action: fc.constantFrom(...actions),
      // v1alpha1 requires a pods peer's namespaceSelector.
      peers: fc.array(clusterPeerArb(direction).map((p) => (p.pods ? { pods: { namespaceSelector: {}, ...p.pods } } : p)), { minLength: 1, maxLength: 2 }),
      ports: fc.option(fc.array(adminPortArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    })
    .map((rule) => {
      if (!rule.peers.some((p) => p.nodes || p.networks)) return rule;
      const ports = rule.ports?.filter((p) => p.namedPort === undefined);
      return { ...rule, ports: ports?.length ? ports : undefined };
    });
}

/** An AdminNetworkPolicy's spec, at the priorities of the ClusterNetworkPolicies, so that their order at equal priority is exercised. */
function adminSpecArb<A extends string>(actions: readonly A[]) {
  return fc
    .record({
      priority: fc.integer({ min: 0, max: 3 }),
      subject: fc.oneof(selectorArb(NS_SELECTOR_LABELS).map((namespaces) => ({ namespaces })), namespacedPodArb.map((pods) => ({ pods: { namespaceSelector: {}, ...pods } }))),
      ingress: fc.array(adminRuleArb('ingress', actions), { maxLength: 3 }),
      egress: fc.array(adminRuleArb('egress', actions), { maxLength: 3 }),
    })
    .map(({ priority, subject, ingress, egress }) => ({
      priority,
      subject,
      ...(ingress.length > 0 ? { ingress: ingress.map(({ peers, ports, action }) => ({ action, from: peers, ...(ports ? { ports } : {}) })) } : {}),
      ...(egress.length > 0 ? { egress: egress.map(({ peers, ports, action }) => ({ action, to: peers, ...(ports ? { ports } : {}) })) } : {}),
    }));
}

export function adminPolicyObject(name: string, spec: AdminNetworkPolicySpec): AdminNetworkPolicy {
  return { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec, origin: GEN_ORIGIN };
}

export function baselineAdminPolicyObject(spec: BaselineAdminNetworkPolicySpec): BaselineAdminNetworkPolicy {
  return { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec, origin: GEN_ORIGIN };
}

export function clusterPolicyObject(name: string, spec: ClusterNetworkPolicySpec): ClusterNetworkPolicy {
  return { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec, origin: GEN_ORIGIN };
}

export function policyObject(namespace: string, name: string, spec: NetworkPolicySpec): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec,
    origin: GEN_ORIGIN,
  };
}

// ---------------------------------------------------------------------------
// Clusters, external IPs and port queries

/**
 * A policy written again from parts of the others: real manifests repeat
 * peers, rules and whole policies across policies and namespaces, and an
 * engine that shares work between equal parts must still tell them apart.
 */
interface Echo {
  shape: 'policy' | 'rules' | 'peers';
  source: number;
  namespace: string;
  /** Which parts to take, and in which order: indexes wrap around. */
  picks: number[];
}

const echoArb: fc.Arbitrary<Echo> = fc.record({
  shape: fc.constantFrom<Echo['shape']>('policy', 'rules', 'peers'),
  source: fc.nat(),
  namespace: fc.constantFrom(...NAMESPACE_NAMES),
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
});

function echoSpec(drafts: { spec: NetworkPolicySpec }[], echo: Echo): NetworkPolicySpec {
  const source = drafts[echo.source % drafts.length]!.spec;
  if (echo.shape === 'policy') return source;
  const pick = <T>(items: T[]): T[] => (items.length === 0 ? [] : echo.picks.map((i) => items[i % items.length]!));
  if (echo.shape === 'rules') {
    // The same rules, some repeated, in another order, under another policy.
    return { podSelector: source.podSelector, ingress: pick(source.ingress ?? []), egress: pick(source.egress ?? []) };
  }
  // One rule per direction whose peers are peers of every policy, reordered.
  const from = pick(drafts.flatMap((d) => (d.spec.ingress ?? []).flatMap((r) => r.from ?? [])));
  const to = pick(drafts.flatMap((d) => (d.spec.egress ?? []).flatMap((r) => r.to ?? [])));
  return {
    podSelector: source.podSelector,
    policyTypes: ['Ingress', 'Egress'],
    ingress: from.length > 0 ? [{ from }] : [],
    egress: to.length > 0 ? [{ to, ports: source.egress?.[0]?.ports ?? [] }] : [],
  };
}

/** An owner reference from one object to a workload, as controllers write them (`kubectl get all` dumps carry them). */
interface Ownership {
  owned: number;
  owner: number;
  controller: boolean;
}

const ownershipArb: fc.Arbitrary<Ownership> = fc.record({ owned: fc.nat(), owner: fc.nat(), controller: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)) });

/** Adds the owner reference to the owned object when both are in one namespace (a reference never crosses namespaces). */
function own(owned: { metadata: ObjectMeta }, owner: Workload, controller: boolean): void {
  if ((owned.metadata.namespace ?? 'default') !== owner.metadata.namespace || owned.metadata.ownerReferences) return;
  owned.metadata.ownerReferences = [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: `uid-${owner.metadata.name}`, ...(controller ? { controller } : {}) }];
}

export const clusterArb: fc.Arbitrary<Cluster> = fc
  .record({
    namespaces: namespacesArb,
    nodes: nodesArb,
    pods: fc.array(podDraftArb, { maxLength: 10, size: 'max' }),
    workloads: fc.array(workloadDraftArb, { maxLength: 3, size: 'max' }),
    policies: fc.array(policyDraftArb, { minLength: 1, maxLength: 8, size: 'max' }),
    clusterPolicies: fc.oneof(fc.constant<ClusterNetworkPolicySpec[]>([]), fc.array(clusterPolicySpecArb, { minLength: 1, maxLength: 4 })),
    adminPolicies: fc.oneof(fc.constant<AdminNetworkPolicySpec[]>([]), fc.array<AdminNetworkPolicySpec>(adminSpecArb(['Allow', 'Deny', 'Pass'] as const), { minLength: 1, maxLength: 3 })),
    baselineAdminPolicy: fc.option(adminSpecArb(['Allow', 'Deny'] as const).map(({ priority: _, ...spec }) => spec), { nil: undefined }),
    echoes: fc.array(echoArb, { maxLength: 3 }),
    podOwners: fc.array(ownershipArb, { maxLength: 4 }),
    workloadOwners: fc.array(ownershipArb, { maxLength: 2 }),
  })
  .map(({ namespaces, nodes, pods, workloads, policies, clusterPolicies, adminPolicies, baselineAdminPolicy, echoes, podOwners, workloadOwners }) => {
    const drafts = [...policies, ...echoes.map((e) => ({ namespace: e.namespace, spec: echoSpec(policies, e) }))];
    const builtPods = buildPods(pods, 'pod-', new Set());
    const builtWorkloads = buildWorkloads(workloads, 'wl-');
    // Pods of workloads, and workloads of workloads (a Deployment's ReplicaSet), as a cluster dump has them.
    if (builtWorkloads.length > 0) {
      for (const o of podOwners) if (builtPods.length > 0) own(builtPods[o.owned % builtPods.length]!, builtWorkloads[o.owner % builtWorkloads.length]!, o.controller);
      for (const o of workloadOwners) {
        const [owned, owner] = [o.owned % builtWorkloads.length, o.owner % builtWorkloads.length];
        if (owned !== owner) own(builtWorkloads[owned]!, builtWorkloads[owner]!, o.controller);
      }
    }
    return {
      namespaces,
      nodes,
      pods: builtPods,
      workloads: builtWorkloads,
      policies: drafts.map((p, i) => policyObject(p.namespace, `np-${i}`, p.spec)),
      clusterPolicies: clusterPolicies.map((spec, i) => clusterPolicyObject(`cnp-${i}`, spec)),
      adminPolicies: [
        ...adminPolicies.map((spec, i) => adminPolicyObject(`anp-${i}`, spec)),
        ...(baselineAdminPolicy ? [baselineAdminPolicyObject(baselineAdminPolicy)] : []),
      ],
    };
  });

/**
 * Every ipBlock of the NetworkPolicies, and every `networks` CIDR of the
 * ClusterNetworkPolicies as a block, and every address of a Node a `nodes`
 * peer selects as a single-address block.
 */
export function ipBlocksOf(cluster: Cluster): IPBlock[] {
  const out: IPBlock[] = [];
  for (const p of cluster.policies) {
    for (const r of p.spec.ingress ?? []) for (const peer of r.from ?? []) if (peer.ipBlock) out.push(peer.ipBlock);
    for (const r of p.spec.egress ?? []) for (const peer of r.to ?? []) if (peer.ipBlock) out.push(peer.ipBlock);
  }
  for (const p of [...cluster.clusterPolicies, ...cluster.adminPolicies]) {
    for (const r of p.spec.egress ?? []) {
      for (const peer of r.to) {
        for (const cidr of peer.networks ?? []) out.push({ cidr });
        const selected = peer.nodes ? cluster.nodes.filter((n) => selectorMatches(peer.nodes!, n.metadata.labels ?? {})) : [];
        for (const n of selected) for (const a of n.status.addresses ?? []) if (a.type !== 'Hostname') out.push({ cidr: `${a.address}/32` });
      }
    }
  }
  return out;
}

/**
 * IPs that are no live pod's: addresses inside the cluster's ipBlocks (and
 * inside their excepts), the IPs of Succeeded/Failed pods, and a few others.
 * Canonical, unique, never a live pod's IP.
 */
export function externalIPsArb(cluster: Cluster): fc.Arbitrary<string[]> {
  const blocks = ipBlocksOf(cluster);
  const cidrs = blocks.flatMap((b) => [b.cidr, ...(b.except ?? [])]);
  const seeds = fc.oneof(v4SeedAddress, v6SeedAddress);
  const candidates: fc.Arbitrary<string>[] = [
    fc.constantFrom(...EXTERNAL_V4, ...EXTERNAL_V6).map(textOf),
    seeds.map(textOf),
  ];
  if (cidrs.length > 0) {
    candidates.push(
      fc.tuple(fc.constantFrom(...cidrs), seeds).map(([cidr, seed]) => {
        const c = parseCIDRSloppy(cidr)!;
        const net = networkOf(c);
        const addr = inside([...net.ip], net.bits, seed.length === net.ip.length ? seed : [...net.ip]);
        return textOf(addr);
      }),
    );
  }
  const ignoredIPs = [...podIPSet(cluster.pods.filter((p) => ['Succeeded', 'Failed'].includes(p.status.phase ?? '')))];
  if (ignoredIPs.length > 0) candidates.push(fc.constantFrom(...ignoredIPs));
  const live = podIPSet(cluster.pods.filter((p) => !['Succeeded', 'Failed'].includes(p.status.phase ?? '')));
  return fc
    .uniqueArray(fc.oneof(...candidates), { minLength: 1, maxLength: 5 })
    .map((ips) => ips.map((ip) => canonicalIP(ip)!).filter((ip, i, all) => !live.has(ip) && all.indexOf(ip) === i));
}

/** Ports the rules and the container ports name, their neighbours, and a few others, in every protocol. */
export function portQueriesArb(cluster: Cluster): fc.Arbitrary<PortQuery[]> {
  const numbers = new Set<number>([1, 53, 80, 443, 8080, 65535]);
  for (const p of cluster.policies) {
    for (const r of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
      for (const port of r.ports ?? []) {
        if (typeof port.port !== 'number') continue;
        numbers.add(port.port);
        if (port.port > 1) numbers.add(port.port - 1);
        if (port.endPort !== undefined) {
          numbers.add(port.endPort);
          if (port.endPort < 65535) numbers.add(port.endPort + 1);
        }
      }
    }
  }
  for (const spec of [...cluster.pods.map((p) => p.spec), ...cluster.workloads.map((w) => w.template.spec)]) {
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) for (const p of c.ports ?? []) numbers.add(p.containerPort);
  }
  const query = fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...numbers) });
  return fc.uniqueArray(query, { minLength: 1, maxLength: 6, selector: (q) => `${q.protocol}/${q.port}` });
}

/** A cluster with the external IPs and port queries to try on it. */
export interface Scenario {
  cluster: Cluster;
  externalIPs: string[];
  queries: PortQuery[];
}

export const scenarioArb: fc.Arbitrary<Scenario> = clusterArb.chain((cluster) =>
  fc.record({ cluster: fc.constant(cluster), externalIPs: externalIPsArb(cluster), queries: portQueriesArb(cluster) }),
);

// ---------------------------------------------------------------------------
// Changes, for incremental updates

export type ClusterChange =
  | { op: 'upsert'; object: KubeObject }
  | { op: 'delete'; kind: string; namespace?: string; name: string };

/** What to change, resolved against the cluster as it is when the change comes (picks wrap around). */
export type ChangeIntent =
  | { type: 'relabel-pod'; pick: number; labels: Labels }
  | { type: 'add-pod'; draft: PodDraft }
  | { type: 'delete-pod'; pick: number }
  | { type: 'upsert-policy'; pick: number | undefined; namespace: string; spec: NetworkPolicySpec }
  | { type: 'delete-policy'; pick: number }
  | { type: 'relabel-namespace'; name: string; labels: Labels }
  | { type: 'upsert-node'; name: string; labels: Labels; external: boolean; spec: Node['spec'] }
  | { type: 'delete-node'; name: string }
  | { type: 'relabel-workload'; pick: number; labels: Labels }
  | { type: 'delete-workload'; pick: number };

export const changeIntentArb: fc.Arbitrary<ChangeIntent> = fc.oneof(
  fc.record({ type: fc.constant('relabel-pod' as const), pick: fc.nat(), labels: labelsArb(POD_LABELS) }),
  fc.record({ type: fc.constant('add-pod' as const), draft: podDraftArb }),
  fc.record({ type: fc.constant('delete-pod' as const), pick: fc.nat() }),
  fc.record({
    type: fc.constant('upsert-policy' as const),
    pick: fc.option(fc.nat(), { nil: undefined }),
    namespace: fc.constantFrom(...NAMESPACE_NAMES),
    spec: policySpecArb,
  }),
  fc.record({ type: fc.constant('delete-policy' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('relabel-namespace' as const), name: fc.constantFrom(...NAMESPACE_NAMES), labels: labelsArb(NS_LABELS) }),
  fc.constantFrom(...NODE_NAMES).chain((name) =>
    fc.record({ type: fc.constant('upsert-node' as const), name: fc.constant(name), labels: labelsArb(NODE_LABELS), external: fc.boolean(), spec: podCIDRsArb(name) }),
  ),
  fc.record({ type: fc.constant('delete-node' as const), name: fc.constantFrom(...NODE_NAMES) }),
  fc.record({ type: fc.constant('relabel-workload' as const), pick: fc.nat(), labels: labelsArb(POD_LABELS) }),
  fc.record({ type: fc.constant('delete-workload' as const), pick: fc.nat() }),
);

/**
 * The change an intent makes to `cluster`, or undefined when there is nothing
 * to change (no pod to delete, say). `serial` makes new names unique.
 */
export function resolveChange(cluster: Cluster, intent: ChangeIntent, serial: number): ClusterChange | undefined {
  const pickFrom = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
  switch (intent.type) {
    case 'relabel-pod': {
      const pod = pickFrom(cluster.pods, intent.pick);
      if (!pod) return undefined;
      const metadata = { ...pod.metadata };
      delete metadata.labels;
      if (Object.keys(intent.labels).length > 0) metadata.labels = intent.labels;
      return { op: 'upsert', object: { ...pod, metadata } };
    }
    case 'add-pod': {
      const [pod] = buildPods([intent.draft], `new-${serial}-`, podIPSet(cluster.pods));
      return { op: 'upsert', object: pod! };
    }
    case 'delete-pod': {
      const pod = pickFrom(cluster.pods, intent.pick);
      return pod ? { op: 'delete', kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name! } : undefined;
    }
    case 'upsert-policy': {
      const existing = intent.pick === undefined ? undefined : pickFrom(cluster.policies, intent.pick);
      const object = existing
        ? policyObject(existing.metadata.namespace!, existing.metadata.name!, intent.spec)
        : policyObject(intent.namespace, `np-new-${serial}`, intent.spec);
      return { op: 'upsert', object };
    }
    case 'delete-policy': {
      const np = pickFrom(cluster.policies, intent.pick);
      return np ? { op: 'delete', kind: 'NetworkPolicy', namespace: np.metadata.namespace!, name: np.metadata.name! } : undefined;
    }
    case 'relabel-namespace':
      return { op: 'upsert', object: namespaceObject(intent.name, intent.labels) };
    case 'upsert-node':
      return { op: 'upsert', object: nodeObject(intent.name, intent.labels, intent.external, intent.spec) };
    case 'delete-node':
      return cluster.nodes.some((n) => n.metadata.name === intent.name) ? { op: 'delete', kind: 'Node', name: intent.name } : undefined;
    case 'relabel-workload': {
      const w = pickFrom(cluster.workloads, intent.pick);
      if (!w) return undefined;
      const template = { ...w.template, metadata: Object.keys(intent.labels).length > 0 ? { labels: intent.labels } : {} };
      return { op: 'upsert', object: { ...w, template } };
    }
    case 'delete-workload': {
      const w = pickFrom(cluster.workloads, intent.pick);
      return w ? { op: 'delete', kind: w.kind, namespace: w.metadata.namespace!, name: w.metadata.name! } : undefined;
    }
  }
}

/** The cluster after a change: a new snapshot, the old one untouched. */
export function applyChange(cluster: Cluster, change: ClusterChange): Cluster {
  const same = (o: KubeObject, kind: string, namespace: string | undefined, name: string | undefined) =>
    o.kind === kind && o.metadata.name === name && (!KINDS[o.kind].namespaced || o.metadata.namespace === namespace);
  const kind = change.op === 'upsert' ? change.object.kind : change.kind;
  const namespace = change.op === 'upsert' ? change.object.metadata.namespace : change.namespace;
  const name = change.op === 'upsert' ? change.object.metadata.name : change.name;
  const replace = <T extends KubeObject>(list: T[]): T[] => {
    const kept = list.filter((o) => !same(o, kind, namespace, name));
    if (change.op === 'delete') return kept;
    const index = list.findIndex((o) => same(o, kind, namespace, name));
    const object = change.object as T;
    if (index < 0) return [...kept, object];
    return [...list.slice(0, index), object, ...list.slice(index + 1)];
  };
  const bucket = isKind(kind) ? KINDS[kind].bucket : undefined;
  const out = { ...cluster };
  if (bucket) (out[bucket] as KubeObject[]) = replace(cluster[bucket] as KubeObject[]);
  return out;
}
