/**
 * The world outside the cluster, cut into the classes that the ipBlocks of
 * one or more engines can tell apart: two addresses in one class are inside
 * exactly the same CIDRs and excepts, so every policy treats them alike. With
 * no ipBlock at all there is one class per family, the whole address space.
 */
import type { Engine } from './engine.js';
import { addressInRange, addressSetText, rangeContains, rangeDifference, wholeAddressSpace, type Range } from './ip.js';
import type { ExternalEndpoint } from './types.js';

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
  const blocks = new Map<string, Range>();
  for (const engine of engines) {
    for (const policy of engine.allPolicies()) {
      for (const rule of [...policy.rules.ingress, ...policy.rules.egress]) {
        for (const peer of rule.peers ?? []) {
          if (!peer.ipBlock) continue;
          for (const r of [peer.ipBlock.cidr, ...peer.ipBlock.except]) blocks.set(`${r.family}/${r.text}`, r);
        }
      }
    }
  }
  const ranges = [...blocks.values()];
  const classes = new Map<string, Range[]>();
  for (const atom of atoms(ranges)) {
    const key = ranges.map((r) => (rangeContains(r, addressInRange(atom, 0)!) ? '1' : '0')).join('') + atom.family;
    let members = classes.get(key);
    if (!members) classes.set(key, (members = []));
    members.push(atom);
  }
  const out: AddressClass[] = [];
  for (const members of classes.values()) {
    const representative = outsideAddress(members, engines);
    if (!representative) continue; // every address of it is a pod's: those are compared as pods
    const merged = rangeDifference(members, []);
    out.push({ ranges: merged, text: addressSetText(merged), representative });
  }
  return out;
}

/** The spans between consecutive range boundaries, per family: no range starts or ends inside one. */
function atoms(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const whole of wholeAddressSpace()) {
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
