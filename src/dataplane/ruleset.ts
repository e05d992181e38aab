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
import type { Interval, PortSet } from '../engine/port-set.js';
import { MAX_PORT, MIN_PORT } from '../engine/ports.js';
import type { Action } from '../engine/side-policy.js';
import { PROTOCOLS, type Direction, type PodEndpoint, type Protocol } from '../engine/types.js';

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

/** What a matching entry does to the packet. An egress allow returns, so that the destination's ingress chain is still asked. */
const VERDICTS: Record<Exclude<Action, 'pass'>, Record<Direction, string>> = {
  allow: { ingress: 'accept', egress: 'return' },
  deny: { ingress: 'drop', egress: 'drop' },
};

export function compileRuleset(engine: Engine, node: string | null): Ruleset {
  const sets = new Map<string, NftSet>();
  const chains = new Map<string, NftChain>();
  const pods: PodRules[] = [];
  const skipped: Ruleset['skipped'] = [];
  const local = engine.endpoints().filter((e) => node === null || e.node === node);
  // Pods of one identity get the same chains, and a rule gives the same lines to every pod it applies to.
  const allowanceCache = new Map<string, RuleAllowance>();
  const linesCache = new Map<RuleAllowance, string[]>();
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
      const isolated = engine.isolatingPolicies(ep, direction).length > 0;
      const name = allowances === null ? null : sideChain(allowances, direction, isolated, chains, sets, linesCache);
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
 * A side's chain: its entries in order, then `drop` when it is isolated (what
 * no rule allowed); otherwise the packet goes on, as for a pod without a
 * chain. A pass goes to a chain of the entries after the admin tier.
 */
function sideChain(
  allowances: RuleAllowance[],
  direction: Direction,
  isolated: boolean,
  chains: Map<string, NftChain>,
  sets: Map<string, NftSet>,
  linesCache: Map<RuleAllowance, string[]>,
): string {
  const linesOf = (a: RuleAllowance) => {
    let lines = linesCache.get(a);
    if (!lines) linesCache.set(a, (lines = ruleLines(a, direction, VERDICTS[a.action as Exclude<Action, 'pass'>][direction], sets)));
    return lines;
  };
  const add = (rules: string[]) => {
    const name = `${direction === 'ingress' ? 'in' : 'out'}_${hash(rules.join('\n'))}`;
    chains.set(name, { name, rules });
    return name;
  };
  const admin = allowances.filter((a) => a.tier === 'admin');
  const rest = allowances.filter((a) => a.tier !== 'admin' && (a.tier === 'namespace' || !isolated)).flatMap(linesOf);
  if (isolated) rest.push('drop');
  if (!admin.some((a) => a.action === 'pass')) return add([...admin.flatMap(linesOf), ...rest]);
  const after = add(rest);
  return add(admin.flatMap((a) => (a.action === 'pass' ? ruleLines(a, direction, `goto ${after}`, sets) : linesOf(a))).concat(`goto ${after}`));
}

/**
 * The rules for one allowance: the far end's addresses (or any), and the
 * ports (or any), or for egress the destinations serving a named port at
 * their number. Ingress allows with accept; egress with return, so that the
 * destination's ingress is still asked.
 */
function ruleLines(a: RuleAllowance, direction: Direction, verdict: string, sets: Map<string, NftSet>): string[] {
  const far = direction === 'ingress' ? 'saddr' : 'daddr';
  const comment = `comment "${a.policy} ${direction}[${a.rule}]"`;
  const portElements = a.portSet === 'any' ? [] : PROTOCOLS.flatMap((p) => (a.portSet as PortSet)[p]?.map((span) => `${L4[p]} . ${portSpanText(span)}`) ?? []);
  const portMatch = a.portSet === 'any' ? '' : portElements.length ? ` meta l4proto . th dport @${addSet(sets, 'p', 'inet_proto . inet_service', true, portElements)}` : null;
  const named = a.namedDestinations;

  const lines: string[] = [];
  for (const family of [4, 6] as const) {
    const ip = family === 4 ? 'ip' : 'ip6';
    let addressMatch = '';
    if (a.peers !== 'any') {
      const addresses = addressElements(a.peers.endpoints, a.peers.ranges, family);
      if (addresses.length === 0) continue;
      addressMatch = ` ${ip} ${far} @${addSet(sets, 'a', family === 4 ? 'ipv4_addr' : 'ipv6_addr', true, addresses)}`;
    } else if (portMatch !== null || named.length) {
      // Any peer: match the family only, so the rule is written once per family.
      addressMatch = ` meta nfproto ${family === 4 ? 'ipv4' : 'ipv6'}`;
    }
    if (portMatch !== null) lines.push(`${addressMatch.trim()}${portMatch} ${verdict} ${comment}`.trim());
    const elements = [...new Set(named.filter((n) => parseAddress(n.ip)!.family === family).map((n) => `${n.ip} . ${L4[n.protocol]} . ${n.port}`))];
    if (elements.length) {
      const type = `${family === 4 ? 'ipv4_addr' : 'ipv6_addr'} . inet_proto . inet_service`;
      lines.push(`${ip} daddr . meta l4proto . th dport @${addSet(sets, 'n', type, false, elements.sort(compareText))} ${verdict} ${comment}`);
    }
  }
  return lines;
}

/** `80`, `8000-8100`; every port of a protocol is written as the whole field, port 0 included, as a rule naming only the protocol means. */
function portSpanText([lo, hi]: Interval): string {
  if (lo === MIN_PORT && hi === MAX_PORT) return `0-${MAX_PORT}`;
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}

/** Pod IPs and ranges of one family as non-overlapping CIDRs, as interval sets require. */
function addressElements(endpoints: PodEndpoint[], ranges: Range[], family: Family): string[] {
  const own = endpoints.flatMap((e) => e.ips.map((ip) => parseAddress(ip)!)).filter((a) => a.family === family);
  const singles: Range[] = own.map((a) => ({ family: a.family, lo: a.value, hi: a.value, text: a.text }));
  const merged = rangeDifference([...singles, ...ranges.filter((r) => r.family === family)], []);
  return merged.map((r) => (r.text.endsWith(family === 4 ? '/32' : '/128') ? r.text.slice(0, r.text.lastIndexOf('/')) : r.text));
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
