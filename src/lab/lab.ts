/**
 * The lab: the cluster built from network namespaces on this machine, the
 * node rulesets applied as the agent would, real connections between every
 * source and destination, and the packets' verdicts compared with the
 * engine's. Everything it creates carries one per-run prefix and is removed
 * on success, failure and Ctrl-C (unless kept on purpose).
 *
 * Topology: a fabric namespace with a bridge joins the nodes' namespaces
 * (the underlay) and an "outside" namespace that holds the addresses beyond
 * the cluster. Each pod namespace has a veth to its node, whose routes and
 * forward hook carry and judge its traffic, so traffic between nodes leaves
 * one node and enters the other. A node's namespace holds the node's own
 * addresses, and its host-network pods run there, on those addresses: their
 * traffic with the node's pods crosses the node's input and output hooks,
 * as on a real node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { packageFile } from '../package-files.js';
import { readCounters, type KernelCounter } from '../agent/nft.js';
import { replaceTableScript } from '../dataplane/nft-text.js';
import { compileRuleset, type Ruleset } from '../dataplane/ruleset.js';
import type { DeniedLog } from '../dataplane/counters.js';
import { readNflog, type LoggedPacket } from '../agent/nflog.js';
import { enforcedPart, hasAudited } from '../engine/cluster.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import { parseAddress } from '../engine/ip.js';
import { portQueryText } from '../engine/ports.js';
import type { Endpoint, PortQuery } from '../engine/types.js';
import { addNamespace, deleteNamespace, inNamespace, ipIn, LabError, namespacesWithPrefix, sysctl } from './netns.js';
import type { LabPlan, LabPod } from './plan.js';
import { RemoteApiServer, type RemoteOptions } from './remote-api-server.js';
import type { Outcome } from './probe-agent.js';

const AGENT = packageFile('dist/lab/probe-agent.js');
export const STATE_DIR = '/run/palisade-lab';
const UNDERLAY4 = '169.254.200';
const UNDERLAY6 = 'fd70:0:0:1';
const GATEWAY4 = '169.254.1.1';
const GATEWAY6 = 'fe80::1';
/** The test API server's address on the underlay (see serveApi): below the outside namespace's .254. */
const API_SERVER4 = `${UNDERLAY4}.250`;

export interface ProbeResult {
  from: string;
  to: string;
  port: PortQuery;
  expected: boolean;
  /** The connection got through: `outcome` is `answered`. */
  observed: boolean;
  /** What came back; a dropped packet is a `timeout`, a rejected one is not. */
  outcome: Outcome;
}

export interface LabOptions extends EngineOptions {
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** One connection to try: from the agent `fromKey` (from `source`, when the agent holds many addresses) to `host`. */
interface ProbeTask {
  from: Endpoint;
  to: Endpoint;
  fromKey: string;
  source?: string;
  host: string;
  port: PortQuery;
}

interface Agent {
  child: ChildProcess;
  pending: Map<number, (outcome: Outcome) => void>;
}

/** The namespaces and processes of one run, remembered so a kept lab can be entered and removed later. */
export interface LabState {
  prefix: string;
  namespaces: Record<string, string>;
  pids: number[];
}

export class Lab {
  readonly prefix = `pl${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}-`;
  private readonly namespaces = new Map<string, string>();
  private readonly agents = new Map<string, Agent>();
  private readonly apiServers: RemoteApiServer[] = [];
  private nextId = 1;
  private nodeAgentLogs: Record<string, unknown>[] = [];
  /** What the packets are compared with: the engine on the cluster the nodes enforce (audited policies left out). */
  engine!: Engine;
  /** With audited policies: the engine that also enforces them, which the audit chains watch. */
  auditEngine: Engine | undefined;

  constructor(
    readonly plan: LabPlan,
    private readonly opts: LabOptions = {},
  ) {
    this.expect(plan);
  }

  /** The cluster changed (labels, policies; the same pods and IPs): compare with this one from now on. */
  expect(plan: LabPlan): void {
    this.engine = Engine.compile(enforcedPart(plan.cluster), this.opts);
    this.auditEngine = hasAudited(plan.cluster) ? Engine.compile(plan.cluster, this.opts) : undefined;
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private ns(key: string): string {
    let name = this.namespaces.get(key);
    if (!name) this.namespaces.set(key, (name = `${this.prefix}${key}`));
    return name;
  }

  /** Namespaces, links, addresses and routes. */
  build(): void {
    const { nodes, pods, externals } = this.plan;
    const fabric = this.ns('fabric');
    addNamespace(fabric);
    ipIn(fabric, 'link', 'add', 'br0', 'type', 'bridge');
    ipIn(fabric, 'link', 'set', 'br0', 'up');

    const underlay = (i: number) => ({ v4: `${UNDERLAY4}.${i + 1}`, v6: `${UNDERLAY6}::${i + 1}` });
    const attach = (ns: string, port: string, index: number) => {
      ipIn(fabric, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      ipIn(fabric, 'link', 'set', port, 'master', 'br0', 'up');
      ipIn(ns, 'addr', 'add', `${underlay(index).v4}/24`, 'dev', 'eth0');
      ipIn(ns, 'addr', 'add', `${underlay(index).v6}/64`, 'dev', 'eth0', 'nodad');
      ipIn(ns, 'link', 'set', 'eth0', 'up');
    };
    const outside = this.ns('outside');
    addNamespace(outside);
    attach(outside, 'out', 253);
    nodes.forEach((_, i) => {
      const ns = this.ns(`n${i}`);
      addNamespace(ns);
      sysctl(ns, { 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '1', 'net.ipv4.conf.all.rp_filter': '0' });
      attach(ns, `n${i}`, i);
    });
    const family = (ip: string) => (parseAddress(ip)!.family === 4 ? '-4' : '-6');
    // The nodes' own addresses (where their host-network pods listen): local to the node, routed to it by the others and the outside.
    nodes.forEach((node, i) => {
      for (const ip of this.plan.nodeIPs[node] ?? []) {
        const v4 = family(ip) === '-4';
        ipIn(this.ns(`n${i}`), 'addr', 'add', `${ip}/${v4 ? 32 : 128}`, 'dev', 'lo', ...(v4 ? [] : ['nodad']));
        const via = v4 ? underlay(i).v4 : underlay(i).v6;
        nodes.forEach((_, k) => k !== i && ipIn(this.ns(`n${k}`), family(ip), 'route', 'add', ip, 'via', via));
        ipIn(outside, family(ip), 'route', 'add', ip, 'via', via);
      }
    });
    pods.forEach((pod, j) => {
      if (pod.hostNetwork) return; // in its node's namespace, on the node's addresses
      const ns = this.ns(`p${j}`);
      const nodeIndex = nodes.indexOf(pod.node);
      const node = this.ns(`n${nodeIndex}`);
      addNamespace(ns);
      ipIn(node, 'link', 'add', `p${j}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      ipIn(node, 'addr', 'add', `${GATEWAY4}/32`, 'dev', `p${j}`);
      ipIn(node, 'addr', 'add', `${GATEWAY6}/64`, 'dev', `p${j}`, 'nodad');
      ipIn(node, 'link', 'set', `p${j}`, 'up');
      ipIn(ns, 'link', 'set', 'eth0', 'up');
      for (const ip of pod.ips) {
        const v4 = family(ip) === '-4';
        ipIn(ns, 'addr', 'add', `${ip}/${v4 ? 32 : 128}`, 'dev', 'eth0', ...(v4 ? [] : ['nodad']));
        ipIn(node, family(ip), 'route', 'add', ip, 'dev', `p${j}`);
        // Every other node and the outside reach this pod through its node.
        nodes.forEach((_, k) => k !== nodeIndex && ipIn(this.ns(`n${k}`), family(ip), 'route', 'add', ip, 'via', v4 ? underlay(nodeIndex).v4 : underlay(nodeIndex).v6));
        ipIn(outside, family(ip), 'route', 'add', ip, 'via', v4 ? underlay(nodeIndex).v4 : underlay(nodeIndex).v6);
      }
      ipIn(ns, '-4', 'route', 'add', GATEWAY4, 'dev', 'eth0');
      ipIn(ns, '-4', 'route', 'add', 'default', 'via', GATEWAY4, 'dev', 'eth0');
      ipIn(ns, '-6', 'route', 'add', 'default', 'via', GATEWAY6, 'dev', 'eth0');
    });
    for (const ip of externals) {
      const v4 = family(ip) === '-4';
      ipIn(outside, 'addr', 'add', `${ip}/${v4 ? 32 : 128}`, 'dev', 'lo');
      nodes.forEach((_, i) => ipIn(this.ns(`n${i}`), family(ip), 'route', 'add', ip, 'via', v4 ? underlay(253).v4 : underlay(253).v6));
    }
    const onHost = pods.filter((p) => p.hostNetwork).length;
    this.log(`built ${nodes.length} node(s), ${pods.length - onHost} pod(s)${onHost ? ` and ${onHost} host-network pod(s)` : ''}, ${externals.length} outside address(es) as namespaces ${this.prefix}*`);
  }

  /** Each node's ruleset, compiled and applied as the agent does (one atomic nft transaction), drops logged with `log`; in node order. */
  applyRulesets(log?: DeniedLog): Ruleset[] {
    return this.plan.nodes.map((node, i) => {
      const started = performance.now();
      const ruleset = compileRuleset(this.engine, node, { ...(this.auditEngine ? { audit: this.auditEngine } : {}), ...(log ? { log } : {}) });
      inNamespace(this.ns(`n${i}`), 'nft', ['-f', '-'], replaceTableScript(ruleset));
      this.log(`applied the ruleset of node ${node} in ${(performance.now() - started).toFixed(0)} ms`);
      return ruleset;
    });
  }

  /** Reads what a node's ruleset logs to an NFLOG group, as the agent does; returns what stops it. */
  readNflog(nodeIndex: number, group: number, onPacket: (p: LoggedPacket) => void, onError: (message: string) => void): () => void {
    return readNflog(group, onPacket, onError, ['ip', 'netns', 'exec', this.ns(`n${nodeIndex}`), 'tcpdump']);
  }

  /**
   * A test API server for the node agents to read (`palisade agent
   * --cluster`), listening in the fabric namespace on an address of the
   * underlay, which every node reaches. Stopped with the lab.
   */
  async serveApi(opts: Omit<RemoteOptions, 'netns' | 'host'> = {}): Promise<RemoteApiServer> {
    const fabric = this.ns('fabric');
    ipIn(fabric, 'addr', 'add', `${API_SERVER4}/24`, 'dev', 'br0');
    const server = await RemoteApiServer.start({ ...opts, netns: fabric, host: API_SERVER4 });
    this.apiServers.push(server);
    return server;
  }

  /**
   * Instead of applying rulesets once: a real `palisade agent` process in
   * each node's namespace, reading `input` (`-f PATH` manifests, polled every
   * `intervalMs`, or `--cluster --kubeconfig PATH` for the API server of
   * serveApi), so changes made while it runs reach the kernel as they would
   * on a node.
   */
  startNodeAgents(input: string[], intervalMs = 200): void {
    const cli = packageFile('dist/cli/main.js');
    this.plan.nodes.forEach((node, i) => {
      const args = ['netns', 'exec', this.ns(`n${i}`), process.execPath, cli, 'agent', '--node', node, '--interval', String(intervalMs), '--log-format', 'json', ...input];
      if (this.opts.ipBlockMatchesPods === false) args.push('--no-ipblock-matches-pods');
      const child = spawn('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      this.agents.set(`agent:${node}`, { child, pending: new Map() });
      createInterface({ input: child.stderr! }).on('line', (line) => {
        try {
          this.nodeAgentLogs.push({ node, ...(JSON.parse(line) as Record<string, unknown>) });
        } catch {
          this.nodeAgentLogs.push({ node, msg: line });
        }
      });
    });
  }

  /** Where the node agents' log is now: wait for what comes after it. */
  nodeAgentLogMark(): number {
    return this.nodeAgentLogs.length;
  }

  nodeAgentLogsSince(mark: number): Record<string, unknown>[] {
    return this.nodeAgentLogs.slice(mark);
  }

  /** Resolves with the node agents' log after `mark` once every node has reconciled (applied, or found no change). */
  async nodeAgentsReconciled(mark: number, timeoutMs = 15_000): Promise<Record<string, unknown>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const since = this.nodeAgentLogsSince(mark);
      const settled = (node: string) => since.some((l) => l['node'] === node && (l['msg'] === 'applied' || l['msg'] === 'no change'));
      if (this.plan.nodes.every(settled)) return since;
      if (Date.now() > deadline) throw new LabError(`node agents did not reconcile in time: ${JSON.stringify(since)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * One probe agent per pod and one outside, listening on the ports worth
   * probing: each pod's container ports and `alsoServed(ref)` (a server
   * need not declare its port), the outside on `ports`.
   */
  async startAgents(ports: PortQuery[], alsoServed: (ref: string) => PortQuery[] = () => []): Promise<void> {
    const listen = (qs: PortQuery[]) => [
      '--tcp',
      qs.filter((q) => q.protocol === 'TCP').map((q) => q.port).join(','),
      '--udp',
      qs.filter((q) => q.protocol === 'UDP').map((q) => q.port).join(','),
    ];
    const served = (ref: string) => [...this.servedBy(ref), ...alsoServed(ref)];
    const starts = this.plan.pods.flatMap((pod, j) => (pod.hostNetwork ? [] : [this.startAgent(pod.ref, this.ns(`p${j}`), listen(uniquePorts(served(pod.ref))))]));
    // A node's host-network pods share its namespace: one agent serves all their ports, answering UDP from the node's addresses.
    this.plan.nodes.forEach((node, i) => {
      const onNode = this.plan.pods.filter((p) => p.hostNetwork && p.node === node);
      if (onNode.length === 0) return;
      starts.push(this.startAgent(hostKey(node), this.ns(`n${i}`), [...listen(uniquePorts(onNode.flatMap((p) => served(p.ref)))), '--bind', this.plan.nodeIPs[node]!.join(',')]));
    });
    // The outside holds many addresses: UDP answers must come from the address asked, so it binds each.
    starts.push(this.startAgent('outside', this.ns('outside'), [...listen(ports), '--bind', this.plan.externals.join(',')]));
    await Promise.all(starts);
  }

  private servedBy(ref: string): PortQuery[] {
    const ep = this.engine.resolve(ref);
    if (!ep || ep.kind === 'external') return [];
    return uniquePorts((ep.servedPorts ?? []).filter((q) => q.protocol !== 'SCTP'));
  }

  private startAgent(key: string, ns: string, args: string[]): Promise<void> {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, AGENT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const agent: Agent = { child, pending: new Map() };
    this.agents.set(key, agent);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const msg = JSON.parse(line) as { ready?: boolean; id?: number; outcome?: Outcome };
        if (msg.ready) return resolve();
        agent.pending.get(msg.id!)?.(msg.outcome!);
        agent.pending.delete(msg.id!);
      });
      child.once('exit', (code) => reject(new LabError(`probe agent in ${ns} exited (${code}): ${stderr.trim()}`)));
    });
  }

  private probe(from: string, source: string | undefined, host: string, q: PortQuery): Promise<Outcome> {
    const agent = this.agents.get(from)!;
    const id = this.nextId++;
    const timeoutMs = this.opts.timeoutMs ?? 800;
    return new Promise((resolve) => {
      agent.pending.set(id, resolve);
      agent.child.stdin!.write(JSON.stringify({ id, protocol: q.protocol, host, port: q.port, source, timeoutMs }) + '\n');
    });
  }

  /** `count` connections from one pod to an address, `parallel` at a time: how many got through, in how long (benchmarks). */
  async connections(fromRef: string, host: string, port: PortQuery, count: number, parallel = 16): Promise<{ ok: number; ms: number }> {
    let started = 0;
    let ok = 0;
    const begin = performance.now();
    const worker = async () => {
      while (started++ < count) if ((await this.probe(fromRef, undefined, host, port)) === 'answered') ok++;
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return { ok, ms: performance.now() - begin };
  }

  /** Replace a node's ruleset with this script (benchmarks and experiments). */
  applyScript(nodeIndex: number, script: string): void {
    inNamespace(this.ns(`n${nodeIndex}`), 'nft', ['-f', '-'], script);
  }

  /** The named counters of a node's ruleset, as the kernel has counted. */
  readCounters(nodeIndex: number): Promise<KernelCounter[]> {
    return readCounters(['ip', 'netns', 'exec', this.ns(`n${nodeIndex}`), 'nft']);
  }

  /**
   * Every source × destination × port the destination listens on, as real
   * connections, compared with the engine; `only` narrows it to one port,
   * and to pods when `podsOnly`.
   */
  async probeAll(ports: PortQuery[], parallel = 64, only?: { port: PortQuery; podsOnly: boolean }): Promise<ProbeResult[]> {
    const tasks: ProbeTask[] = [];
    const pods = this.plan.pods.map((p) => ({ p, ep: this.engine.resolve(p.ref)! }));
    const outside = only?.podsOnly ? [] : this.plan.externals.map((ip) => this.engine.resolve(ip)!);
    const family = (ip: string) => parseAddress(ip)!.family;
    const served = (ref: string) =>
      this.servedBy(ref).filter((q) => !only || (q.port === only.port.port && q.protocol === only.port.protocol));
    for (const { p: src, ep: from } of pods) {
      for (const { p: dst, ep: to } of pods) {
        for (const host of dst.ips) {
          const source = this.sourceOf(src, family(host));
          if (!source) continue;
          for (const port of served(dst.ref)) tasks.push({ from, to, ...source, host, port });
        }
      }
      for (const to of outside) {
        const source = this.sourceOf(src, family(to.ref));
        if (!source) continue;
        for (const port of ports) tasks.push({ from, to, ...source, host: to.ref, port });
      }
    }
    for (const from of outside) {
      for (const { p: dst, ep: to } of pods) {
        for (const host of dst.ips) {
          if (family(host) !== family(from.ref)) continue;
          for (const port of served(dst.ref)) tasks.push({ from, to, fromKey: 'outside', source: from.ref, host, port });
        }
      }
    }
    const results = await this.probeTasks(tasks, parallel);
    return results.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.port.port - b.port.port || a.port.protocol.localeCompare(b.port.protocol));
  }

  /** Connections from pod to pod (refs), to each address of the destination in a family the source has; results in the order asked. */
  async probePairs(pairs: { from: string; to: string; port: PortQuery }[], parallel = 64): Promise<ProbeResult[]> {
    const podOf = (ref: string) => {
      const pod = this.plan.pods.find((p) => p.ref === ref);
      if (!pod) throw new LabError(`no pod ${ref} in the lab`);
      return { pod, ep: this.engine.resolve(ref)! };
    };
    const family = (ip: string) => parseAddress(ip)!.family;
    const tasks = pairs.flatMap(({ from, to, port }) => {
      const src = podOf(from);
      const dst = podOf(to);
      return dst.pod.ips.flatMap((host) => {
        const source = this.sourceOf(src.pod, family(host));
        return source ? [{ from: src.ep, to: dst.ep, ...source, host, port }] : [];
      });
    });
    return this.probeTasks(tasks, parallel);
  }

  /**
   * Which agent a pod's connections in a family start from, and from which
   * address: a host-network pod's from its node's agent, from its own IP;
   * none when the pod has no IP of that family.
   */
  private sourceOf(pod: LabPod, family: 4 | 6): { fromKey: string; source?: string } | undefined {
    const ip = pod.ips.find((a) => parseAddress(a)!.family === family);
    if (!ip) return undefined;
    return pod.hostNetwork ? { fromKey: hostKey(pod.node), source: ip } : { fromKey: pod.ref };
  }

  /** The tasks, `parallel` at a time, each compared with the engine; results in task order. */
  private async probeTasks(tasks: ProbeTask[], parallel: number): Promise<ProbeResult[]> {
    const results: ProbeResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        const i = next++;
        const t = tasks[i]!;
        const outcome = await this.probe(t.fromKey, t.source, t.host, t.port);
        const expected = this.engine.allowed(t.from, t.to, t.port);
        results[i] = { from: this.display(t.from), to: this.display(t.to), port: t.port, expected, observed: outcome === 'answered', outcome };
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return results;
  }

  display(ep: Endpoint): string {
    return this.plan.pods.find((p) => p.ref === ep.ref)?.display ?? ep.ref;
  }

  /** The ports a matrix would use: those the policies name and those the pods serve, TCP and UDP. */
  portsOfInterest(): PortQuery[] {
    return this.engine.portsOfInterest();
  }

  /** A command inside a pod's namespace (`--keep` labs): a host-network pod's is its node's. */
  namespaceOf(ref: string): string | undefined {
    const j = this.plan.pods.findIndex((p) => p.ref === ref || p.display === ref);
    return j === -1 ? undefined : this.podNamespace(j);
  }

  private podNamespace(j: number): string {
    const pod = this.plan.pods[j]!;
    return pod.hostNetwork ? this.ns(`n${this.plan.nodes.indexOf(pod.node)}`) : this.ns(`p${j}`);
  }

  saveState(): string {
    mkdirSync(STATE_DIR, { recursive: true });
    const state: LabState = {
      prefix: this.prefix,
      namespaces: Object.fromEntries(this.plan.pods.map((p, j) => [p.display, this.podNamespace(j)])),
      pids: [...this.agents.values()].flatMap((a) => (a.child.pid ? [a.child.pid] : [])),
    };
    const file = `${STATE_DIR}/${this.prefix.slice(0, -1)}.json`;
    writeFileSync(file, JSON.stringify(state, null, 2));
    for (const a of this.agents.values()) a.child.unref();
    return file;
  }

  /** Stop every agent and delete every namespace of this run. Safe to call twice. */
  teardown(): void {
    for (const a of this.agents.values()) a.child.kill('SIGKILL');
    this.agents.clear();
    for (const server of this.apiServers.splice(0)) void server.stop();
    for (const ns of namespacesWithPrefix(this.prefix)) deleteNamespace(ns);
  }
}

/** The agent of a node's host-network pods. */
const hostKey = (node: string) => `host:${node}`;

/** Each port once: two containers may declare the same port, and a socket listens on it once. */
const uniquePorts = (qs: PortQuery[]) => [...new Map(qs.map((q) => [portQueryText(q), q])).values()];

/** Remove kept labs: their agents and namespaces. */
export function removeKeptLabs(): string[] {
  const removed: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(STATE_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    // no kept lab
  }
  for (const f of files) {
    const state = JSON.parse(readFileSync(`${STATE_DIR}/${f}`, 'utf8')) as LabState;
    for (const pid of state.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const ns of namespacesWithPrefix(state.prefix)) deleteNamespace(ns);
    rmSync(`${STATE_DIR}/${f}`);
    removed.push(state.prefix);
  }
  return removed;
}

export function keptLabNamespace(ref: string): string | undefined {
  let files: string[] = [];
  try {
    files = readdirSync(STATE_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return undefined;
  }
  for (const f of files) {
    const state = JSON.parse(readFileSync(`${STATE_DIR}/${f}`, 'utf8')) as LabState;
    if (state.namespaces[ref]) return state.namespaces[ref];
  }
  return undefined;
}
