/**
 * IP and CIDR text exactly as the API server reads and prints it.
 *
 * Kubernetes parses CIDRs with netutils.ParseCIDRSloppy (Go 1.16's
 * net.ParseCIDR, which ignores leading zeros) and, for strict validation,
 * re-parses with netip.ParsePrefix. We port the sloppy parser and note where
 * netip would refuse the text. A general IP library will not do: ipaddr.js,
 * for one, reads "10.1", "0x0a.0.0.1" and octal "010.0.0.1" as addresses,
 * which Go rejects or reads as decimal.
 *
 * Addresses are 16 bytes as in Go, IPv4 stored IPv4-mapped (::ffff:a.b.c.d).
 */

export type Bytes = readonly number[];

export interface SloppyCIDR {
  /** The address as written, host bits kept, 16 bytes. */
  ip: Bytes;
  /** Which syntax matched: the mask is 32 or 128 bits long accordingly. */
  family: 4 | 6;
  bits: number;
  /** netip.ParsePrefix accepts the text too: no leading zeros, no hex group over 4 digits. */
  strictSyntax: boolean;
}

/** Go's IPNet after ParseCIDR: the masked address, 4 bytes for IPv4 syntax, 16 for IPv6. */
export interface IPNet {
  ip: Bytes;
  bits: number;
  maskLength: 32 | 128;
}

/** netutils.ParseCIDRSloppy; undefined where it returns an error. */
export function parseCIDRSloppy(s: string): SloppyCIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  const v4 = parseIPv4(addr);
  const v6 = v4 ? undefined : parseIPv6(addr);
  const parsed = v4 ?? v6;
  const bits = decimal(mask, 0);
  const maxBits = v4 ? 32 : 128;
  if (!parsed || !bits || bits.end !== mask.length || bits.value > maxBits) return undefined;
  const prefixLeadingZero = mask.length > 1 && mask[0] === '0';
  return {
    ip: parsed.ip,
    family: v4 ? 4 : 6,
    bits: bits.value,
    strictSyntax: parsed.strict && !prefixLeadingZero,
  };
}

/** netutils.ParseIPSloppy: 16 bytes (IPv4 mapped), or undefined. */
export function parseIPSloppy(s: string): { ip: Bytes; family: 4 | 6 } | undefined {
  const v4 = parseIPv4(s);
  if (v4) return { ip: v4.ip, family: 4 };
  const v6 = parseIPv6(s);
  return v6 ? { ip: v6.ip, family: 6 } : undefined;
}

/** ParseCIDR's network: `ip.Mask(CIDRMask(bits, 8*iplen))`. */
export function networkOf(c: SloppyCIDR): IPNet {
  const ip = c.family === 4 ? c.ip.slice(12) : c.ip;
  return { ip: applyMask(ip, c.bits), bits: c.bits, maskLength: c.family === 4 ? 32 : 128 };
}

/** netip.Addr.Is4In6 for IPv6 syntax. */
export function isIPv4Mapped(c: SloppyCIDR): boolean {
  return c.family === 6 && to4(c.ip) !== undefined;
}

/** Bits set beyond the prefix length ("10.0.0.1/24"). */
export function hasHostBits(c: SloppyCIDR): boolean {
  return !sameAddress(c.ip, networkOf(c).ip);
}

/** net.IPNet.Contains. */
export function networkContains(net: IPNet, ip: Bytes): boolean {
  const nn = to4(net.ip) ?? net.ip;
  let mask = maskBytes(net.bits, net.maskLength);
  if (mask.length === 16 && nn.length === 4) mask = mask.slice(12);
  const x = to4(ip) ?? ip;
  if (x.length !== nn.length || mask.length !== nn.length) return false;
  return nn.every((b, i) => (b & (mask[i] ?? 0)) === ((x[i] ?? 0) & (mask[i] ?? 0)));
}

/** net.IPNet.String: an IPv4-mapped network prints as IPv4 with its last 32 mask bits. */
export function formatNetwork(net: IPNet): string {
  const v4 = to4(net.ip);
  const bits = v4 && net.maskLength === 128 ? Math.max(0, net.bits - 96) : net.bits;
  return `${formatGoIP(net.ip)}/${bits}`;
}

/** net.IP.String: dotted for IPv4 and IPv4-mapped, RFC 5952 otherwise. */
export function formatGoIP(ip: Bytes): string {
  const v4 = to4(ip);
  return v4 ? v4.join('.') : formatIPv6(ip);
}

/** netip.Addr.String for IPv6: lower-case hex, the first longest run of 2+ zero groups as "::". */
export function formatIPv6(ip: Bytes): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((ip[2 * i] ?? 0) << 8) | (ip[2 * i + 1] ?? 0));
  let runStart = -1;
  let runLength = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > runLength) {
      runStart = i;
      runLength = j - i;
    }
  }
  const hex = (g: number[]) => g.map((n) => n.toString(16)).join(':');
  if (runStart < 0) return hex(groups);
  return `${hex(groups.slice(0, runStart))}::${hex(groups.slice(runStart + runLength))}`;
}

/** Same address, whether held in 4 or 16 bytes (net.IP.Equal). */
function sameAddress(a: Bytes, b: Bytes): boolean {
  const a16 = to16(a);
  const b16 = to16(b);
  return a16.every((x, i) => x === b16[i]);
}

const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** net.IP.To4. */
function to4(ip: Bytes): Bytes | undefined {
  if (ip.length === 4) return ip;
  return V4_IN_V6_PREFIX.every((b, i) => ip[i] === b) ? ip.slice(12) : undefined;
}

function to16(ip: Bytes): Bytes {
  return ip.length === 4 ? [...V4_IN_V6_PREFIX, ...ip] : ip;
}

function maskBytes(bits: number, length: number): number[] {
  return Array.from({ length: length / 8 }, (_, i) => {
    const ones = Math.min(8, Math.max(0, bits - 8 * i));
    return (0xff << (8 - ones)) & 0xff;
  });
}

function applyMask(ip: Bytes, bits: number): number[] {
  const mask = maskBytes(bits, ip.length * 8);
  return ip.map((b, i) => b & (mask[i] ?? 0));
}

/** Go's dtoi: decimal digits from `start`; fails on none or on reaching 0xFFFFFF. */
function decimal(s: string, start: number): { value: number; end: number } | undefined {
  let value = 0;
  let i = start;
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    value = value * 10 + Number(s[i]);
    if (value >= 0xffffff) return undefined;
  }
  return i === start ? undefined : { value, end: i };
}

/** Go's xtoi: hexadecimal digits from `start`. */
function hexadecimal(s: string, start: number): { value: number; end: number } | undefined {
  let value = 0;
  let i = start;
  for (; i < s.length && /[0-9a-fA-F]/.test(s[i]!); i++) {
    value = value * 16 + parseInt(s[i]!, 16);
    if (value >= 0xffffff) return undefined;
  }
  return i === start ? undefined : { value, end: i };
}

interface ParsedIP {
  ip: number[];
  /** netip.ParseAddr would accept it too. */
  strict: boolean;
}

/** Go 1.16 parseIPv4: four decimal octets, leading zeros ignored (netip rejects them). */
function parseIPv4(s: string): ParsedIP | undefined {
  const octets: number[] = [];
  let strict = true;
  let pos = 0;
  for (let i = 0; i < 4; i++) {
    if (i > 0) {
      if (s[pos] !== '.') return undefined;
      pos++;
    }
    const octet = decimal(s, pos);
    if (!octet || octet.value > 255) return undefined;
    if (octet.end - pos > 1 && s[pos] === '0') strict = false;
    octets.push(octet.value);
    pos = octet.end;
  }
  if (pos !== s.length) return undefined;
  return { ip: [...V4_IN_V6_PREFIX, ...octets], strict };
}

/** Go 1.16 parseIPv6: hex groups of any length (netip allows 4 digits), "::", a trailing IPv4. */
function parseIPv6(s: string): ParsedIP | undefined {
  const ip: number[] = new Array<number>(16).fill(0);
  let strict = true;
  let ellipsis = -1;
  let pos = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    pos = 2;
    if (pos === s.length) return { ip, strict };
  }
  let i = 0;
  while (i < 16) {
    const group = hexadecimal(s, pos);
    if (!group || group.value > 0xffff) return undefined;
    if (group.end < s.length && s[group.end] === '.') {
      // The rest is an IPv4 address taking the last 4 bytes.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseIPv4(s.slice(pos));
      if (!v4) return undefined;
      strict &&= v4.strict;
      ip.splice(i, 4, ...v4.ip.slice(12));
      pos = s.length;
      i += 4;
      break;
    }
    if (group.end - pos > 4) strict = false;
    ip[i] = group.value >> 8;
    ip[i + 1] = group.value & 0xff;
    i += 2;
    pos = group.end;
    if (pos === s.length) break;
    if (s[pos] !== ':' || pos + 1 === s.length) return undefined;
    pos++;
    if (s[pos] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      pos++;
      if (pos === s.length) break;
    }
  }
  if (pos !== s.length) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const shift = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + shift] = ip[j]!;
    for (let j = ellipsis + shift - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined; // "::" must stand for at least one zero group
  }
  return { ip, strict };
}
