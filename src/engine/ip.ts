/**
 * Addresses and ipBlocks as numbers, so that matching is a range compare.
 * Parsing is Go's (src/validation/ip-text.ts), and containment follows Go's
 * net.IPNet.Contains: an IPv4-mapped IPv6 address is an IPv4 address, and an
 * IPv6 network never contains an IPv4 address unless it is written as an
 * IPv4-mapped network.
 */
import { formatGoIP, networkOf, parseCIDRSloppy, parseIPSloppy, type Bytes } from '../validation/ip-text.js';

export interface Address {
  family: 4 | 6;
  /** IPv4 as a number, IPv6 as a bigint. */
  value: number | bigint;
  /** Canonical text, as Go prints it. */
  text: string;
}

export interface Range {
  family: 4 | 6;
  lo: number | bigint;
  hi: number | bigint;
  /** The network as Go prints it (`10.0.0.0/8`). */
  text: string;
}

/** The family of an address as `parseAddress` writes it (an IPv4-mapped IPv6 address is written as IPv4). */
export function familyOfText(text: string): 4 | 6 {
  return text.includes(':') ? 6 : 4;
}

export function parseAddress(text: string): Address | undefined {
  const parsed = parseIPSloppy(text.trim());
  if (!parsed) return undefined;
  return addressOf(parsed.ip);
}

function addressOf(bytes: Bytes): Address {
  const text = formatGoIP(bytes);
  if (isV4Mapped(bytes)) return { family: 4, value: v4Number(bytes.slice(12)), text };
  return { family: 6, value: v6BigInt(bytes), text };
}

/** A CIDR as the range of addresses it contains, or undefined if it does not parse. */
export function parseRange(cidr: string): Range | undefined {
  const parsed = parseCIDRSloppy(cidr.trim());
  if (!parsed) return undefined;
  const net = networkOf(parsed);
  if (net.ip.length === 4) return v4Range(net.ip, net.bits);
  // An IPv4-mapped network whose mask covers the ::ffff: prefix holds IPv4 addresses (Go's Contains).
  if (isV4Mapped(net.ip) && net.bits >= 96) return v4Range(net.ip.slice(12), net.bits - 96);
  const lo = v6BigInt(net.ip);
  const size = 1n << BigInt(128 - net.bits);
  return { family: 6, lo, hi: lo + size - 1n, text: `${formatGoIP(net.ip)}/${net.bits}` };
}

function v4Range(ip: Bytes, bits: number): Range {
  const lo = v4Number(ip);
  return { family: 4, lo, hi: lo + 2 ** (32 - bits) - 1, text: `${formatGoIP([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ip])}/${bits}` };
}

export function rangeContains(r: Range, a: Address): boolean {
  return r.family === a.family && r.lo <= a.value && a.value <= r.hi;
}

function isV4Mapped(b: Bytes): boolean {
  if (b.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

function v4Number(b: Bytes): number {
  return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
}

function v6BigInt(b: Bytes): bigint {
  let v = 0n;
  for (const byte of b) v = (v << 8n) | BigInt(byte);
  return v;
}

/** Addresses as CIDRs: the union of `include` minus the union of `exclude`, in the fewest CIDRs, sorted. */
export function rangeDifference(include: readonly Range[], exclude: readonly Range[]): Range[] {
  return [...v4Difference(include, exclude), ...spanDifference(include, exclude, 6)];
}

/**
 * `rangeDifference` for one family with bigints: the general path, which
 * IPv6 takes (IPv4 takes `v4Difference`; tests compare the two).
 */
export function spanDifference(include: readonly Range[], exclude: readonly Range[], family: 4 | 6): Range[] {
  if (!include.some((r) => r.family === family)) return []; // most address sets have no IPv6 at all
  const bits = family === 4 ? 32 : 128;
  const spans = (rs: readonly Range[]) =>
    mergeSpans(
      rs
        .filter((r) => r.family === family)
        .sort((x, y) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0))
        .map((r) => [BigInt(r.lo), BigInt(r.hi)] as [bigint, bigint]),
    );
  let kept = spans(include);
  for (const [lo, hi] of spans(exclude)) {
    kept = kept.flatMap(([a, b]): [bigint, bigint][] => {
      if (hi < a || lo > b) return [[a, b]];
      const parts: [bigint, bigint][] = [];
      if (a < lo) parts.push([a, lo - 1n]);
      if (hi < b) parts.push([hi + 1n, b]);
      return parts;
    });
  }
  return kept.flatMap(([lo, hi]) => spanToRanges(lo, hi, family, bits));
}

/** Spans sorted by their start, overlapping or adjacent ones merged. */
function mergeSpans(spans: [bigint, bigint][]): [bigint, bigint][] {
  const merged: [bigint, bigint][] = [];
  for (const [lo, hi] of spans) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1n) last[1] = hi > last[1] ? hi : last[1];
    else merged.push([lo, hi]);
  }
  return merged;
}

/** The largest aligned blocks covering [lo, hi] exactly. */
function spanToRanges(lo: bigint, hi: bigint, family: 4 | 6, bits: number): Range[] {
  const out: Range[] = [];
  while (lo <= hi) {
    let size = 0;
    while (size < bits && (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n && lo + (1n << BigInt(size + 1)) - 1n <= hi) size++;
    const end = lo + (1n << BigInt(size)) - 1n;
    out.push({
      family,
      lo: family === 4 ? Number(lo) : lo,
      hi: family === 4 ? Number(end) : end,
      text: `${formatAddress(lo, family)}/${bits - size}`,
    });
    lo = end + 1n;
  }
  return out;
}

/**
 * `spanDifference` for IPv4 with plain numbers (every IPv4 address is an
 * exact double), the excepts taken out in one sweep: a data plane's sets
 * (peers merged, ipBlocks less their excepts) are made here, and bigints
 * made that several times slower.
 */
function v4Difference(include: readonly Range[], exclude: readonly Range[]): Range[] {
  const kept = v4Subtract(v4Spans(include), v4Spans(exclude));
  const out: Range[] = [];
  for (let i = 0; i < kept.length; i += 2) v4Blocks(kept[i]!, kept[i + 1]!, out);
  return out;
}

/** The IPv4 ranges among `rs`, merged: [lo0, hi0, lo1, hi1, ...], sorted. */
function v4Spans(rs: readonly Range[]): number[] {
  const spans: number[] = [];
  for (const r of rs.filter((r) => r.family === 4).sort((x, y) => (x.lo as number) - (y.lo as number))) {
    const last = spans.length - 1;
    if (last >= 0 && (r.lo as number) <= spans[last]! + 1) spans[last] = Math.max(spans[last]!, r.hi as number);
    else spans.push(r.lo as number, r.hi as number);
  }
  return spans;
}

/** Merged spans `a` less merged spans `b`. */
function v4Subtract(a: number[], b: number[]): number[] {
  if (b.length === 0) return a;
  const out: number[] = [];
  let first = 0; // the first of b that may still overlap: a's spans only go up
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const hi = a[i + 1]!;
    while (first < b.length && b[first + 1]! < lo) first += 2;
    for (let j = first; j < b.length && b[j]! <= hi && lo <= hi; j += 2) {
      if (b[j]! > lo) out.push(lo, b[j]! - 1);
      lo = b[j + 1]! + 1;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

/** Adds the largest aligned blocks covering [lo, hi] exactly to `out`. */
function v4Blocks(lo: number, hi: number, out: Range[]): void {
  while (lo <= hi) {
    let size = 0;
    while (size < 32 && lo % 2 ** (size + 1) === 0 && lo + 2 ** (size + 1) - 1 <= hi) size++;
    const end = lo + 2 ** size - 1;
    out.push({ family: 4, lo, hi: end, text: `${v4Text(lo)}/${32 - size}` });
    lo = end + 1;
  }
}

/**
 * Lists of addresses as the fewest CIDRs holding exactly them, sorted
 * (`rangeDifference` of their single-address ranges). A peer's lists are its
 * identities': thousands of addresses, mostly apart from each other, so an
 * address alone keeps its own text.
 */
export function addressCidrs(lists: readonly (readonly Address[])[]): Range[] {
  const v4: Address[] = [];
  const v6: Range[] = [];
  for (const list of lists) {
    for (const a of list) {
      if (a.family === 4) v4.push(a);
      else v6.push({ family: 6, lo: a.value, hi: a.value, text: a.text });
    }
  }
  const order = v4Order(v4);
  const out: Range[] = [];
  for (let i = 0; i < order.length; ) {
    const lo = v4[order[i]!]!.value as number;
    let hi = lo;
    let j = i + 1;
    for (; j < order.length && (v4[order[j]!]!.value as number) <= hi + 1; j++) hi = v4[order[j]!]!.value as number;
    if (hi === lo) out.push({ family: 4, lo, hi, text: `${v4[order[i]!]!.text}/32` });
    else v4Blocks(lo, hi, out);
    i = j;
  }
  return out.concat(spanDifference(v6, [], 6));
}

/** Below 2^21 addresses, an address and its index fit one double exactly: a typed array's numeric sort orders them, far faster than a comparator. */
const INDEX_BITS = 2 ** 21;

/** The indices of IPv4 addresses in address order. */
function v4Order(v4: readonly Address[]): ArrayLike<number> {
  if (v4.length >= INDEX_BITS) return [...v4.keys()].sort((x, y) => (v4[x]!.value as number) - (v4[y]!.value as number));
  const keyed = new Float64Array(v4.length);
  for (let i = 0; i < v4.length; i++) keyed[i] = (v4[i]!.value as number) * INDEX_BITS + i;
  keyed.sort();
  const order = new Uint32Array(v4.length);
  for (let i = 0; i < keyed.length; i++) order[i] = keyed[i]! % INDEX_BITS;
  return order;
}

/** An address held as a number, in Go's text. */
export function formatAddress(value: bigint, family: 4 | 6): string {
  if (family === 4) return v4Text(Number(value));
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return formatGoIP(bytes);
}

function v4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

const WHOLE: Record<4 | 6, Range> = {
  4: { family: 4, lo: 0, hi: 2 ** 32 - 1, text: '0.0.0.0/0' },
  6: { family: 6, lo: 0n, hi: (1n << 128n) - 1n, text: '::/0' },
};

/**
 * A set of addresses as people read it, per family: merged CIDRs, or the
 * smallest CIDR covering them "except" what it holds beyond them when that is
 * shorter (`0.0.0.0/0 except 10.42.0.0/16` rather than sixteen CIDRs).
 */
export function addressSetText(ranges: readonly Range[]): string {
  const parts: string[] = [];
  for (const family of [4, 6] as const) {
    const cidrs = rangeDifference(ranges.filter((r) => r.family === family), []);
    if (cidrs.length === 0) continue;
    const cover = coveringRange(BigInt(cidrs[0]!.lo), BigInt(cidrs[cidrs.length - 1]!.hi), family);
    const missing = rangeDifference([cover], cidrs);
    if (missing.length > 0 && missing.length < cidrs.length) parts.push(`${cover.text} except ${missing.map((r) => r.text).join(', ')}`);
    else parts.push(cidrs.map((r) => r.text).join(', '));
  }
  return parts.join(', ');
}

/** The smallest CIDR holding both addresses. */
function coveringRange(lo: bigint, hi: bigint, family: 4 | 6): Range {
  const bits = family === 4 ? 32 : 128;
  let size = 0;
  while (size < bits && lo >> BigInt(size) !== hi >> BigInt(size)) size++;
  const start = (lo >> BigInt(size)) << BigInt(size);
  return spanToRanges(start, start + (1n << BigInt(size)) - 1n, family, bits)[0]!;
}

/** Every address of both families. */
export function wholeAddressSpace(): Range[] {
  return [WHOLE[4], WHOLE[6]];
}

/** The address `offset` places after a range's first one, or undefined past its end. */
export function addressInRange(r: Range, offset: number): Address | undefined {
  const value = BigInt(r.lo) + BigInt(offset);
  if (value > BigInt(r.hi)) return undefined;
  const text = formatAddress(value, r.family);
  return { family: r.family, value: r.family === 4 ? Number(value) : value, text };
}
