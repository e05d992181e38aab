/**
 * What the lab will build from a cluster: nodes, one network namespace per
 * pod with its IP (or one the lab allocates), a workload's template as one
 * pod, addresses outside the cluster taken from the ipBlocks, and the ports
 * each of them listens on. The engine is compiled on this same cluster, so
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
}

export interface LabPlan {
  nodes: string[];
  pods: LabPod[];
  externals: string[];
  /** The cluster as built: workloads turned into pods, IPs allocated. */
  cluster: Cluster;
  /** What the lab leaves out, and why. */
  skipped: { ref: string; reason: string }[];
}

const ALLOCATED = '10.250';
const ELSEWHERE = ['198.51.100.10', '2001:db8:ffff::10'];
const MAX_EXTERNALS = 16;

export function planLab(cluster: Cluster, minNodes: number): LabPlan {
  const skipped: LabPlan['skipped'] = [];
  const pods: Pod[] = [];
  for (const pod of cluster.pods) {
    const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (isTerminated(pod)) skipped.push({ ref, reason: `phase ${pod.status.phase}: not running` });
    else if (pod.spec.hostNetwork) skipped.push({ ref, reason: 'host-network pods share their node’s namespace; the lab does not model nodes’ own addresses' });
    else pods.push(pod);
  }
  const display = new Map<string, string>();
  // A workload whose pods are in the input is already there as those pods.
  const { standing } = ownership(pods.map((p) => podEndpoint(p)), cluster.workloads);
  for (const w of standing) {
    if (w.template.spec.hostNetwork) {
      skipped.push({ ref: `${w.metadata.namespace}/${w.kind.toLowerCase()}/${w.metadata.name}`, reason: 'host-network template' });
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

  const nodeNames = [...new Set(pods.flatMap((p) => (p.spec.nodeName ? [p.spec.nodeName] : [])))].sort();
  for (let i = 1; nodeNames.length < Math.max(1, minNodes); i++) if (!nodeNames.includes(`lab-node-${i}`)) nodeNames.push(`lab-node-${i}`);

  const used = new Set(pods.flatMap(writtenPodIPs));
  let next = 1;
  const allocate = (): string => {
    for (;;) {
      const ip = `${ALLOCATED}.${next >> 8}.${next & 255}`;
      next++;
      if (!used.has(ip)) return (used.add(ip), ip);
    }
  };
  let spread = 0;
  const placed: Pod[] = pods.map((p) => {
    const ips = writtenPodIPs(p);
    const nodeName = p.spec.nodeName ?? nodeNames[spread++ % nodeNames.length]!;
    return {
      ...p,
      spec: { ...p.spec, nodeName },
      status: { ...p.status, phase: 'Running', ...(ips.length ? {} : { podIP: allocate() }) },
    };
  });
  const labPods: LabPod[] = placed.map((p) => {
    const ref = `${p.metadata.namespace}/${p.metadata.name}`;
    return { ref, display: display.get(ref) ?? ref, node: p.spec.nodeName!, ips: writtenPodIPs(p).map((ip) => parseAddress(ip)?.text ?? ip) };
  });

  return {
    nodes: nodeNames,
    pods: labPods,
    externals: externalsFor(cluster, used),
    cluster: { ...cluster, pods: placed, workloads: [] },
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
