/**
 * Compiles the engine's answers for the pods of one node into an nftables
 * ruleset model. Nothing here decides: which peers and ports each rule allows
 * comes from the engine (allowancesOf); this turns them into sets, per-pod
 * chains and dispatch maps, so that a packet only ever walks the chains of
 * the pods it concerns.
 */
import { createHash } from 'node:crypto';
import { allowancesOf, type RuleAllowance } from '../engine/allowances.js';
import type { Engine } from '../engine/engine.js';
import { parseAddress, rangeDifference, type Range } from '../engine/ip.js';
import { entryProtocol, hasNamedPort } from '../engine/ports.js';
import type { Direction, PodEndpoint, Protocol } from '../engine/types.js';

export const TABLE = 'palisade';

export type Family = 4 | 6;

export interface NftSet {
  name: string;
  type: string;
  interval: boolean;
  elements: string[];
}

export interface NftChain {
  name: string;
  rules: string[];
}

export interface Dispatch {
  /** `ingress4`, `egress6`, ... */
  name: string;
  family: Family;
  direction: Direction;
  /** Pod IP → chain. */
  elements: [string, string][];
}

export interface PodRules {
  ref: string;
  ips: string[];
  ingress: string | null;
  egress: string | null;
}

export interface Ruleset {
  table: string;
  node: string | null;
  pods: PodRules[];
  sets: NftSet[];
  chains: NftChain[];
  maps: Dispatch[];
  /** Endpoints that cannot be enforced here, and why (workload templates have no IP). */
  skipped: { ref: string; reason: string }[];
}

const L4: Record<Protocol, string> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

export function compileRuleset(engine: Engine, node: string | null): Ruleset {
  const sets = new Map<string, NftSet>();
  const chains = new Map<string, NftChain>();
  const pods: PodRules[] = [];
  const skipped: Ruleset['skipped'] = [];
  const local = engine.endpoints().filter((e) => node === null || e.node === node);
  // Pods of one identity get the same chains, and a rule gives the same lines to every pod it applies to.
  const allowanceCache = new Map<string, RuleAllowance>();
  const linesCache = new Map<string, string[]>();
  const chainCache = new Map<string, string | null>();
  for (const ep of local) {
    if (ep.kind === 'workload') {
      skipped.push({ ref: ep.ref, reason: 'a workload template has no pods or IPs to enforce on' });
      continue;
    }
    if (ep.hostNetwork) continue; // never selected: nothing to enforce
    if (ep.ips.length === 0) {
      skipped.push({ ref: ep.ref, reason: 'the pod has no IP yet' });
      continue;
    }
    const chainFor = (direction: Direction): string | null => {
      const identityKey = `${engine.identityOf(ep).id}\u0001${direction}`;
      if (chainCache.has(identityKey)) return chainCache.get(identityKey)!;
      const allowances = allowancesOf(engine, ep, direction, allowanceCache);
      let name: string | null = null;
      if (allowances !== null) {
        const rules = allowances.flatMap((a) => {
          // Only ingress named ports depend on the pod (its own numbers); the identity fixes those too.
          const key = `${a.policy}\u0001${direction}\u0001${a.rule}`;
          let lines = linesCache.get(key);
          if (!lines || (direction === 'ingress' && hasNamedPort(a.ports))) {
            lines = ruleLines(a, direction, ep, engine, sets);
            linesCache.set(key, lines);
          }
          return lines;
        });
        rules.push('drop');
        name = `${direction === 'ingress' ? 'in' : 'out'}_${hash(rules.join('\n'))}`;
        chains.set(name, { name, rules });
      }
      chainCache.set(identityKey, name);
      return name;
    };
    pods.push({ ref: ep.ref, ips: ep.ips, ingress: chainFor('ingress'), egress: chainFor('egress') });
  }
  const maps: Dispatch[] = [];
  for (const direction of ['egress', 'ingress'] as const) {
    for (const family of [4, 6] as const) {
      const elements: [string, string][] = [];
      for (const p of pods) {
        const chain = p[direction];
        if (!chain) continue;
        for (const ip of p.ips) if (parseAddress(ip)!.family === family) elements.push([ip, chain]);
      }
      maps.push({ name: `${direction}${family}`, family, direction, elements: elements.sort(([a], [b]) => compareText(a, b)) });
    }
  }
  return {
    table: TABLE,
    node,
    pods,
    sets: [...sets.values()].sort((a, b) => compareText(a.name, b.name)),
    chains: [...chains.values()].sort((a, b) => compareText(a.name, b.name)),
    maps,
    skipped,
  };
}

/**
 * The rules for one allowance: the far end's addresses (or any), and the
 * ports (or any). Named ports are resolved on the destination: for ingress
 * that is this pod; for egress each destination pod, as address-port pairs.
 */
function ruleLines(a: RuleAllowance, direction: Direction, ep: PodEndpoint, engine: Engine, sets: Map<string, NftSet>): string[] {
  const verdict = direction === 'ingress' ? 'accept' : 'return';
  const far = direction === 'ingress' ? 'saddr' : 'daddr';
  const comment = `comment "${a.policy} ${direction}[${a.rule}]"`;
  const numeric = (a.ports ?? []).filter((p) => typeof p.port !== 'string');
  const named = (a.ports ?? []).filter((p) => typeof p.port === 'string');
  const allPorts = !a.ports || a.ports.length === 0;

  // Port elements for one match; for ingress, names become this pod's numbers.
  const portElements = numeric.map((p) => `${L4[entryProtocol(p)]} . ${p.port === undefined ? '0-65535' : p.endPort === undefined ? p.port : `${p.port}-${p.endPort}`}`);
  if (direction === 'ingress') {
    for (const p of named) {
      for (const n of ep.namedPorts) if (n.name === p.port && n.protocol === entryProtocol(p)) portElements.push(`${L4[n.protocol]} . ${n.port}`);
    }
  }
  const portMatch = allPorts ? '' : portElements.length ? ` meta l4proto . th dport @${addSet(sets, 'p', 'inet_proto . inet_service', true, mergePorts(portElements))}` : null;

  const lines: string[] = [];
  for (const family of [4, 6] as const) {
    const ip = family === 4 ? 'ip' : 'ip6';
    let addressMatch = '';
    if (a.peers !== 'any') {
      const addresses = addressElements(engine, a.peers.endpoints, a.peers.ranges, family);
      if (addresses.length === 0) continue;
      addressMatch = ` ${ip} ${far} @${addSet(sets, 'a', family === 4 ? 'ipv4_addr' : 'ipv6_addr', true, addresses)}`;
    } else if (portMatch !== null || (direction === 'egress' && named.length)) {
      // Any peer: match the family only, so the rule is written once per family.
      addressMatch = ` meta nfproto ${family === 4 ? 'ipv4' : 'ipv6'}`;
    }
    if (portMatch !== null) lines.push(`${addressMatch.trim()}${portMatch} ${verdict} ${comment}`.trim());
    if (direction === 'egress' && named.length) {
      // Destination pods that serve the name, at the number they serve it on.
      const targets = a.peers === 'any' ? engine.endpoints() : a.peers.endpoints;
      const elements = new Set<string>();
      for (const t of targets) {
        for (const p of named) {
          for (const n of t.namedPorts) {
            if (n.name !== p.port || n.protocol !== entryProtocol(p)) continue;
            for (const addr of t.ips) if (parseAddress(addr)!.family === family) elements.add(`${addr} . ${L4[n.protocol]} . ${n.port}`);
          }
        }
      }
      if (elements.size) {
        const type = `${family === 4 ? 'ipv4_addr' : 'ipv6_addr'} . inet_proto . inet_service`;
        lines.push(`${ip} daddr . meta l4proto . th dport @${addSet(sets, 'n', type, false, [...elements].sort(compareText))} return ${comment}`);
      }
    }
  }
  return lines;
}

/** Pod IPs and ranges of one family as non-overlapping CIDRs, as interval sets require. */
function addressElements(engine: Engine, endpoints: PodEndpoint[], ranges: Range[], family: Family): string[] {
  const own = endpoints.flatMap((e) => engine.addressesOf(e)).filter((a) => a.family === family);
  const singles: Range[] = own.map((a) => ({ family: a.family, lo: a.value, hi: a.value, text: a.text }));
  const merged = rangeDifference([...singles, ...ranges.filter((r) => r.family === family)], []);
  return merged.map((r) => (r.text.endsWith(family === 4 ? '/32' : '/128') ? r.text.slice(0, r.text.lastIndexOf('/')) : r.text));
}

/** `tcp . 80`, `tcp . 8000-8100`: merged per protocol so intervals never overlap. */
function mergePorts(elements: string[]): string[] {
  const byProto = new Map<string, [number, number][]>();
  for (const e of elements) {
    const [proto, span] = e.split(' . ') as [string, string];
    const [lo, hi] = span.includes('-') ? span.split('-').map(Number) : [Number(span), Number(span)];
    let list = byProto.get(proto);
    if (!list) byProto.set(proto, (list = []));
    list.push([lo!, hi!]);
  }
  const out: string[] = [];
  for (const proto of [...byProto.keys()].sort()) {
    const spans = byProto.get(proto)!.sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const [lo, hi] of spans) {
      const last = merged[merged.length - 1];
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else merged.push([lo, hi]);
    }
    for (const [lo, hi] of merged) out.push(`${proto} . ${lo === hi ? lo : `${lo}-${hi}`}`);
  }
  return out;
}

/** Sets are named by their content, so equal sets are one set and names are stable. */
function addSet(sets: Map<string, NftSet>, prefix: string, type: string, interval: boolean, elements: string[]): string {
  const name = `${prefix}_${hash(`${type}\n${elements.join('\n')}`)}`;
  if (!sets.has(name)) sets.set(name, { name, type, interval, elements });
  return name;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
