/**
 * The world outside the cluster, cut into the classes that the ipBlocks of
 * one or more engines can tell apart: two addresses in one class are inside
 * exactly the same CIDRs and excepts, so every policy treats them alike. With
 * no ipBlock at all there is one class per family, the whole address space.
 */
import { pushTo } from '../model/grouping.js';
import { Bitset } from './bitset.js';
import type { Engine } from './engine.js';
import { sameNamedPorts } from './identities.js';
import { addressInRange, addressSetText, parseAddress, rangeDifference, wholeAddressSpace, type Range } from './ip.js';
import { blockContains, type CompiledBlock, type CompiledPolicy } from './policies.js';
import { bitsetOps, entryBlocks } from './side-matches.js';
import { evaluateSide } from './side-policy.js';
import { DIRECTIONS, type Direction, type ExternalEndpoint, type PodEndpoint, type PortQuery } from './types.js';

export interface AddressClass {
  /** The addresses of the class, as merged CIDRs. */
  ranges: Range[];
  /** `0.0.0.0/0 except 10.0.0.0/8`, `203.0.113.0/24`. */
  text: string;
  /** An address of the class that is no pod's in any of the engines: it stands for the class in queries. */
  representative: ExternalEndpoint;
}

/** How far into a run of addresses to look for one that is no pod's. */
const TRIES = 64;

export function addressClasses(engines: readonly Engine[]): AddressClass[] {
  const ranges = ipBlockRanges(engines);
  const atoms = addressAtoms(ranges);
  const keys = holderKeys(atoms, ranges);
  const classes = new Map<string, Range[]>();
  atoms.forEach((atom, i) => pushTo(classes, keys[i]!, atom));
  const out: AddressClass[] = [];
  for (const members of classes.values()) {
    const representative = outsideAddress(members, engines);
    if (!representative) continue; // every address of it is a pod's: those are compared as pods
    const merged = rangeDifference(members, []);
    out.push({ ranges: merged, text: addressSetText(merged), representative });
  }
  return out;
}

/**
 * Per atom, which of `ranges` hold it, as a key: an atom is inside a range
 * whole or not at all, and the atoms a range holds are consecutive, so each
 * range marks its own run of atoms (not every atom asked of every range).
 */
function holderKeys(atoms: readonly Range[], ranges: readonly Range[]): string[] {
  const holders: number[][] = atoms.map(() => []);
  ranges.forEach((r, k) => {
    for (let i = firstAtomOf(atoms, r); i < atoms.length && atoms[i]!.family === r.family && atoms[i]!.hi <= r.hi; i++) holders[i]!.push(k);
  });
  return holders.map((h, i) => `${atoms[i]!.family}:${h.join(',')}`);
}

/** The index of the atom a range starts at (atoms are sorted by family, then address). */
function firstAtomOf(atoms: readonly Range[], r: Range): number {
  let [lo, hi] = [0, atoms.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const atom = atoms[mid]!;
    if (atom.family < r.family || (atom.family === r.family && atom.lo < r.lo)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The CIDRs and excepts of every ipBlock of the engines' policies, each once. */
export function ipBlockRanges(engines: readonly Engine[]): Range[] {
  const blocks = new Map<string, Range>();
  for (const engine of engines) {
    for (const policy of engine.allPolicies()) {
      for (const rule of [...policy.rules.ingress, ...policy.rules.egress]) {
        for (const peer of rule.peers ?? []) {
          for (const b of peer.blocks ?? []) for (const r of [b.cidr, ...b.except]) blocks.set(`${r.family}/${r.text}`, r);
        }
      }
    }
  }
  return [...blocks.values()];
}

/**
 * The spans between consecutive range boundaries, in order, for each family
 * asked: no range starts or ends inside one, so every ipBlock holds a span
 * whole or not at all.
 */
export function addressAtoms(ranges: readonly Range[], families: readonly (4 | 6)[] = [4, 6]): Range[] {
  const out: Range[] = [];
  for (const whole of wholeAddressSpace().filter((w) => families.includes(w.family))) {
    const cuts = new Set<bigint>([BigInt(whole.lo)]);
    for (const r of ranges) {
      if (r.family !== whole.family) continue;
      cuts.add(BigInt(r.lo));
      if (BigInt(r.hi) < BigInt(whole.hi)) cuts.add(BigInt(r.hi) + 1n);
    }
    const sorted = [...cuts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    sorted.forEach((lo, i) => {
      const hi = i + 1 < sorted.length ? sorted[i + 1]! - 1n : BigInt(whole.hi);
      const num = (v: bigint) => (whole.family === 4 ? Number(v) : v);
      out.push({ family: whole.family, lo: num(lo), hi: num(hi), text: '' });
    });
  }
  return out;
}

function outsideAddress(members: readonly Range[], engines: readonly Engine[]): ExternalEndpoint | undefined {
  for (const atom of members) {
    for (let offset = 0; offset < TRIES; offset++) {
      const address = addressInRange(atom, offset);
      if (!address) break;
      if (engines.every((e) => e.resolve(address.text)?.kind === 'external')) return { kind: 'external', ref: address.text, ip: address.text };
    }
  }
  return undefined;
}

/**
 * The classes whose addresses an endpoint's own side admits on a port (its
 * ingress from them, or its egress to them), as a bitset over `classes`;
 * null when it admits every address. The far side, an address outside the
 * cluster, has no policies: this side alone decides, as `Engine.allowed` does.
 * Pass one `blocks` cache per list of classes.
 */
export function classesAdmitted(
  engine: Engine,
  ep: PodEndpoint,
  direction: Direction,
  q: PortQuery,
  classes: readonly AddressClass[],
  blocks: WeakMap<CompiledBlock, Bitset>,
): Bitset | null {
  const side = engine.compiledSide(engine.identityOf(ep), direction);
  if (ep.hostNetwork || (side.policies.length === 0 && side.entries.length === 0)) return null;
  // Named ports resolve on the destination: this endpoint for ingress, never an address outside.
  const dstNamedPorts = direction === 'ingress' ? ep.namedPorts : undefined;
  const all = new Bitset(classes.length);
  all.fill(classes.length);
  const ops = bitsetOps(all);
  return evaluateSide(side, ops, (entry) => {
    const matched = entryBlocks(entry, q, dstNamedPorts);
    if (matched === 'all') return all;
    const out = new Bitset(classes.length);
    for (const block of matched) out.or(classesIn(block, classes, blocks));
    return out;
  });
}

function classesIn(block: CompiledBlock, classes: readonly AddressClass[], cache: WeakMap<CompiledBlock, Bitset>): Bitset {
  let bits = cache.get(block);
  if (!bits) {
    bits = new Bitset(classes.length);
    // A class is inside or outside a block as a whole: its representative tells.
    classes.forEach((c, i) => {
      if (blockContains(block, parseAddress(c.representative.ip)!)) bits!.add(i);
    });
    cache.set(block, bits);
  }
  return bits;
}

/**
 * Whether two endpoints' own sides decide alike, from their policies alone:
 * the same policies taking part (by ref: NetworkPolicies isolating them,
 * ClusterNetworkPolicies selecting them), each the same for this direction
 * (as `unchanged` says), the same host-network flag, and for ingress the same
 * named ports. Then they admit the same classes of addresses outside
 * (`classesAdmitted` need not be asked of either), and the same pods wherever
 * policies see the pods of both engines alike.
 */
export function sameSide(base: Engine, a: PodEndpoint, head: Engine, b: PodEndpoint, direction: Direction, unchanged: Record<Direction, ReadonlySet<string>>): boolean {
  if (a.hostNetwork !== b.hostNetwork) return false;
  const before = base.sidePolicyRefs(a, direction);
  const after = head.sidePolicyRefs(b, direction);
  if (before.length !== after.length || before.some((ref, i) => ref !== after[i] || !unchanged[direction].has(ref))) return false;
  return direction === 'egress' || before.length === 0 || sameNamedPorts(a.namedPorts, b.namedPorts);
}

/**
 * Per direction, the refs of the policies that both engines hold the same for
 * that direction: the same spec but for the other direction's rules (a change
 * to ingress rules leaves every egress side as it was), and `nodes` peers that
 * match the same Node addresses.
 */
export function unchangedPolicies(base: Engine, head: Engine): Record<Direction, Set<string>> {
  const out = { ingress: new Set<string>(), egress: new Set<string>() };
  for (const p of base.allPolicies()) {
    const other = head.policy(p.ref);
    if (!other) continue;
    for (const d of DIRECTIONS) if (meaningOf(p)[d] === meaningOf(other)[d]) out[d].add(p.ref);
  }
  return out;
}

/** By compiled policy: compiled once and kept while it stands, a policy is compared on every diff against it (the editor's). */
const meanings = new WeakMap<CompiledPolicy, Record<Direction, string>>();

/** Per direction, a policy's spec without the other direction's rules, and what its `nodes` peers there resolved to in its engine. */
function meaningOf(p: CompiledPolicy): Record<Direction, string> {
  let meaning = meanings.get(p);
  if (!meaning) {
    const of = (d: Direction) => {
      const nodeBlocks = p.rules[d].flatMap((r) => (r.peers ?? []).flatMap((peer) => (peer.nodeSelector ? [peer.blocks!.map((b) => b.text)] : [])));
      const other: Direction = d === 'ingress' ? 'egress' : 'ingress';
      return JSON.stringify([{ ...p.source.spec, [other]: undefined }, nodeBlocks]);
    };
    meanings.set(p, (meaning = { ingress: of('ingress'), egress: of('egress') }));
  }
  return meaning;
}
