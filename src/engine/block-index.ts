/**
 * ipBlock CIDRs indexed by prefix length and network, so that the blocks
 * holding an address are found with one lookup per prefix length in use
 * rather than a scan of every block: a pod among thousands of ipBlocks.
 */
import type { Address, Range } from './ip.js';

export class BlockIndex<T> {
  /** Per family, per prefix length: network → items. */
  private readonly byLength: Record<4 | 6, Map<number, Map<number | bigint, Set<T>>>> = { 4: new Map(), 6: new Map() };

  add(cidr: Range, item: T): void {
    const length = prefixLength(cidr);
    if (length === undefined) return; // no addresses: matches nothing
    let networks = this.byLength[cidr.family].get(length);
    if (!networks) this.byLength[cidr.family].set(length, (networks = new Map()));
    let items = networks.get(cidr.lo);
    if (!items) networks.set(cidr.lo, (items = new Set()));
    items.add(item);
  }

  delete(cidr: Range, item: T): void {
    const length = prefixLength(cidr);
    if (length === undefined) return;
    const networks = this.byLength[cidr.family].get(length);
    const items = networks?.get(cidr.lo);
    items?.delete(item);
    if (items?.size === 0) networks!.delete(cidr.lo);
    if (networks?.size === 0) this.byLength[cidr.family].delete(length);
  }

  /** The items whose CIDR holds the address. */
  *containing(a: Address): Generator<T> {
    const bits = a.family === 4 ? 32 : 128;
    for (const [length, networks] of this.byLength[a.family]) {
      const items = networks.get(networkOf(a.value, bits - length));
      if (items) yield* items;
    }
  }
}

/** The prefix length of an aligned CIDR range; undefined for an empty one. */
function prefixLength(r: Range): number | undefined {
  const size = BigInt(r.hi) - BigInt(r.lo) + 1n;
  if (size <= 0n) return undefined;
  const hostBits = size.toString(2).length - 1;
  return (r.family === 4 ? 32 : 128) - hostBits;
}

/** The address with its `hostBits` low bits cleared. */
function networkOf(value: number | bigint, hostBits: number): number | bigint {
  if (typeof value === 'bigint') return (value >> BigInt(hostBits)) << BigInt(hostBits);
  const size = 2 ** hostBits;
  return Math.floor(value / size) * size;
}
