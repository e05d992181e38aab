/**
 * What one entry of a compiled side matches, for each kind of question
 * `evaluateSide` is asked: one far end, every identity, addresses outside, or
 * every port. Peers are the engine's bitsets for endpoints and the primitive
 * for an address outside; ports are resolved on the destination (named ports
 * on the pod that serves them, never on an address outside).
 */
import { Bitset } from './bitset.js';
import { rangeDifference, wholeAddressSpace, type Range } from './ip.js';
import { peerMatches, type CompiledBlock, type Subject } from './policies.js';
import { addPorts, allPorts, intersectPorts, isEmptyPortSet, subtractPorts, type PortSet } from './port-set.js';
import { hasNamedPort, matchingPort, portEntryRanges } from './ports.js';
import type { PeerEntry } from './selector-cache.js';
import type { SetOps, SideEntry } from './side-policy.js';
import type { Direction, Endpoint, NamedPort, PortQuery } from './types.js';

/** The far end of one connection, as peers see it. */
export interface FarEnd {
  /** Its identity; -1 for an address outside. */
  id: number;
  /** Set for an address outside: matched by the primitive, not by bitsets. */
  subject?: Subject;
}

/** Whether a peer matches the far end: its bitset for an endpoint, the primitive for an address outside. */
export function peerMatchesFar(e: PeerEntry, far: FarEnd, ipBlockMatchesPods: boolean): boolean {
  return far.subject ? peerMatches(e.peer, e.policyNamespace, far.subject, ipBlockMatchesPods) : e.bits.has(far.id);
}

/** The index of the first peer of an entry that matches the far end; null when the rule names no peers; -1 when none does. */
export function matchingPeer(entry: SideEntry, far: FarEnd, ipBlockMatchesPods: boolean): number | null {
  if (entry.peers === null) return null;
  for (let i = 0; i < entry.peers.length; i++) if (peerMatchesFar(entry.peers[i]!, far, ipBlockMatchesPods)) return i;
  return -1;
}

/** The named ports of a connection's destination: the side's own endpoint for ingress, the far end for egress; none outside the cluster. */
export function destinationNamedPorts(direction: Direction, subject: Endpoint, other: Endpoint): readonly NamedPort[] | undefined {
  const destination = direction === 'ingress' ? subject : other;
  return destination.kind === 'external' ? undefined : destination.namedPorts;
}

/** Whether an entry matches one connection: its far end and port (`dstNamedPorts` are the destination's, undefined outside). */
export function entryMatches(entry: SideEntry, far: FarEnd, q: PortQuery, dstNamedPorts: readonly NamedPort[] | undefined, ipBlockMatchesPods: boolean): boolean {
  return matchingPort(entry.rule.ports, q, dstNamedPorts) !== -1 && matchingPeer(entry, far, ipBlockMatchesPods) !== -1;
}

/** Sets of small numbers (identity ids, address classes) as bitsets; `all` is every one asked about. */
export function bitsetOps(all: Bitset): SetOps<Bitset> {
  const none = new Bitset(0);
  const combine = (a: Bitset, b: Bitset, op: 'or' | 'and') => {
    const out = a.clone();
    out[op](b);
    return out;
  };
  return {
    all,
    none,
    or: (a, b) => combine(a, b, 'or'),
    and: (a, b) => combine(a, b, 'and'),
    minus: (a, b) => {
      const out = a.clone();
      out.andNot(b);
      return out;
    },
    isEmpty: (a) => a.isEmpty(),
  };
}

/**
 * Which identities each entry matches on one port. `subjectNamedPorts` are
 * the side's own (the destination of an ingress side); an egress side
 * resolves named ports on each destination identity. Reuse one matcher for
 * every side asked about the same identities and port: rule parts are cached.
 */
export class IdentityMatcher {
  readonly ops: SetOps<Bitset>;
  private readonly peerUnions = new Map<SideEntry['peers'] & object, Bitset>();
  private readonly portPasses = new Map<SideEntry['rule'], Bitset>();

  constructor(
    private readonly all: Bitset,
    private readonly namedPortsOf: (id: number) => readonly NamedPort[],
    private readonly q: PortQuery,
  ) {
    this.ops = bitsetOps(all);
  }

  /** For an ingress side, `subjectNamedPorts` are the side's own; undefined for an egress side. */
  match(entry: SideEntry, subjectNamedPorts: readonly NamedPort[] | undefined): Bitset {
    const peers = this.peersOf(entry);
    if (subjectNamedPorts !== undefined || !hasNamedPort(entry.rule.ports)) {
      return matchingPort(entry.rule.ports, this.q, subjectNamedPorts) === -1 ? EMPTY : peers;
    }
    const reachable = peers.clone();
    reachable.and(this.destinationsPassing(entry));
    return reachable;
  }

  private peersOf(entry: SideEntry): Bitset {
    if (entry.peers === null) return this.all;
    let union = this.peerUnions.get(entry.peers);
    if (!union) {
      union = new Bitset(0);
      for (const e of entry.peers) union.or(e.bits);
      union.and(this.all);
      this.peerUnions.set(entry.peers, union);
    }
    return union;
  }

  /** The destination identities whose named ports let the rule's ports match. */
  private destinationsPassing(entry: SideEntry): Bitset {
    let ok = this.portPasses.get(entry.rule);
    if (!ok) {
      ok = new Bitset(0);
      for (const id of this.all) if (matchingPort(entry.rule.ports, this.q, this.namedPortsOf(id)) !== -1) ok.add(id);
      this.portPasses.set(entry.rule, ok);
    }
    return ok;
  }
}

const EMPTY = new Bitset(0);

/** Addresses outside the cluster as CIDR ranges. */
export const ADDRESS_OPS: SetOps<Range[]> = {
  all: wholeAddressSpace(),
  none: [],
  or: (a, b) => rangeDifference([...a, ...b], []),
  and: (a, b) => rangeDifference(a, rangeDifference(a, b)),
  minus: (a, b) => rangeDifference(a, b),
  isEmpty: (a) => a.length === 0,
};

/**
 * What an entry matches of the addresses outside the cluster on one port:
 * every address for a rule without peers, else its ipBlocks (selectors never
 * match an address outside). `dstNamedPorts` are the destination's (none when
 * it is the address).
 */
export function entryBlocks(entry: SideEntry, q: PortQuery, dstNamedPorts: readonly NamedPort[] | undefined): 'all' | CompiledBlock[] {
  if (matchingPort(entry.rule.ports, q, dstNamedPorts) === -1) return [];
  if (entry.peers === null) return 'all';
  return entry.peers.flatMap((e) => e.peer.blocks ?? []);
}

/** `entryBlocks` as ranges, the excepts taken out. */
export function entryAddresses(entry: SideEntry, q: PortQuery, dstNamedPorts: readonly NamedPort[] | undefined): Range[] {
  const blocks = entryBlocks(entry, q, dstNamedPorts);
  return blocks === 'all' ? ADDRESS_OPS.all : rangeDifference(blocks.flatMap(blockRanges), []);
}

/** An ipBlock's addresses, its excepts taken out. */
export function blockRanges(block: CompiledBlock): Range[] {
  return rangeDifference([block.cidr], block.except);
}

/** Ports, per protocol. */
export const PORT_OPS: SetOps<PortSet> = {
  all: allPorts(),
  none: {},
  or: (a, b) => {
    const out: PortSet = { ...a };
    for (const [protocol, intervals] of Object.entries(b)) addPorts(out, protocol as keyof PortSet, intervals);
    return out;
  },
  and: intersectPorts,
  minus: subtractPorts,
  isEmpty: isEmptyPortSet,
};

/** The ports an entry matches for a far end its peers are tested on: every port of its entries, named ones on the destination. */
export function entryPorts(entry: SideEntry, far: FarEnd, dstNamedPorts: readonly NamedPort[] | undefined, ipBlockMatchesPods: boolean): PortSet {
  if (matchingPeer(entry, far, ipBlockMatchesPods) === -1) return PORT_OPS.none;
  const ports = entry.rule.ports;
  if (!ports || ports.length === 0) return PORT_OPS.all;
  const out: PortSet = {};
  for (const p of ports) {
    for (const { protocol, ranges } of portEntryRanges(p, dstNamedPorts)) addPorts(out, protocol, ranges);
  }
  return out;
}
