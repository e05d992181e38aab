/**
 * Whole-cluster truth tables, computed on identities and expanded to
 * endpoints only when asked. For each port, every destination identity gets
 * the set of source identities its ingress admits, and every source identity
 * the set of destinations its egress admits; a pair is allowed when both say
 * so. Label matching happened at compile time: this is bitset arithmetic.
 */
import { Bitset } from './bitset.js';
import type { Engine, Identity } from './engine.js';
import { portQueryText } from './ports.js';
import type { IdentityMatcher } from './side-matches.js';
import type { Direction, PodEndpoint, PortQuery } from './types.js';
import { pushTo } from '../model/grouping.js';

/** Above this many endpoints, a table of pods reads badly: `matrix --group-by auto` and the page group them by identity. */
export const POD_LEVEL_LIMIT = 40;

export interface TruthTable {
  endpoints: PodEndpoint[];
  ports: PortQuery[];
  /** Endpoints grouped by identity, in endpoint order of first appearance. */
  groups: { identity: Identity; members: number[] }[];
  allowed(from: number, to: number, port: number): boolean;
  /**
   * Between two groups (indices into `groups`), as between different pods:
   * the first member of `from` to the first other member of `to`. A pod's
   * own traffic to itself is always allowed and would make every diagonal
   * cell say so.
   */
  groupAllowed(from: number, to: number, port: number): boolean;
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
  // Each port's work is done when the port is first asked about: a page shows one port at a time.
  const perPort = lazily(ports, (q) => admitted(present, all, q, engine));
  const podLocal = podPairs(endpoints).map(([from, to]) => from * endpoints.length + to);
  // Per port, each such pair's verdict, asked of the engine.
  const podLocalAllowed = lazily(ports, (q) => new Map(podLocal.map((pair) => [pair, engine.allowed(endpoints[Math.floor(pair / endpoints.length)]!, endpoints[pair % endpoints.length]!, q)])));

  const allowed = (from: number, to: number, port: number): boolean => {
    const local = podLocalAllowed(port).get(from * endpoints.length + to);
    if (local !== undefined) return local;
    const s = identityOf[from]!;
    const d = identityOf[to]!;
    const { egress, ingress } = perPort(port);
    return egress.get(s.id)!.has(d.id) && ingress.get(d.id)!.has(s.id);
  };

  const groupAllowed = (from: number, to: number, port: number): boolean => {
    const source = groups[from]!.members[0]!;
    const targets = groups[to]!.members;
    return allowed(source, targets.find((m) => m !== source) ?? targets[0]!, port);
  };

  const bitMatrix = (port: number) => {
    const n = endpoints.length;
    const wordsPerRow = Math.ceil(n / 32);
    const words = new Uint32Array(wordsPerRow * n);
    const { egress, ingress } = perPort(port);
    for (const { identity: s, members } of groups) {
      // One row per identity, copied to each of its endpoints.
      const row = new Uint32Array(wordsPerRow);
      for (const { identity: d, members: targets } of groups) {
        if (!egress.get(s.id)!.has(d.id) || !ingress.get(d.id)!.has(s.id)) continue;
        for (const t of targets) row[t >>> 5]! |= 1 << (t & 31);
      }
      for (const m of members) words.set(row, m * wordsPerRow);
    }
    for (const [pair, ok] of podLocalAllowed(port)) {
      const from = Math.floor(pair / n);
      const to = pair % n;
      if (ok) words[from * wordsPerRow + (to >>> 5)]! |= 1 << (to & 31);
      else words[from * wordsPerRow + (to >>> 5)]! &= ~(1 << (to & 31));
    }
    return { words, wordsPerRow };
  };

  const identityRows = (port: number) => {
    const { egress, ingress } = perPort(port);
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

  return { endpoints, ports, groups, allowed, groupAllowed, bitMatrix, identityRows };
}

/** `make` of each item, made on first use and kept (an array: `allowed` asks on every cell). */
function lazily<T, R>(items: readonly T[], make: (item: T) => R): (index: number) => R {
  const made: (R | undefined)[] = new Array(items.length);
  return (index) => (made[index] ??= make(items[index]!));
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
  const sides = new SideBits(engine, all).port(q);
  const egress = new Map<number, Bitset>();
  const ingress = new Map<number, Bitset>();
  for (const identity of present) {
    ingress.set(identity.id, sides.admitted(identity, 'ingress'));
    egress.set(identity.id, sides.admitted(identity, 'egress'));
  }
  return { egress, ingress };
}

/**
 * What identities' own sides admit (`Engine.identitiesAdmitted`) among `all`
 * (by default every identity of the engine), per port, worked out when first
 * asked and kept: the engine must not change while this is used. A caller
 * comparing many versions against one engine (the editor's base) keeps one.
 */
export class SideBits {
  private readonly ports = new Map<string, PortSides>();
  private readonly all: Bitset;

  constructor(
    readonly engine: Engine,
    all?: Bitset,
  ) {
    this.all = all ?? everyIdentity(engine);
  }

  /** Works out every identity's two sides on these ports now, so that later questions only look them up. */
  workOut(ports: readonly PortQuery[]): void {
    for (const q of ports) {
      const port = this.port(q);
      for (const identity of this.engine.identities) {
        if (!identity) continue;
        port.admitted(identity, 'ingress');
        port.admitted(identity, 'egress');
      }
    }
  }

  /** One port's sides: asked once per port, then of each identity. */
  port(q: PortQuery): PortSides {
    const key = portQueryText(q);
    let port = this.ports.get(key);
    if (!port) this.ports.set(key, (port = new PortSides(this.engine, this.engine.identityMatcher(this.all, q))));
    return port;
  }
}

export class PortSides {
  private readonly sides: Record<Direction, Map<number, Bitset>> = { ingress: new Map(), egress: new Map() };

  constructor(
    private readonly engine: Engine,
    private readonly matcher: IdentityMatcher,
  ) {}

  admitted(identity: Identity, direction: Direction): Bitset {
    let bits = this.sides[direction].get(identity.id);
    if (!bits) this.sides[direction].set(identity.id, (bits = this.engine.identitiesAdmitted(identity, direction, this.matcher)));
    return bits;
  }
}

function everyIdentity(engine: Engine): Bitset {
  const all = new Bitset(engine.identities.length);
  for (const identity of engine.identities) if (identity) all.add(identity.id);
  return all;
}

/** Whether a pair is one `podPairs` lists: a pod to itself, or a host-network pod with a pod of its node (either way). */
export function isPodLocal(x: PodEndpoint, y: PodEndpoint): boolean {
  return x === y || ((x.hostNetwork || y.hostNetwork) && x.node !== undefined && x.node === y.node);
}

/**
 * Pairs whose verdict may not be their identities': a pod to itself, and a
 * host-network pod with a pod of its node (both ways). Only these differ
 * from what their identities say, and they are few: one per pod, and the
 * host-network pods of a node times its pods.
 */
function podPairs(endpoints: PodEndpoint[]): [number, number][] {
  const pairs: [number, number][] = [];
  const byNode = new Map<string, number[]>();
  endpoints.forEach((ep, i) => {
    pairs.push([i, i]);
    if (ep.node !== undefined) pushTo(byNode, ep.node, i);
  });
  for (const list of byNode.values()) {
    for (const h of list) {
      if (!endpoints[h]!.hostNetwork) continue;
      for (const p of list) {
        if (p === h) continue;
        pairs.push([h, p]);
        if (!endpoints[p]!.hostNetwork) pairs.push([p, h]);
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
  const present = engine.identities.filter((i): i is Identity => i !== undefined);
  const all = everyIdentity(engine);
  const reaches = ports.map(() => new Bitset(engine.identities.length));
  const reachedBy = ports.map(() => new Bitset(engine.identities.length));
  ports.forEach((q, k) => {
    // The endpoint's own two sides, once, as sets; each other identity's side, one by one.
    const matcher = engine.identityMatcher(all, q);
    const out = engine.identitiesAdmitted(self, 'egress', matcher);
    const into = engine.identitiesAdmitted(self, 'ingress', matcher);
    for (const identity of present) {
      if (out.has(identity.id) && engine.identityAdmits(identity, 'ingress', self, q)) reaches[k]!.add(identity.id);
      if (into.has(identity.id) && engine.identityAdmits(identity, 'egress', self, q)) reachedBy[k]!.add(identity.id);
    }
  });
  return { reaches, reachedBy };
}

/** `identityVerdictsOf` expanded to endpoints (bitsets over indexes in `endpoints`). */
export function verdictsOf(engine: Engine, ep: PodEndpoint, endpoints: PodEndpoint[], ports: PortQuery[]): { reaches: Bitset[]; reachedBy: Bitset[] } {
  const byIdentity = identityVerdictsOf(engine, ep, ports);
  const reaches = ports.map(() => new Bitset(endpoints.length));
  const reachedBy = ports.map(() => new Bitset(endpoints.length));
  ports.forEach((q, k) => {
    endpoints.forEach((target, m) => {
      const id = engine.identityOf(target).id;
      const special = isPodLocal(ep, target);
      if (special ? engine.allowed(ep, target, q) : byIdentity.reaches[k]!.has(id)) reaches[k]!.add(m);
      if (special ? engine.allowed(target, ep, q) : byIdentity.reachedBy[k]!.has(id)) reachedBy[k]!.add(m);
    });
  });
  return { reaches, reachedBy };
}
