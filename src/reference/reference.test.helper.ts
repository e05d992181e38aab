/**
 * What the property tests against the reference evaluator share: run counts,
 * clusters that change one step at a time, counterexamples a person can read,
 * the reference's answers memoised per cluster, and addresses outside the
 * cluster worth asking about.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * does not ship it.)
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import type { Cluster } from '../engine/cluster.js';
import { BUCKETS, objectsOf } from '../model/kinds.js';
import type { Endpoint, ExternalEndpoint, PodEndpoint, PortQuery, Protocol } from '../engine/types.js';
import type { KubeObject, Pod, PodSpec, Workload } from '../model/objects.js';
import { formatGoIP, networkOf, parseCIDRSloppy, parseIPSloppy } from '../validation/ip-text.js';
import {
  applyChange,
  changeIntentArb,
  clusterArb,
  externalIPsArb,
  ipBlocksOf,
  NODE_NAMES,
  portQueriesArb,
  resolveChange,
  type ChangeIntent,
  type ClusterChange,
} from './arbitraries.js';
import { canonicalIP, referenceCheck, referenceEndpoints } from './evaluator.js';

/** `PALISADE_PROPERTY_RUNS=N` runs every property N times instead of its default. */
export const RUNS = Number(process.env['PALISADE_PROPERTY_RUNS'] ?? 0) || undefined;

/** The cluster as YAML manifests, for counterexamples a person can read and replay. */
export function clusterYaml(cluster: Cluster): string {
  const strip = (o: KubeObject): Record<string, unknown> => {
    const head = { apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata };
    switch (o.kind) {
      case 'Namespace':
        return head;
      case 'Node':
        return { ...head, status: o.status };
      case 'Pod':
      case 'NetworkPolicy':
      case 'ClusterNetworkPolicy':
      case 'AdminNetworkPolicy':
      case 'BaselineAdminNetworkPolicy':
        return { ...head, spec: o.spec, ...(o.kind === 'Pod' ? { status: o.status } : {}) };
      default: {
        const template = o.kind === 'CronJob' ? { jobTemplate: { spec: { template: o.template } } } : { template: o.template };
        return { ...head, spec: { ...(o.replicas !== undefined ? { replicas: o.replicas } : {}), ...template } };
      }
    }
  };
  return objectsOf(cluster)
    .map((o) => dump(strip(o), { noRefs: true, lineWidth: 200 }))
    .join('---\n');
}

export function external(ip: string): ExternalEndpoint {
  return { kind: 'external', ref: ip, ip };
}

// ---------------------------------------------------------------------------
// Clusters that change

/** A cluster, the changes made to it one after another, and what to ask of it. */
export interface Evolution {
  cluster: Cluster;
  changes: ClusterChange[];
  /** The cluster after each change. */
  clusters: Cluster[];
  /** Drawn for the cluster `evolutionArb` was told to ask about: they may be a live pod's IP in another state. */
  externalIPs: string[];
  queries: PortQuery[];
}

export function finalCluster(e: Pick<Evolution, 'cluster' | 'clusters'>): Cluster {
  return e.clusters[e.clusters.length - 1] ?? e.cluster;
}

/** Every object of every state at once: its ipBlocks, ports and pod IPs are those of all states. */
export function everyState(e: Pick<Evolution, 'cluster' | 'clusters'>): Cluster {
  const all = [e.cluster, ...e.clusters];
  return Object.fromEntries(BUCKETS.map((b) => [b, all.flatMap((c) => c[b] as KubeObject[])])) as unknown as Cluster;
}

/**
 * Changes the shared generators do not make. Their pods get random labels
 * and container ports, so pods rarely share an identity, and no change
 * touches a pod's or a template's named ports; yet consumers group endpoints
 * by identity (also across nodes, where node-local traffic sets pods apart),
 * and a diff must notice named ports that change under an unchanged name.
 * So: a pod like another (same labels, spec and owner, a new name and IP,
 * maybe on the other node or on the host network), and a pod or workload
 * that takes another's containers, or labels.
 */
export type ExtraIntent =
  | { type: 'copy-pod'; pick: number; node: number | undefined; hostNetwork: boolean }
  | { type: 'take-containers'; pick: number; from: number }
  | { type: 'take-labels'; pick: number; from: number };

export type EvolutionIntent = ChangeIntent | ExtraIntent;

/** A pod or workload takes another's containers: only named ports change. */
const takeContainersArb: fc.Arbitrary<EvolutionIntent> = fc.record({ type: fc.constant('take-containers' as const), pick: fc.nat(), from: fc.nat() });

const richIntentArb: fc.Arbitrary<EvolutionIntent> = fc.oneof(
  { weight: 5, arbitrary: changeIntentArb },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('copy-pod' as const), pick: fc.nat(), node: fc.option(fc.nat(), { nil: undefined }), hostNetwork: fc.boolean() }) },
  { weight: 1, arbitrary: takeContainersArb },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('take-labels' as const), pick: fc.nat(), from: fc.nat() }) },
);

function resolveIntent(cluster: Cluster, intent: EvolutionIntent, serial: number): ClusterChange | undefined {
  switch (intent.type) {
    case 'copy-pod':
      return copyPod(cluster, intent, serial);
    case 'take-containers':
    case 'take-labels':
      return takeFrom(cluster, intent);
    default:
      return resolveChange(cluster, intent, serial);
  }
}

/** The pod addresses the generators use (10.0.a.b, fd00::a:b), the first not taken of a family. */
function freePodAddress(family: 4 | 6, taken: Set<string>): string | undefined {
  for (let a = 0; a <= 3; a++) {
    for (let b = 1; b <= 30; b++) {
      const ip = family === 4 ? `10.0.${a}.${b}` : formatGoIP([0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, a, 0, b]);
      if (!taken.has(ip)) return ip;
    }
  }
  return undefined;
}

/** A node's address: as its host-network pods show it, else as the generators give it (172.16.0.N for node-N). */
function nodeAddress(cluster: Cluster, node: string): string {
  const shown = cluster.pods.find((p) => p.spec.hostNetwork && p.spec.nodeName === node && p.status.podIP)?.status.podIP;
  return shown ?? `172.16.0.${NODE_NAMES.indexOf(node as (typeof NODE_NAMES)[number]) + 1}`;
}

/**
 * A pod like another, under a new name: on the node asked (else the same),
 * on the host network when asked (or when the other is) if it has a node,
 * with the node's address there and fresh pod addresses of the same
 * families elsewhere.
 */
function copyPod(cluster: Cluster, intent: Extract<ExtraIntent, { type: 'copy-pod' }>, serial: number): ClusterChange | undefined {
  const pod = cluster.pods[intent.pick % Math.max(1, cluster.pods.length)];
  if (!pod) return undefined;
  const nodeName = intent.node === undefined ? pod.spec.nodeName : NODE_NAMES[intent.node % NODE_NAMES.length];
  const hostNetwork = pod.spec.hostNetwork === true || (intent.hostNetwork && nodeName !== undefined);
  const ips = pod.status.podIPs?.map((x) => x.ip) ?? (pod.status.podIP ? [pod.status.podIP] : []);
  let fresh: (string | undefined)[];
  if (hostNetwork) {
    fresh = nodeName === undefined ? ips : [nodeAddress(cluster, nodeName)];
  } else {
    const taken = new Set(cluster.pods.flatMap((p) => [p.status.podIP, ...(p.status.podIPs ?? []).map((x) => x.ip)]).flatMap((ip) => (ip ? [canonicalIP(ip)!] : [])));
    fresh = ips.map((ip) => {
      const free = freePodAddress(addressValue(ip)!.family, taken);
      if (free) taken.add(free);
      return free;
    });
  }
  if (fresh.some((ip) => ip === undefined)) return undefined;
  const spec: PodSpec = { ...pod.spec };
  delete spec.nodeName;
  delete spec.hostNetwork;
  if (nodeName) spec.nodeName = nodeName;
  if (hostNetwork) spec.hostNetwork = true;
  const status = { ...pod.status };
  delete status.podIP;
  delete status.podIPs;
  if (fresh.length > 0) status.podIP = fresh[0]!;
  if (pod.status.podIPs && fresh.length > 0) status.podIPs = fresh.map((ip) => ({ ip: ip! }));
  const copy: Pod = { ...pod, metadata: { ...pod.metadata, name: `${pod.metadata.name}-copy-${serial}` }, spec, status };
  return { op: 'upsert', object: copy };
}

/** A pod or workload that takes another's containers (and so its named ports), or its labels; nothing else changes. */
function takeFrom(cluster: Cluster, intent: Extract<ExtraIntent, { type: 'take-containers' | 'take-labels' }>): ClusterChange | undefined {
  const objects = [...cluster.pods, ...cluster.workloads];
  const [target, source] = [objects[intent.pick % Math.max(1, objects.length)], objects[intent.from % Math.max(1, objects.length)]];
  if (!target || !source || target === source) return undefined;
  const looks = (o: Pod | Workload) => (o.kind === 'Pod' ? { metadata: o.metadata, spec: o.spec } : o.template);
  const [was, taken] = [looks(target), looks(source)];
  let metadata = was.metadata;
  let spec = was.spec;
  if (intent.type === 'take-labels') {
    metadata = { ...metadata };
    delete metadata.labels;
    if (taken.metadata.labels) metadata.labels = taken.metadata.labels;
  } else {
    spec = { ...spec, containers: taken.spec.containers };
    delete spec.initContainers;
    if (taken.spec.initContainers) spec.initContainers = taken.spec.initContainers;
  }
  const object = target.kind === 'Pod' ? { ...target, metadata, spec } : { ...target, template: { metadata, spec } };
  return { op: 'upsert', object };
}

/**
 * The cluster with a twin of every host-network pod on every other node
 * (its node's address, the same labels, spec and owner): host-network pods
 * alike on different nodes share an identity, yet only one of them is
 * node-local to a given pod, which consumers must tell apart per pod.
 */
export function withHostTwins(cluster: Cluster): Cluster {
  const twins = cluster.pods.flatMap((pod) =>
    !pod.spec.hostNetwork || pod.spec.nodeName === undefined
      ? []
      : NODE_NAMES.filter((node) => node !== pod.spec.nodeName).map((node): Pod => {
          const ip = nodeAddress(cluster, node);
          const status = { ...pod.status, podIP: ip, ...(pod.status.podIPs ? { podIPs: [{ ip }] } : {}) };
          return { ...pod, metadata: { ...pod.metadata, name: `${pod.metadata.name}-on-${node}` }, spec: { ...pod.spec, nodeName: node }, status };
        }),
  );
  return { ...cluster, pods: [...cluster.pods, ...twins] };
}

/**
 * Ports that containers serve under a name, in their protocol: the ports on
 * which named-port rules decide. The shared port queries are a few of many
 * numbers and rarely one of them.
 */
function namedPortQueriesArb(cluster: Cluster): fc.Arbitrary<PortQuery[]> {
  const specs = [...cluster.pods.map((p) => p.spec), ...cluster.workloads.map((w) => w.template.spec)];
  const served = new Map<string, PortQuery>();
  for (const c of specs.flatMap((spec) => [...spec.containers, ...(spec.initContainers ?? [])])) {
    for (const p of c.ports ?? []) {
      const protocol = (p.protocol ?? 'TCP') as Protocol;
      if (p.name) served.set(`${protocol}/${p.containerPort}`, { protocol, port: p.containerPort });
    }
  }
  return fc.subarray([...served.values()], { maxLength: Math.min(3, served.size) });
}

function uniquePorts(queries: PortQuery[]): PortQuery[] {
  return [...new Map(queries.map((q) => [`${q.protocol}/${q.port}`, q])).values()];
}

/** How the consumer tests draw: clusters half of them with host-network twins, the shared and the extra changes, and named ports asked too. */
export const RICH = {
  clusters: fc.oneof(clusterArb, clusterArb.map(withHostTwins)),
  intents: richIntentArb,
  namedPorts: true,
};

/**
 * A random cluster and random changes, each resolved against the cluster as
 * it is when it comes; external IPs and port queries are drawn for `askAbout`
 * (by default the cluster after the last change).
 */
export function evolutionArb(
  changes: { minLength: number; maxLength: number },
  opts: {
    askAbout?: (e: Pick<Evolution, 'cluster' | 'clusters'>) => Cluster;
    clusters?: fc.Arbitrary<Cluster>;
    intents?: fc.Arbitrary<EvolutionIntent>;
    /** Ask also about a few ports that containers serve under a name. */
    namedPorts?: boolean;
  } = {},
): fc.Arbitrary<Evolution> {
  const { askAbout = finalCluster, clusters: clustersArb = clusterArb, intents: intentArb = changeIntentArb, namedPorts = false } = opts;
  return fc.record({ cluster: clustersArb, intents: fc.array(intentArb, changes) }).chain(({ cluster, intents }) => {
    const made: ClusterChange[] = [];
    const clusters: Cluster[] = [];
    let current = cluster;
    intents.forEach((intent, i) => {
      const change = resolveIntent(current, intent, i);
      if (!change) return;
      current = applyChange(current, change);
      made.push(change);
      clusters.push(current);
    });
    const asked = askAbout({ cluster, clusters });
    return fc.record({
      cluster: fc.constant(cluster),
      changes: fc.constant(made),
      clusters: fc.constant(clusters),
      externalIPs: externalIPsArb(asked),
      queries: namedPorts ? fc.tuple(portQueriesArb(asked), namedPortQueriesArb(asked)).map(([qs, named]) => uniquePorts([...qs, ...named])) : portQueriesArb(asked),
    });
  });
}

export function changeText(change: ClusterChange): string {
  return change.op === 'upsert'
    ? `upsert ${change.object.kind} ${change.object.metadata.namespace ?? ''}/${change.object.metadata.name}`
    : `delete ${change.kind} ${change.namespace}/${change.name}`;
}

/** How to replay the state after change `i` (0-based): the cluster before the changes, and the changes up to it. */
export function afterChangeContext(e: Evolution, i: number): string {
  const replay = e.changes.slice(0, i + 1).map((c) => (c.op === 'upsert' ? { op: c.op, object: { ...c.object, origin: undefined } } : c));
  return (
    `after change ${i + 1} of ${e.changes.length} (${changeText(e.changes[i]!)}); the cluster before the changes:\n${clusterYaml(e.cluster)}\n` +
    `changes: ${JSON.stringify(replay)}`
  );
}

// ---------------------------------------------------------------------------
// The reference's answers

export interface ReferenceOracle {
  /** The reference's own endpoints of the cluster. */
  endpoints: PodEndpoint[];
  /** The reference's verdict; pod and workload endpoints are looked up by ref among its own. */
  allows(from: Endpoint, to: Endpoint, q: PortQuery): boolean;
  /** The pairs no policy can deny (DESIGN rule 11): a single pod to itself, a pod and a host-network pod of its node. */
  alwaysAllowed(from: PodEndpoint, to: PodEndpoint): boolean;
  /** The IPs of live endpoints (host-network pods' are their node's). */
  liveIPs: Set<string>;
}

/** Workload kinds whose `replicas` says how many pods they run: with 1, the workload is one pod. */
const SCALED_KINDS = ['deployment', 'statefulset', 'replicaset', 'replicationcontroller'];

export function referenceOracle(cluster: Cluster, ipBlockMatchesPods: boolean): ReferenceOracle {
  const endpoints = referenceEndpoints(cluster);
  const byRef = new Map(endpoints.map((e) => [e.ref, e]));
  const own = (e: Endpoint): Endpoint => {
    if (e.kind === 'external') return e;
    const found = byRef.get(e.ref);
    if (!found) throw new Error(`${e.ref} is no endpoint of the reference's`);
    return found;
  };
  const memo = new Map<string, boolean>();
  const singlePod = (e: PodEndpoint) => e.kind === 'pod' || (SCALED_KINDS.includes(e.ref.split('/')[1] ?? '') && e.replicas === 1);
  return {
    endpoints,
    allows(from, to, q) {
      const key = `${from.ref}>${to.ref}>${q.protocol}/${q.port}`;
      let allowed = memo.get(key);
      if (allowed === undefined) memo.set(key, (allowed = referenceCheck(cluster, own(from), own(to), q, { ipBlockMatchesPods }).allowed));
      return allowed;
    },
    alwaysAllowed(from, to) {
      const [a, b] = [own(from) as PodEndpoint, own(to) as PodEndpoint];
      if (a.ref === b.ref) return singlePod(a);
      return a.kind === 'pod' && b.kind === 'pod' && (a.hostNetwork || b.hostNetwork) && a.node !== undefined && a.node !== '' && a.node === b.node;
    },
    liveIPs: new Set(endpoints.flatMap((e) => e.ips)),
  };
}

// ---------------------------------------------------------------------------
// Addresses outside the cluster

/** A run of addresses of one family, as numbers (IPv4 in 32 bits). */
export interface AddressSpan {
  family: 4 | 6;
  lo: bigint;
  hi: bigint;
}

const SPACE: Record<4 | 6, AddressSpan> = { 4: { family: 4, lo: 0n, hi: (1n << 32n) - 1n }, 6: { family: 6, lo: 0n, hi: (1n << 128n) - 1n } };

function bytesValue(bytes: readonly number[]): bigint {
  return bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n);
}

/** An IPv4-mapped IPv6 address is an IPv4 address (Go's net.IP). */
function familyBytes(bytes: readonly number[]): { family: 4 | 6; bytes: readonly number[] } {
  if (bytes.length === 4) return { family: 4, bytes };
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? { family: 4, bytes: bytes.slice(12) } : { family: 6, bytes };
}

export function addressValue(ip: string): { family: 4 | 6; value: bigint } | undefined {
  const parsed = parseIPSloppy(ip);
  if (!parsed) return undefined;
  const { family, bytes } = familyBytes(parsed.ip);
  return { family, value: bytesValue(bytes) };
}

function addressText(family: 4 | 6, value: bigint): string {
  const length = family === 4 ? 4 : 16;
  return formatGoIP(Array.from({ length }, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn)));
}

/** A CIDR (`10.0.0.0/8`) or a range (`10.0.0.0-10.0.0.9`) as engines print address sets. */
export function addressSpan(text: string): AddressSpan {
  if (text.includes('/')) {
    const cidr = parseCIDRSloppy(text);
    if (!cidr) throw new Error(`not a CIDR: ${text}`);
    const net = networkOf(cidr);
    // An IPv4-mapped network holds IPv4 addresses when its mask covers the ::ffff: prefix (Go's Contains).
    const mapped = net.ip.length === 16 && net.bits >= 96 && familyBytes(net.ip).family === 4;
    const [family, bytes, bits] = mapped ? [4 as const, net.ip.slice(12), net.bits - 96] : [net.ip.length === 4 ? (4 as const) : (6 as const), net.ip, net.bits];
    const lo = bytesValue(bytes);
    return { family, lo, hi: lo + (1n << BigInt(bytes.length * 8 - bits)) - 1n };
  }
  const [lo, hi] = text.split('-').map(addressValue);
  if (!lo || !hi || lo.family !== hi.family) throw new Error(`not an address range: ${text}`);
  return { family: lo.family, lo: lo.value, hi: hi.value };
}

/** A few addresses of a CIDR or range: its first two and its last. */
export function addressesIn(text: string): string[] {
  const span = addressSpan(text);
  return [...new Set([span.lo, span.lo + 1n, span.hi].filter((v) => v <= span.hi).map((v) => addressText(span.family, v)))];
}

/** An address outside the cluster to ask about, parsed once. */
export interface Probe {
  ip: string;
  family: 4 | 6;
  value: bigint;
  endpoint: ExternalEndpoint;
}

function probe(ip: string): Probe {
  const { family, value } = addressValue(ip)!;
  return { ip, family, value, endpoint: external(ip) };
}

export function spanContains(span: AddressSpan, a: Probe): boolean {
  return a.family === span.family && span.lo <= a.value && a.value <= span.hi;
}

/** The CIDR and the excepts of every ipBlock of the cluster's policies, and every networks CIDR. */
export function ipBlockCidrs(cluster: Cluster): string[] {
  return ipBlocksOf(cluster).flatMap((b) => [b.cidr, ...(b.except ?? [])]);
}

/**
 * The first and last address of every ipBlock CIDR and except, their
 * neighbours outside them, and the ends of both address spaces: every run of
 * addresses that the ipBlocks cut the world into starts at one of them, so
 * between them they visit every such run.
 */
export function boundaryAddresses(cluster: Cluster): string[] {
  const spans = [SPACE[4], SPACE[6], ...ipBlockCidrs(cluster).map(addressSpan)];
  const out = new Set<string>();
  for (const s of spans) {
    for (const v of [s.lo - 1n, s.lo, s.hi, s.hi + 1n]) if (v >= 0n && v <= SPACE[s.family].hi) out.add(addressText(s.family, v));
  }
  return [...out];
}

/** The IPs to probe the world outside with: those drawn and the ipBlock boundaries, less any live endpoint's IP in these clusters. */
export function outsideProbes(drawn: readonly string[], clusters: readonly Cluster[], oracles: readonly ReferenceOracle[]): Probe[] {
  const candidates = new Set([...drawn, ...clusters.flatMap(boundaryAddresses)]);
  return [...candidates].filter((ip) => oracles.every((o) => !o.liveIPs.has(ip))).map(probe);
}
