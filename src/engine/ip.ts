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
