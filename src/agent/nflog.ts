/**
 * The packets the ruleset logs to an NFLOG group, as the agent reads them.
 *
 * NFLOG is netlink, which Node cannot open; tcpdump(8) can (libpcap's
 * `nflog:GROUP` device) and writes what it gets as a pcap stream, which is
 * parsed here: per packet, the log prefix (what dropped it) and the packet's
 * addresses, protocol and ports. Like NFLOG itself this works in whatever
 * network namespace the agent runs in. The kernel log (`log` without a
 * group) would not: logging from a namespace other than the host's is off
 * unless a host-wide sysctl (`net.netfilter.nf_log_all_netns`) says
 * otherwise, and it lands among every other kernel message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { formatGoIP } from '../validation/ip-text.js';
import type { Protocol } from '../engine/types.js';

export interface LoggedPacket {
  /** When the kernel logged it (pcap's time stamp). */
  time: Date;
  /** The log prefix: what dropped it. */
  prefix: string;
  source: string;
  destination: string;
  /** TCP, UDP or SCTP; another protocol by its number. */
  protocol: Protocol | number;
  sourcePort?: number;
  destinationPort?: number;
}

/** libpcap's link type for NFLOG records. */
const LINKTYPE_NFLOG = 239;
const NFULA_PAYLOAD = 9;
const NFULA_PREFIX = 10;
const PROTOCOLS: Record<number, Protocol> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

/**
 * A pcap stream of NFLOG records, fed in chunks as they come: calls
 * `onPacket` for each record with an IP packet in it.
 */
export class NflogStream {
  private buffer: Buffer = Buffer.alloc(0);
  private littleEndian: boolean | undefined;

  constructor(private readonly onPacket: (p: LoggedPacket) => void) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let at = 0;
    if (this.littleEndian === undefined) {
      if (this.buffer.length < 24) return;
      const magic = this.buffer.readUInt32LE(0);
      if (magic === 0xa1b2c3d4) this.littleEndian = true;
      else if (magic === 0xd4c3b2a1) this.littleEndian = false;
      else throw new Error(`not a pcap stream (magic ${magic.toString(16)})`);
      const linkType = this.u32(20);
      if (linkType !== LINKTYPE_NFLOG) throw new Error(`pcap link type ${linkType}, not NFLOG (${LINKTYPE_NFLOG})`);
      at = 24;
    }
    while (this.buffer.length - at >= 16) {
      const length = this.u32(at + 8);
      if (this.buffer.length - at - 16 < length) break;
      const time = new Date(this.u32(at) * 1000 + Math.floor(this.u32(at + 4) / 1000));
      const packet = this.record(this.buffer.subarray(at + 16, at + 16 + length), time);
      if (packet) this.onPacket(packet);
      at += 16 + length;
    }
    this.buffer = this.buffer.subarray(at);
  }

  private u32(at: number): number {
    return this.littleEndian ? this.buffer.readUInt32LE(at) : this.buffer.readUInt32BE(at);
  }

  /** One NFLOG record: family, version, resource id, then TLVs (length and type in the capturing host's byte order, each padded to 4 bytes). */
  private record(r: Buffer, time: Date): LoggedPacket | undefined {
    let prefix = '';
    let payload: Buffer | undefined;
    const u16 = (at: number) => (this.littleEndian ? r.readUInt16LE(at) : r.readUInt16BE(at));
    for (let at = 4; at + 4 <= r.length; ) {
      const length = u16(at);
      const type = u16(at + 2) & 0x7fff;
      if (length < 4 || at + length > r.length) break;
      const value = r.subarray(at + 4, at + length);
      if (type === NFULA_PREFIX) prefix = value.toString('utf8').replace(/\0.*$/s, '');
      if (type === NFULA_PAYLOAD) payload = value;
      at += (length + 3) & ~3;
    }
    return payload ? ipPacket(payload, prefix, time) : undefined;
  }
}

/** The addresses (written as the engine writes pods' addresses), protocol and ports of an IPv4 or IPv6 packet (IPv6 extension headers are not walked). */
function ipPacket(p: Buffer, prefix: string, time: Date): LoggedPacket | undefined {
  const version = p[0]! >> 4;
  let protocol: number;
  let source: string;
  let destination: string;
  let l4: number;
  if (version === 4 && p.length >= 20) {
    protocol = p[9]!;
    source = formatGoIP([...p.subarray(12, 16)]);
    destination = formatGoIP([...p.subarray(16, 20)]);
    l4 = (p[0]! & 0x0f) * 4;
  } else if (version === 6 && p.length >= 40) {
    protocol = p[6]!;
    source = formatGoIP([...p.subarray(8, 24)]);
    destination = formatGoIP([...p.subarray(24, 40)]);
    l4 = 40;
  } else {
    return undefined;
  }
  const named = PROTOCOLS[protocol];
  const ports = named && p.length >= l4 + 4 ? { sourcePort: p.readUInt16BE(l4), destinationPort: p.readUInt16BE(l4 + 2) } : {};
  return { time, prefix, source, destination, protocol: named ?? protocol, ...ports };
}

/** tcpdump reading an NFLOG group, until stopped; `command` runs it (default `tcpdump`). */
export function readNflog(group: number, onPacket: (p: LoggedPacket) => void, onError: (message: string) => void, command = ['tcpdump']): () => void {
  const file = command[0]!;
  const stream = new NflogStream(onPacket);
  // -U: each packet written as it comes; -s: the headers are enough.
  const args = [...command, '-i', `nflog:${group}`, '-U', '-w', '-', '-s', '128', '--immediate-mode'];
  const child: ChildProcess = spawn('sh', ['-c', OUTLIVE_NOT, 'sh', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stopped = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    try {
      stream.push(chunk);
    } catch (e) {
      onError((e as Error).message);
      child.stdin!.end();
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4096)));
  child.on('error', (e) => onError(`cannot run ${file}: ${e.message}`));
  child.on('exit', (code, signal) => {
    if (!stopped) onError(`${file} ended (${signal ?? `exit ${code}`}): ${stderr.trim()}`);
  });
  return () => {
    stopped = true;
    child.stdin!.end();
  };
}

/**
 * Runs the command given as arguments, ended as soon as this process's pipe
 * to it closes: when the agent stops, and when it is killed outright (a
 * tcpdump left behind would hold the NFLOG group, and the next agent could
 * not read it). Exits with the command's status.
 */
// The pipe is kept as fd 3: sh gives a job in the background /dev/null for its stdin.
const OUTLIVE_NOT = 'exec 3<&0; "$@" </dev/null 3<&- & t=$!; { read _ <&3; kill $t; } >/dev/null 2>&1 & w=$!; wait $t; c=$?; kill $w 2>/dev/null; exit $c';
