/**
 * Runs inside one lab network namespace (a pod, or the outside world): it
 * listens on the given TCP and UDP ports, and probes other addresses on
 * command. Commands and answers are JSON lines on stdin and stdout:
 *   in:  {"id": 1, "protocol": "TCP", "host": "10.0.0.2", "port": 80, "source": "10.9.9.9", "timeoutMs": 800}
 *   out: {"id": 1, "outcome": "answered"}
 * Outcomes: `answered` (TCP connection established; UDP datagram echoed
 * back), `refused` (ECONNREFUSED: a TCP RST, or an ICMP port unreachable on
 * the connected UDP socket), `failed` (another error, e.g. an ICMP host
 * unreachable) and `timeout` (nothing came back). Nothing answers a dropped
 * packet, so a connection a policy denies is a timeout; the others tell a
 * drop from a reject.
 */
import { createSocket, type Socket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { createInterface } from 'node:readline';

interface Probe {
  id: number;
  protocol: 'TCP' | 'UDP';
  host: string;
  port: number;
  source?: string;
  timeoutMs: number;
}

const args = process.argv.slice(2);
const ports = (flag: string) =>
  (args[args.indexOf(flag) + 1] ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number);

async function listen(): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const port of args.includes('--tcp') ? ports('--tcp') : []) {
    const server = createServer((socket) => socket.end());
    pending.push(new Promise((resolve, reject) => server.once('error', reject).listen({ port, host: '::', ipv6Only: false }, resolve)));
  }
  // With --bind, one UDP socket per address, so a reply leaves from the address that was asked.
  const addresses = args.includes('--bind') ? (args[args.indexOf('--bind') + 1] ?? '').split(',').filter(Boolean) : ['0.0.0.0', '::'];
  for (const port of args.includes('--udp') ? ports('--udp') : []) {
    for (const address of addresses) {
      const type = address.includes(':') ? 'udp6' : 'udp4';
      const socket = createSocket({ type, ipv6Only: type === 'udp6' });
      socket.on('message', (msg, from) => socket.send(msg, from.port, from.address));
      pending.push(new Promise((resolve, reject) => socket.once('error', reject).bind(port, address, resolve)));
    }
  }
  await Promise.all(pending);
}

/** What came back: the protocol's word, shared with the lab (src/lab/lab.ts). */
export type Outcome = 'answered' | 'refused' | 'failed' | 'timeout';

const outcomeOf = (e: NodeJS.ErrnoException): Outcome => (e.code === 'ECONNREFUSED' ? 'refused' : 'failed');

function probe(p: Probe): Promise<Outcome> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: Outcome, cleanup: () => void) => {
      if (done) return;
      done = true;
      cleanup();
      resolve(outcome);
    };
    if (p.protocol === 'TCP') {
      const socket = connect({ host: p.host, port: p.port, ...(p.source ? { localAddress: p.source } : {}) });
      const timer = setTimeout(() => finish('timeout', () => socket.destroy()), p.timeoutMs);
      socket.once('connect', () => finish('answered', () => (clearTimeout(timer), socket.destroy())));
      socket.once('error', (e) => finish(outcomeOf(e), () => (clearTimeout(timer), socket.destroy())));
      return;
    }
    void freshUdpSocket(p).then(
      (socket) => {
        const timer = setTimeout(() => finish('timeout', () => socket.close()), p.timeoutMs);
        socket.once('message', () => finish('answered', () => (clearTimeout(timer), socket.close())));
        // Connected, so the kernel reports an ICMP error for the flow as ECONNREFUSED (or another code) here.
        socket.once('error', (e) => finish(outcomeOf(e), () => (clearTimeout(timer), socket.close())));
        socket.connect(p.port, p.host, () => socket.send(`probe ${p.id}`));
      },
      (e: NodeJS.ErrnoException) => finish(outcomeOf(e), () => undefined),
    );
  });
}

/**
 * The source ports each UDP destination has seen from this pod. A UDP flow
 * that was allowed stays in the node's conntrack table for up to two
 * minutes, and the ruleset accepts established flows before any policy: a
 * later probe that happened to get the same random source port would ride
 * on that entry and pass though the policy now drops it.
 */
const udpPortsUsed = new Map<string, Set<number>>();

async function freshUdpSocket(p: Probe): Promise<Socket> {
  const key = `${p.host}|${p.port}`;
  const used = udpPortsUsed.get(key) ?? new Set<number>();
  udpPortsUsed.set(key, used);
  for (;;) {
    const socket = createSocket(p.host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => socket.once('error', reject).bind(0, p.source, resolve));
    const { port } = socket.address();
    if (!used.has(port)) {
      used.add(port);
      return socket;
    }
    socket.close();
  }
}

await listen();
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const p = JSON.parse(line) as Probe;
  void probe(p).then((outcome) => process.stdout.write(JSON.stringify({ id: p.id, outcome }) + '\n'));
});
lines.on('close', () => process.exit(0));
