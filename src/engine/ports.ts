/** Port entries (rule 7): matching a queried port, and how to write ports for people. */
import type { NetworkPolicyPort } from '../model/objects.js';
import { PROTOCOLS, type Endpoint, type NamedPort, type PortQuery, type Protocol } from './types.js';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/**
 * A port entry of a compiled rule: a number, a range `port`..`endPort`, a
 * container port's name, or (no `port`) every port of the protocol. A
 * ClusterNetworkPolicy's `destinationNamedPort` names no protocol (`any`):
 * it matches the name on whichever protocol the destination serves it.
 */
export interface RulePort {
  /** Also, from a v1alpha1 policy whose CRD takes any string, a protocol that is none of these: it matches nothing. */
  protocol: Protocol | 'any' | (string & Record<never, never>);
  port?: number | string;
  endPort?: number;
}

/** A NetworkPolicy port entry, its protocol defaulted to TCP as the API server does. */
export function rulePortOf(entry: NetworkPolicyPort): RulePort {
  return { ...entry, protocol: (entry.protocol ?? 'TCP') as Protocol };
}

/**
 * Whether one entry matches. A named port is resolved on the destination: it
 * matches when the destination serves that name, on that protocol, at the
 * queried number. `dstNamedPorts` is undefined for a destination that is not
 * a pod, where a name never matches.
 */
export function portEntryMatches(entry: RulePort, q: PortQuery, dstNamedPorts: readonly NamedPort[] | undefined): boolean {
  if (entry.protocol !== 'any' && entry.protocol !== q.protocol) return false;
  const port = entry.port;
  if (port === undefined) return true;
  if (typeof port === 'number') return entry.endPort === undefined ? q.port === port : port <= q.port && q.port <= entry.endPort;
  return dstNamedPorts?.some((n) => n.name === port && n.protocol === q.protocol && n.port === q.port) ?? false;
}

/**
 * The port intervals one entry matches, per protocol: `portEntryMatches` as
 * ranges. A named port gives the numbers the destination serves under that
 * name (none for a destination that is not a pod).
 */
export function portEntryRanges(entry: RulePort, dstNamedPorts: readonly NamedPort[] | undefined): { protocol: Protocol; ranges: [number, number][] }[] {
  const port = entry.port;
  if (typeof port === 'string') {
    const served = (dstNamedPorts ?? []).filter((n) => n.name === port && (entry.protocol === 'any' || n.protocol === entry.protocol));
    return served.map((n) => ({ protocol: n.protocol, ranges: [[n.port, n.port]] }));
  }
  // Only named ports have no protocol; a v1alpha1 entry may name one that is none of these, or a range ending before it starts: no traffic.
  const protocol = entry.protocol;
  if (!isProtocol(protocol)) return [];
  if (port === undefined) return [{ protocol, ranges: [[MIN_PORT, MAX_PORT]] }];
  const end = entry.endPort ?? port;
  return end < port ? [] : [{ protocol, ranges: [[port, end]] }];
}

export function isProtocol(p: string): p is Protocol {
  return (PROTOCOLS as readonly string[]).includes(p);
}

/** The index of the first entry that matches; null when the list is empty (all ports); -1 when none does. */
export function matchingPort(ports: readonly RulePort[] | undefined, q: PortQuery, dst: readonly NamedPort[] | undefined): number | null {
  if (!ports || ports.length === 0) return null;
  for (let i = 0; i < ports.length; i++) if (portEntryMatches(ports[i]!, q, dst)) return i;
  return -1;
}

export function hasNamedPort(ports: readonly RulePort[] | undefined): boolean {
  return ports?.some((p) => typeof p.port === 'string') ?? false;
}

/** `6379/TCP`, `8000-9999/TCP`, `http/TCP`, `http` (any protocol), `all TCP ports`. */
export function portEntryText(entry: RulePort): string {
  const protocol = entry.protocol;
  if (protocol === 'any') return String(entry.port);
  if (entry.port === undefined) return `all ${protocol} ports`;
  if (entry.endPort !== undefined) return `${entry.port}-${entry.endPort}/${protocol}`;
  return `${entry.port}/${protocol}`;
}

export function portQueryText(q: PortQuery): string {
  return q.endPort === undefined ? `${q.port}/${q.protocol}` : `${q.port}-${q.endPort}/${q.protocol}`;
}

/** `80`, `80/TCP`, `53/udp` → a query; undefined when it is not one. */
export function parsePortQuery(text: string): PortQuery | undefined {
  const m = /^(\d{1,5})(?:\/([A-Za-z]+))?$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[1]);
  const protocol = (m[2] ?? 'TCP').toUpperCase() as Protocol;
  if (port < MIN_PORT || port > MAX_PORT || !PROTOCOLS.includes(protocol)) return undefined;
  return { protocol, port };
}

/** A port as people write it: a number, or a container port's name, each optionally with a protocol. */
export type PortSpec = PortQuery | { name: string; protocol?: Protocol };

/** `80`, `53/udp`, `http`, `dns/UDP` → a spec; undefined when it is neither a port nor a name. */
export function parsePortSpec(text: string): PortSpec | undefined {
  const byNumber = parsePortQuery(text);
  if (byNumber) return byNumber;
  const m = /^([^/\s]*[^/\s\d][^/\s]*)(?:\/([A-Za-z]+))?$/.exec(text.trim());
  if (!m) return undefined;
  const protocol = m[2]?.toUpperCase() as Protocol | undefined;
  if (protocol !== undefined && !PROTOCOLS.includes(protocol)) return undefined;
  return { name: m[1]!, ...(protocol ? { protocol } : {}) };
}

export type NamedPortResolution =
  | { query: PortQuery }
  /**
   * `outside`: the destination is an address outside the cluster, which names
   * no ports; `undefined`: it defines no such name (with that protocol);
   * `ambiguous`: several containers give the name different numbers or
   * protocols (`matches`). `defined` is every named port it has.
   */
  | { problem: 'outside' | 'undefined' | 'ambiguous'; defined: NamedPort[]; matches: NamedPort[] };

/**
 * A port name resolved as NetworkPolicy resolves it (rule 7): on the
 * destination, by its containers' named ports, with that protocol when one is
 * given; never on an address outside the cluster.
 */
export function resolveNamedPort(destination: Endpoint, name: string, protocol?: Protocol): NamedPortResolution {
  if (destination.kind === 'external') return { problem: 'outside', defined: [], matches: [] };
  const defined = destination.namedPorts;
  const found = new Map<string, NamedPort>();
  for (const p of defined) if (p.name === name && (protocol === undefined || p.protocol === protocol)) found.set(portQueryText(p), p);
  const matches = [...found.values()];
  if (matches.length === 1) return { query: { protocol: matches[0]!.protocol, port: matches[0]!.port } };
  return { problem: matches.length === 0 ? 'undefined' : 'ambiguous', defined, matches };
}

/**
 * The ports worth a truth table: those the policies name by number, those the
 * endpoints serve, and each endPort range cut where any of those begins or
 * ends, one query per run of ports decided alike (`32000-32767/TCP`).
 */
export function portsOfInterest(entries: readonly RulePort[], served: readonly PortQuery[]): PortQuery[] {
  const seen = new Map<string, PortQuery>();
  const add = (q: PortQuery) => seen.set(portQueryText(q), q);
  const cuts = new Map<Protocol, Set<number>>(PROTOCOLS.map((p) => [p, new Set<number>()]));
  // Thousands of pods serve the same few ports: each is taken once.
  const singles = new Map<Protocol, Set<number>>(PROTOCOLS.map((p) => [p, new Set<number>()]));
  const single = (q: PortQuery) => {
    const taken = singles.get(q.protocol)!;
    if (taken.has(q.port)) return;
    taken.add(q.port);
    add(q);
    cuts.get(q.protocol)!.add(q.port).add(q.port + 1);
  };
  const ranges: { protocol: Protocol; from: number; to: number }[] = [];
  for (const e of entries) {
    if (typeof e.port !== 'number' || !isProtocol(e.protocol) || (e.endPort ?? e.port) < e.port) continue;
    if (e.endPort === undefined || e.endPort === e.port) single({ protocol: e.protocol, port: e.port });
    else ranges.push({ protocol: e.protocol, from: e.port, to: e.endPort });
  }
  served.forEach(single);
  for (const r of ranges) cuts.get(r.protocol)!.add(r.from).add(r.to + 1);
  for (const r of ranges) {
    const inside = [...cuts.get(r.protocol)!].filter((c) => c > r.from && c <= r.to).sort((a, b) => a - b);
    let lo = r.from;
    for (const next of [...inside, r.to + 1]) {
      add(next - 1 > lo ? { protocol: r.protocol, port: lo, endPort: next - 1 } : { protocol: r.protocol, port: lo });
      lo = next;
    }
  }
  return [...seen.values()].sort((a, b) => PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol) || a.port - b.port);
}
