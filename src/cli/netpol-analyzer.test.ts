/**
 * Palisade against another project's answers: netpol-analyzer (np-guard)
 * ships, with its test manifests, the connection list its `list` command
 * must print for them. For the three examples copied from it
 * (examples/real-world/netpol-analyzer-*), `palisade matrix` and `palisade
 * reach` must say exactly the same.
 *
 * How the two are compared:
 * - netpol-analyzer lists each allowed (source, destination) pair once, with
 *   its connections for all ports ("All Connections", or "TCP 8080",
 *   "SCTP 1-65535,TCP 1-79,81-65535"); a pair it does not list has none.
 *   Palisade answers per port, so the comparison is made on the ports of
 *   interest (those the policies name and the pods serve, as `matrix` picks
 *   them) plus a few others no policy names, in each protocol.
 * - Endpoints: its `ns/name[Deployment]` is Palisade's `ns/deployment/name`.
 *   Pairs of different workloads are compared in `matrix -o json`. A workload
 *   to itself is not: netpol-analyzer never lists it.
 * - The outside: its `0.0.0.0-255.255.255.255[External]` (IPv4 ranges) is
 *   compared with the addresses `reach -o json` gives for each workload and
 *   port, both ways, as IPv4 ranges (Palisade's "any" also covers IPv6,
 *   which netpol-analyzer does not list).
 * - Its `{ingress-controller}` source comes from OpenShift Routes and
 *   Ingress objects, which Palisade does not read: those lines are left out,
 *   and counted so that nothing else is.
 * - For the demo with added workloads, netpol-analyzer keeps no connection
 *   list, only its diff from the base demo: the expected list is the base
 *   demo's list with that diff applied.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAddress, parseRange, rangeDifference, type Range } from '../engine/ip.js';
import { parsePortQuery, portQueryText } from '../engine/ports.js';
import type { PortQuery } from '../engine/types.js';
import { engineFor, inputArgs, REAL_WORLD, ROOT, type RealWorldExample } from './real-world.test.helper.js';

const CLI = join(ROOT, 'dist/cli/main.js');
const OUTSIDE = '[External]';
const INGRESS_CONTROLLER = '{ingress-controller}';
/** Ports no policy of these examples names, to check that "TCP 8080" really means nothing else. */
const OTHER_PORTS = ['1/TCP', '53/TCP', '8081/TCP', '65535/TCP', '53/UDP', '8080/UDP', '3868/SCTP'];

/** One protocol's port range, as netpol-analyzer writes connections. */
interface Span {
  protocol: string;
  lo: number;
  hi: number;
}

/** "All Connections", or "TCP 8080", "SCTP 1-65535,TCP 1-79,81-65535": a protocol name starts a new protocol's list. */
function parseConnections(text: string): Span[] | 'all' {
  if (text === 'All Connections') return 'all';
  let protocol = '';
  return text.split(',').map((item) => {
    const m = /^(?:(TCP|UDP|SCTP) )?(\d+)(?:-(\d+))?$/.exec(item.trim());
    if (!m || !(m[1] ?? protocol)) throw new Error(`netpol-analyzer connections not understood: "${text}"`);
    protocol = m[1] ?? protocol;
    return { protocol, lo: Number(m[2]), hi: Number(m[3] ?? m[2]) };
  });
}

function allows(conns: Span[] | 'all', q: PortQuery): boolean {
  return conns === 'all' || conns.some((s) => s.protocol === q.protocol && s.lo <= q.port && q.port <= s.hi);
}

/** `ns/name[Kind]` → `ns/kind/name`; outside ranges and the ingress controller keep their text. */
function endpointRef(text: string): string {
  const m = /^([^/[\]]+)\/([^/[\]]+)\[(\w+)\]$/.exec(text);
  return m ? `${m[1]}/${m[3]!.toLowerCase()}/${m[2]}` : text;
}

/** The expected list: "source => destination" → its connections text. */
type ConnList = Map<string, string>;

function readConnList(file: string): ConnList {
  const list: ConnList = new Map();
  for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const m = /^(\S+) => (\S+) : (.+)$/.exec(line);
    if (!m) throw new Error(`${file}: line not understood: ${line}`);
    list.set(`${m[1]} => ${m[2]}`, m[3]!);
  }
  return list;
}

/** netpol-analyzer's diff as CSV (diff-type,source,destination,ref1,ref2,...) applied to a list. */
function applyDiff(list: ConnList, file: string): ConnList {
  const out = new Map(list);
  const [header, ...rows] = readFileSync(join(ROOT, file), 'utf8').trim().split('\n');
  assert.match(header!, /^diff-type,source,destination,ref1,ref2,/);
  for (const row of rows) {
    const [type, source, destination, , ref2] = [...row.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!.replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
    const key = `${source} => ${destination}`;
    if (type === 'removed') out.delete(key);
    else if (type === 'added' || type === 'changed') out.set(key, ref2!);
    else throw new Error(`${file}: diff type not understood: ${row}`);
  }
  return out;
}

interface Expected {
  example: RealWorldExample;
  list: () => ConnList;
}

const byName = (name: string) => REAL_WORLD.find((e) => e.name === name)!;
const ACS = 'examples/real-world/netpol-analyzer-acs-security-demos/expected-connlist.txt';
const CASES: Expected[] = [
  { example: byName('netpol-analyzer-onlineboutique'), list: () => readConnList('examples/real-world/netpol-analyzer-onlineboutique/expected-connlist.txt') },
  { example: byName('netpol-analyzer-acs-security-demos'), list: () => readConnList(ACS) },
  {
    example: byName('netpol-analyzer-acs-security-demos-added-workloads'),
    list: () => applyDiff(readConnList(ACS), 'examples/real-world/netpol-analyzer-acs-security-demos-added-workloads/expected-diff-from-acs-security-demos.csv'),
  },
];

function palisadeJson<T>(args: string[]): T {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `palisade ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** IPv4 addresses as canonical CIDRs, so that ranges written either way compare equal. */
function ipv4(ranges: Range[]): string[] {
  return rangeDifference(ranges.filter((r) => r.family === 4), []).map((r) => r.text);
}

function outsideRange(text: string): Range {
  const [lo, hi] = text.slice(0, -OUTSIDE.length).split('-').map((a) => parseAddress(a)!);
  return { family: 4, lo: lo!.value, hi: hi!.value, text };
}

for (const { example, list } of CASES) {
  describe(`netpol-analyzer's connection list for ${example.name}`, () => {
    const expected = list();
    const ports = [...new Map([...engineFor(example).portsOfInterest().map(portQueryText), ...OTHER_PORTS].map((p) => [p, parsePortQuery(p)!])).values()];
    const portList = ports.map(portQueryText).join(',');
    const lines = [...expected].map(([key, conns]) => {
      const [from, to] = key.split(' => ').map(endpointRef);
      return { from: from!, to: to!, conns: parseConnections(conns) };
    });
    const compared = lines.filter((l) => l.from !== INGRESS_CONTROLLER && l.to !== INGRESS_CONTROLLER);

    test('every line is understood: workloads and outside ranges, besides the ingress controller lines left out', (t) => {
      assert.ok(compared.length >= 10, `${compared.length} lines compared`);
      const ends = compared.flatMap((l) => [l.from, l.to]);
      assert.deepEqual(ends.filter((e) => !/^[^/]+\/[a-z]+\/[^/]+$/.test(e) && !/^[\d.]+-[\d.]+\[External\]$/.test(e)), []);
      t.diagnostic(`${compared.length} lines compared, ${lines.length - compared.length} ingress controller lines left out`);
    });

    test('matrix: every pair of different workloads, on every port compared', () => {
      const m = palisadeJson<{ ports: string[]; rows: { name: string }[]; allowed: Record<string, string[]> }>(['matrix', ...inputArgs(example), '--group-by', 'pod', '--ports', portList, '-o', 'json']);
      const names = m.rows.map((r) => r.name);
      const inCluster = compared.flatMap((l) => [l.from, l.to]).filter((e) => !e.endsWith(OUTSIDE));
      assert.deepEqual(inCluster.filter((e) => !names.includes(e)), [], 'every workload netpol-analyzer names is a row');
      const differences: string[] = [];
      for (const [k, port] of m.ports.entries()) {
        const q = parsePortQuery(port)!;
        names.forEach((from, i) =>
          names.forEach((to, j) => {
            if (i === j) return;
            const line = compared.find((l) => l.from === from && l.to === to);
            const theirs = line ? allows(line.conns, q) : false;
            const ours = m.allowed[port]![i]![j] === '1';
            if (ours !== theirs) differences.push(`${from} → ${to} ${port}: Palisade ${ours ? 'allows' : 'denies'}, netpol-analyzer ${theirs ? 'allows' : 'denies'}`);
          }),
        );
        assert.equal(m.ports[k], portQueryText(ports[k]!));
      }
      assert.deepEqual(differences, []);
    });

    test('reach: the outside addresses each workload is reached from and reaches, on every port compared', () => {
      const differences: string[] = [];
      for (const ep of engineFor(example).endpoints()) {
        type Side = { port: string; addresses: 'any' | string[] };
        const r = palisadeJson<{ reachedFrom: Side[]; reaches: Side[] }>(['reach', ...inputArgs(example), ep.ref, '--ports', portList, '-o', 'json']);
        for (const [direction, sides] of [['from', r.reachedFrom], ['to', r.reaches]] as const) {
          for (const side of sides) {
            const q = parsePortQuery(side.port)!;
            const theirs = compared
              .filter((l) => (direction === 'from' ? l.to === ep.ref && l.from.endsWith(OUTSIDE) : l.from === ep.ref && l.to.endsWith(OUTSIDE)) && allows(l.conns, q))
              .map((l) => outsideRange(direction === 'from' ? l.from : l.to));
            const ours = (side.addresses === 'any' ? ['0.0.0.0/0'] : side.addresses).flatMap((c) => parseRange(c) ?? []);
            if (ipv4(ours).join() !== ipv4(theirs).join()) {
              differences.push(`${direction === 'from' ? `outside → ${ep.ref}` : `${ep.ref} → outside`} ${side.port}: Palisade [${ipv4(ours).join(', ')}], netpol-analyzer [${ipv4(theirs).join(', ')}]`);
            }
          }
        }
      }
      assert.deepEqual(differences, []);
    });
  });
}
