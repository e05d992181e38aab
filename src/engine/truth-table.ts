/**
 * Whole-cluster truth tables, computed on identities and expanded to
 * endpoints only when asked. For each port, every destination identity gets
 * the set of source identities its ingress admits, and every source identity
 * the set of destinations its egress admits; a pair is allowed when both say
 * so. Label matching happened at compile time: this is bitset arithmetic.
 */
import { Bitset } from './bitset.js';
import type { Engine, Identity, RuleIndex } from './engine.js';
import { isOnePod } from './endpoints.js';
import { hasNamedPort, matchingPort } from './ports.js';
import type { Direction, NamedPort, PodEndpoint, PortQuery } from './types.js';

export interface TruthTable {
  endpoints: PodEndpoint[];
  ports: PortQuery[];
  /** Endpoints grouped by identity, in endpoint order of first appearance. */
  groups: { identity: Identity; members: number[] }[];
  allowed(from: number, to: number, port: number): boolean;
  /** Whole rows of one port as bits: row `from` starts at word `from * wordsPerRow`. */
  bitMatrix(port: number): { words: Uint32Array; wordsPerRow: number };
  /**
   * Per identity id, the identities it may reach on one port, as between two
   * different pods (no self or node-local exception): the table before it is
   * copied to pods.
   */
  identityRows(port: number): Map<number, Bitset>;
}

export function truthTable(engine: Engine, endpoints: PodEndpoint[], ports: PortQuery[]): TruthTable {
  const identityOf = endpoints.map((ep) => engine.identityOf(ep));
  const groups = groupByIdentity(identityOf);
  const present = groups.map((g) => g.identity);
  const all = new Bitset(engine.identities.length);
  for (const identity of present) all.add(identity.id);
  const perPort = ports.map((q) => admitted(present, all, q, engine));
  const podLocal = exceptions(endpoints);

  const allowed = (from: number, to: number, port: number): boolean => {
    if (podLocal.has(from * endpoints.length + to)) return true;
    const s = identityOf[from]!;
    const d = identityOf[to]!;
    const { egress, ingress } = perPort[port]!;
    return egress.get(s.id)!.has(d.id) && ingress.get(d.id)!.has(s.id);
  };

  const bitMatrix = (port: number) => {
    const n = endpoints.length;
    const wordsPerRow = Math.ceil(n / 32);
    const words = new Uint32Array(wordsPerRow * n);
    const { egress, ingress } = perPort[port]!;
    for (const { identity: s, members } of groups) {
      // One row per identity, copied to each of its endpoints.
      const row = new Uint32Array(wordsPerRow);
      for (const { identity: d, members: targets } of groups) {
        if (!egress.get(s.id)!.has(d.id) || !ingress.get(d.id)!.has(s.id)) continue;
        for (const t of targets) row[t >>> 5]! |= 1 << (t & 31);
      }
      for (const m of members) words.set(row, m * wordsPerRow);
    }
    for (const pair of podLocal) {
      const from = Math.floor(pair / n);
      const to = pair % n;
      words[from * wordsPerRow + (to >>> 5)]! |= 1 << (to & 31);
    }
    return { words, wordsPerRow };
  };

  const identityRows = (port: number) => {
    const { egress, ingress } = perPort[port]!;
    // Transpose ingress: for each source, the destinations whose ingress admits it.
    const admittedBy = new Map<number, Bitset>(present.map((i) => [i.id, new Bitset(engine.identities.length)]));
    for (const d of present) for (const s of ingress.get(d.id)!) admittedBy.get(s)?.add(d.id);
    const rows = new Map<number, Bitset>();
    for (const s of present) {
      const row = egress.get(s.id)!.clone();
      row.and(admittedBy.get(s.id)!);
      rows.set(s.id, row);
    }
    return rows;
  };

  return { endpoints, ports, groups, allowed, bitMatrix, identityRows };
}

function groupByIdentity(identityOf: Identity[]): { identity: Identity; members: number[] }[] {
  const byId = new Map<number, { identity: Identity; members: number[] }>();
  identityOf.forEach((identity, i) => {
    let g = byId.get(identity.id);
    if (!g) byId.set(identity.id, (g = { identity, members: [] }));
    g.members.push(i);
  });
  return [...byId.values()];
}

/** Per identity: whom its egress admits as destinations, whom its ingress admits as sources. */
function admitted(present: Identity[], all: Bitset, q: PortQuery, engine: Engine) {
  const size = engine.identities.length;
  const peerUnions = new Map<RuleIndex, Bitset>();
  const peersOf = (r: RuleIndex): Bitset => {
    if (r.peers === null) return all;
    let union = peerUnions.get(r);
    if (!union) {
      union = new Bitset(size);
      for (const e of r.peers) union.or(e.bits);
      peerUnions.set(r, union);
    }
    return union;
  };
  // Egress to a named port is resolved on each destination: which destinations pass a rule's ports.
  const portPasses = new Map<RuleIndex, Bitset>();
  const destinationsPassing = (r: RuleIndex): Bitset => {
    let ok = portPasses.get(r);
    if (!ok) {
      ok = new Bitset(size);
      for (const d of present) if (matchingPort(r.rule.ports, q, d.namedPorts) !== -1) ok.add(d.id);
      portPasses.set(r, ok);
    }
    return ok;
  };
  const side = (identity: Identity, direction: Direction): Bitset => {
    const policies = identity.policies[direction];
    if (identity.subject.hostNetwork || policies.length === 0) return all;
    const out = new Bitset(size);
    for (const p of policies) {
      for (const r of p.rules[direction]) {
        if (direction === 'ingress') {
          // The destination is this identity: one port check for every source.
          if (matchingPort(r.rule.ports, q, identity.namedPorts) !== -1) out.or(peersOf(r));
        } else if (!hasNamedPort(r.rule.ports)) {
          if (matchingPort(r.rule.ports, q, undefined) !== -1) out.or(peersOf(r));
        } else {
          const reachable = peersOf(r).clone();
          reachable.and(destinationsPassing(r));
          out.or(reachable);
        }
      }
    }
    out.and(all);
    return out;
  };
  const egress = new Map<number, Bitset>();
  const ingress = new Map<number, Bitset>();
  for (const identity of present) {
    ingress.set(identity.id, side(identity, 'ingress'));
    egress.set(identity.id, side(identity, 'egress'));
  }
  return { egress, ingress };
}

/** Pairs allowed whatever the policies say: a single pod (not a workload's replicas) to itself, and a pod with host-network pods of its node. */
function exceptions(endpoints: PodEndpoint[]): Set<number> {
  const n = endpoints.length;
  const pairs = new Set<number>();
  const byNode = new Map<string, number[]>();
  endpoints.forEach((ep, i) => {
    if (isOnePod(ep)) pairs.add(i * n + i);
    if (ep.node !== undefined) {
      let list = byNode.get(ep.node);
      if (!list) byNode.set(ep.node, (list = []));
      list.push(i);
    }
  });
  for (const list of byNode.values()) {
    for (const h of list) {
      if (!endpoints[h]!.hostNetwork) continue;
      for (const p of list) {
        pairs.add(h * n + p);
        pairs.add(p * n + h);
      }
    }
  }
  return pairs;
}

/**
 * One endpoint's verdicts with every identity, per port: which identities it
 * may reach and which may reach it, as bitsets over identity ids. This is the
 * whole row and column of the truth table, since pods of one identity share
 * their verdicts (but for the self and node-local pairs that `verdictsOf`
 * settles per pod). It costs the number of identities, not of pods.
 */
export function identityVerdictsOf(engine: Engine, ep: PodEndpoint, ports: PortQuery[]): { reaches: Bitset[]; reachedBy: Bitset[] } {
  const self = engine.identityOf(ep);
  const reaches = ports.map(() => new Bitset(engine.identities.length));
  const reachedBy = ports.map(() => new Bitset(engine.identities.length));
  ports.forEach((q, k) => {
    // The endpoint's own two sides, once, as sets; each other identity's side, by lookup.
    const out = ownSide(self, 'egress', q);
    const into = ownSide(self, 'ingress', q);
    for (const identity of engine.identities) {
      if (!identity) continue;
      if ((out === 'all' || out(identity)) && admits(identity, 'ingress', self, q)) reaches[k]!.add(identity.id);
      if ((into === 'all' || into(identity)) && admits(identity, 'egress', self, q)) reachedBy[k]!.add(identity.id);
    }
  });
  return { reaches, reachedBy };
}

/** An identity's side as a test on the far end, with the rules whose port can match resolved up front. */
function ownSide(identity: Identity, direction: Direction, q: PortQuery): 'all' | ((other: Identity) => boolean) {
  const policies = identity.policies[direction];
  if (identity.subject.hostNetwork || policies.length === 0) return 'all';
  const candidates = policies.flatMap((p) => p.rules[direction]);
  if (direction === 'egress') return (other) => candidates.some((r) => ruleAdmits(r, q, other.namedPorts, other));
  const open = candidates.filter((r) => matchingPort(r.rule.ports, q, identity.namedPorts) !== -1);
  if (open.some((r) => r.peers === null)) return 'all';
  const bits = open.flatMap((r) => r.peers!.map((e) => e.bits));
  return (other) => bits.some((b) => b.has(other.id));
}

function ruleAdmits(r: RuleIndex, q: PortQuery, dstNamedPorts: readonly NamedPort[], other: Identity): boolean {
  if (matchingPort(r.rule.ports, q, dstNamedPorts) === -1) return false;
  if (r.peers === null) return true;
  for (const e of r.peers) if (e.bits.has(other.id)) return true;
  return false;
}

/** `identityVerdictsOf` expanded to endpoints (bitsets over indexes in `endpoints`). */
export function verdictsOf(engine: Engine, ep: PodEndpoint, endpoints: PodEndpoint[], ports: PortQuery[]): { reaches: Bitset[]; reachedBy: Bitset[] } {
  const byIdentity = identityVerdictsOf(engine, ep, ports);
  const reaches = ports.map(() => new Bitset(endpoints.length));
  const reachedBy = ports.map(() => new Bitset(endpoints.length));
  ports.forEach((q, k) => {
    endpoints.forEach((target, m) => {
      const id = engine.identityOf(target).id;
      const special = target === ep || (target.hostNetwork !== ep.hostNetwork && target.node !== undefined && target.node === ep.node);
      if (special ? engine.allowed(ep, target, q) : byIdentity.reaches[k]!.has(id)) reaches[k]!.add(m);
      if (special ? engine.allowed(target, ep, q) : byIdentity.reachedBy[k]!.has(id)) reachedBy[k]!.add(m);
    });
  });
  return { reaches, reachedBy };
}

/** Whether `identity`'s own side (its egress, or its ingress) admits a connection with `other` on q. */
function admits(identity: Identity, direction: Direction, other: Identity, q: PortQuery): boolean {
  const policies = identity.policies[direction];
  if (identity.subject.hostNetwork || policies.length === 0) return true;
  const dstNamedPorts = direction === 'ingress' ? identity.namedPorts : other.namedPorts;
  for (const p of policies) for (const r of p.rules[direction]) if (ruleAdmits(r, q, dstNamedPorts, other)) return true;
  return false;
}
