/**
 * Reading NFLOG records from tcpdump's pcap stream: two UDP packets a rule
 * logged with group 42 (captured here with `tcpdump -i nflog:42 -w`), fed in
 * chunks cut anywhere, as a pipe delivers them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NflogStream, type LoggedPacket } from './nflog.js';

const CAPTURE = Buffer.from(
  'd4c3b2a1020004000000000000000000c8000000ef0000007a5c166b67cc03005c0000005c0000000200002a080001000800030012000a00645f61626320696e6772657373000000080005000000000108000b000000000008000e0000000000230009004500001f35464000401107867f0000017f0000018a62270f000bfe1e68690a007a5c166b8fcc03005c0000005c0000000200002a080001000800030012000a00645f61626320696e6772657373000000080005000000000108000b000000000008000e0000000000230009004500001fe0d0400040115bfb7f0000017f000001e0e2270f000bfe1e68690a00',
  'hex',
);

test('each logged packet: its prefix, addresses, protocol and ports, whatever the chunks', () => {
  for (const size of [1, 7, 50, CAPTURE.length]) {
    const packets: LoggedPacket[] = [];
    const stream = new NflogStream((p) => packets.push(p));
    for (let at = 0; at < CAPTURE.length; at += size) stream.push(CAPTURE.subarray(at, at + size));
    assert.deepEqual(
      packets.map(({ time, ...p }) => ({ ...p, year: time.getUTCFullYear() })),
      [
        { prefix: 'd_abc ingress', source: '127.0.0.1', destination: '127.0.0.1', protocol: 'UDP', sourcePort: 35426, destinationPort: 9999, year: 2026 },
        { prefix: 'd_abc ingress', source: '127.0.0.1', destination: '127.0.0.1', protocol: 'UDP', sourcePort: 57570, destinationPort: 9999, year: 2026 },
      ],
      `chunks of ${size}`,
    );
  }
});

test('a stream that is not NFLOG pcap is refused with what it is', () => {
  assert.throws(() => new NflogStream(() => undefined).push(Buffer.alloc(24, 0)), /not a pcap stream/);
  const ethernet = Buffer.from(CAPTURE.subarray(0, 24));
  ethernet.writeUInt32LE(1, 20);
  assert.throws(() => new NflogStream(() => undefined).push(ethernet), /pcap link type 1, not NFLOG \(239\)/);
});
