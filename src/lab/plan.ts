/**
 * What the lab will build from a cluster: nodes with their addresses, one
 * network namespace per pod with its IP (or one the lab allocates), a
 * host-network pod in its node's namespace on its node's address, a
 * workload's template as one pod, addresses outside the cluster taken from
 * the ipBlocks, and the ports each of them listens on. The engine is compiled on this same cluster, so
 * the expectation and the packets concern the very same pods.
 */
import type { Cluster } from '../engine/cluster.js';
import { isTerminated, podEndpoint } from '../engine/endpoints.js';
import { parseAddress, type Range } from '../engine/ip.js';
import { ownership } from '../engine/owners.js';
import { insideAny, ipBlockRangesOf } from '../engine/selections.js';
import type { PortQuery } from '../engine/types.js';
import { writtenPodIPs, type Pod } from '../model/objects.js';

export interface LabPod {
  /** The ref the engine knows the pod by. */
  ref: string;
  /** What to show: the workload's ref for a workload's stand-in pod. */
  display: string;
  node: string;
  ips: string[];
  /** Runs in its node's namespace: its IPs are the node's. */
  hostNetwork?: boolean;
}

export interface LabPlan {
  nodes: string[];
  /**
   * Each node's own addresses, by name: its Node object's InternalIP and
   * ExternalIP addresses, and its host-network pods' IPs.
   */
  nodeIPs: Record<string, string[]>;
  pods: LabPod[];
  externals: string[];
  /** The cluster as built: workloads turned into pods, IPs allocated. */
  cluster: Cluster;
  /** What the lab leaves out, and why. */
  skipped: { ref: string; reason: string }[];
}

const ALLOCATED = '10.250';
/** Addresses for nodes that run host-network pods but have none known. */
const NODE_ALLOCATED = '10.251';
const ELSEWHERE = ['198.51.100.10', '2001:db8:ffff::10'];
const MAX_EXTERNALS = 16;

export function planLab(cluster: Cluster, minNodes: number): LabPlan {
  const skipped: LabPlan['skipped'] = [];
  const pods: Pod[] = [];
  const hostPods: Pod[] = [];
  for (const pod of cluster.pods) {
    const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (isTerminated(pod)) skipped.push({ ref, reason: `phase ${pod.status.phase}: not running` });
    else if (pod.spec.hostNetwork) hostPods.push(pod);
    else pods.push(pod);
  }
  const display = new Map<string, string>();
  // A workload whose pods are in the input is already there as those pods.
  const { standing } = ownership([...pods, ...hostPods].map((p) => podEndpoint(p)), cluster.workloads);
  for (const w of standing) {
    if (w.template.spec.hostNetwork) {
      skipped.push({ ref: `${w.metadata.namespace}/${w.kind.toLowerCase()}/${w.metadata.name}`, reason: 'host-network template: a template has no node, so no node address' });
      continue;
    }
    const name = `${w.metadata.name}-${w.kind.toLowerCase()}`.slice(0, 63);
    display.set(`${w.metadata.namespace}/${name}`, `${w.metadata.namespace}/${w.kind.toLowerCase()}/${w.metadata.name}`);
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: w.metadata.namespace ?? 'default', labels: { ...w.template.metadata.labels } },
      spec: { ...w.template.spec },
      status: { phase: 'Running' },
      origin: w.origin,
    });
  }

  const nodeNames = [...new Set([...pods, ...hostPods].flatMap((p) => (p.spec.nodeName ? [p.spec.nodeName] : [])))].sort();
  for (let i = 1; nodeNames.length < Math.max(1, minNodes); i++) if (!nodeNames.includes(`lab-node-${i}`)) nodeNames.push(`lab-node-${i}`);

  const canonical = (ip: string) => parseAddress(ip)?.text ?? ip;
  const used = new Set(pods.flatMap(writtenPodIPs).map(canonical));
  // The nodes' own addresses: their Node objects', unless a pod has one of them.
  const nodeIPs: Record<string, string[]> = Object.fromEntries(nodeNames.map((n) => [n, []]));
  const nodeOf = new Map<string, string>();
  const addNodeIP = (node: string, ip: string) => {
    if (nodeOf.has(ip)) return;
    nodeOf.set(ip, node);
    nodeIPs[node]!.push(ip);
  };
  for (const n of cluster.nodes) {
    const name = n.metadata.name ?? '';
    if (!nodeNames.includes(name)) continue;
    for (const a of n.status?.addresses ?? []) {
      if (a.type !== 'InternalIP' && a.type !== 'ExternalIP') continue;
      const ip = canonical(a.address);
      if (!parseAddress(ip)) continue;
      if (used.has(ip) || (nodeOf.has(ip) && nodeOf.get(ip) !== name)) skipped.push({ ref: `node/${name}`, reason: `address ${ip} is also another pod's or node's: left out` });
      else addNodeIP(name, ip);
    }
  }
  let spread = 0;
  let nextNodeIP = 1;
  const placedHost: Pod[] = [];
  for (const p of hostPods) {
    const ref = `${p.metadata.namespace}/${p.metadata.name}`;
    const ips = writtenPodIPs(p).map(canonical);
    // On its node; else on the node that has its IP; else spread like the others.
    const nodeName = p.spec.nodeName ?? ips.map((ip) => nodeOf.get(ip)).find((n) => n !== undefined) ?? nodeNames[spread++ % nodeNames.length]!;
    const clash = ips.find((ip) => used.has(ip) || (nodeOf.has(ip) && nodeOf.get(ip) !== nodeName));
    if (clash) {
      skipped.push({ ref, reason: `host-network pod: its IP ${clash} is another pod's or another node's` });
      continue;
    }
    if (ips.length === 0 && nodeIPs[nodeName]!.length === 0) {
      for (;;) {
        const ip = `${NODE_ALLOCATED}.${nextNodeIP >> 8}.${nextNodeIP & 255}`;
        nextNodeIP++;
        if (!used.has(ip) && !nodeOf.has(ip)) {
          addNodeIP(nodeName, ip);
          break;
        }
      }
    }
    for (const ip of ips) addNodeIP(nodeName, ip);
    // A host-network pod without an IP has its node's.
    const own = ips.length ? {} : { podIP: nodeIPs[nodeName]![0]!, podIPs: nodeIPs[nodeName]!.map((ip) => ({ ip })) };
    placedHost.push({ ...p, spec: { ...p.spec, nodeName }, status: { ...p.status, phase: 'Running', ...own } });
  }
  for (const ip of nodeOf.keys()) used.add(ip);

  let next = 1;
  const allocate = (): string => {
    for (;;) {
      const ip = `${ALLOCATED}.${next >> 8}.${next & 255}`;
      next++;
      if (!used.has(ip)) return (used.add(ip), ip);
    }
  };
  const placed: Pod[] = pods.map((p) => {
    const ips = writtenPodIPs(p);
    const nodeName = p.spec.nodeName ?? nodeNames[spread++ % nodeNames.length]!;
    return {
      ...p,
      spec: { ...p.spec, nodeName },
      status: { ...p.status, phase: 'Running', ...(ips.length ? {} : { podIP: allocate() }) },
    };
  });
  const labPods: LabPod[] = [...placed, ...placedHost].map((p) => {
    const ref = `${p.metadata.namespace}/${p.metadata.name}`;
    return { ref, display: display.get(ref) ?? ref, node: p.spec.nodeName!, ips: writtenPodIPs(p).map(canonical), ...(p.spec.hostNetwork ? { hostNetwork: true } : {}) };
  });

  return {
    nodes: nodeNames,
    nodeIPs,
    pods: labPods,
    externals: externalsFor(cluster, used),
    cluster: { ...cluster, pods: [...placed, ...placedHost], workloads: [] },
    skipped,
  };
}

/** An address inside each ipBlock, one inside each except, and one outside them all, none a pod's. */
function externalsFor(cluster: Cluster, podIPs: Set<string>): string[] {
  const ranges = ipBlockRangesOf(cluster.policies);
  const out = new Set<string>();
  for (const r of ranges) {
    const candidate = hostIn(r);
    if (candidate && !podIPs.has(candidate)) out.add(candidate);
  }
  for (const ip of ELSEWHERE) if (!insideAny(ranges, ip)) out.add(ip);
  return [...out].slice(0, MAX_EXTERNALS);
}

/** A host address inside a range: the network address + 9, or the only address of a tiny range. */
function hostIn(r: Range): string | undefined {
  const base = parseAddress(r.text.split('/')[0]!);
  if (!base) return undefined;
  const size = r.family === 4 ? Number(r.hi) - Number(r.lo) : Number(BigInt(r.hi) - BigInt(r.lo) > 1000n ? 1000n : BigInt(r.hi) - BigInt(r.lo));
  const offset = Math.min(9, size);
  if (r.family === 4) {
    const v = Number(r.lo) + offset;
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
  }
  const v = BigInt(r.lo) + BigInt(offset);
  const groups = Array.from({ length: 8 }, (_, i) => ((v >> BigInt(16 * (7 - i))) & 0xffffn).toString(16));
  return parseAddress(groups.join(':'))?.text;
}

/** The ports worth probing: TCP and UDP; SCTP has no sockets on this kernel. */
export function probePorts(ports: PortQuery[]): { probed: PortQuery[]; sctp: PortQuery[] } {
  return { probed: ports.filter((q) => q.protocol !== 'SCTP'), sctp: ports.filter((q) => q.protocol === 'SCTP') };
}
