/**
 * For lab tests of the denied-flow log on many probes: reads what every
 * node's ruleset logs (as the agent reads it), turns each logged packet
 * into the agent's record, and says what the engine expects a denied probe's
 * record to name.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { deniedFlow } from '../agent/denied-flows.js';
import type { LoggedPacket } from '../agent/nflog.js';
import { countersByName, type DeniedLog } from '../dataplane/counters.js';
import type { Ruleset } from '../dataplane/ruleset.js';
import type { Engine } from '../engine/engine.js';
import type { PortQuery } from '../engine/types.js';
import type { Lab } from './lab.js';

/** Why the denied-flow log cannot be read here, if it cannot. */
export function tcpdumpMissing(): string | undefined {
  try {
    execFileSync('tcpdump', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'the denied-flow log needs tcpdump (install the tcpdump package)';
  }
}

/** What a test compares of a record: who, which side, and what denied it. */
export interface RecordKey {
  from: string;
  to: string;
  protocol: string | number;
  direction: string;
  pod: string | undefined;
  deniedBy: unknown;
}

/** Every node's NFLOG group, read from `start` to `stop`. */
export class DeniedRecorder {
  private readonly logged: { node: number; packet: LoggedPacket }[] = [];
  readonly errors: string[] = [];
  private stops: (() => void)[] = [];

  constructor(
    private readonly lab: Lab,
    readonly log: DeniedLog,
  ) {}

  /** Starts a reader per node, and gives tcpdump a moment to listen. */
  async start(): Promise<void> {
    this.stops = this.lab.plan.nodes.map((_, i) => this.lab.readNflog(i, this.log.group, (packet) => this.logged.push({ node: i, packet }), (e) => this.errors.push(e)));
    await new Promise((r) => setTimeout(r, 1000));
  }

  stop(): void {
    for (const stop of this.stops) stop();
  }

  /** A point to read the records after. */
  mark(): number {
    return this.logged.length;
  }

  /** The records of what the nodes logged after `mark` (with `rulesets` applied, in node order), once `count` have come (or after 5 s), and a moment more for any extra. */
  async recordsSince(mark: number, count: number, rulesets: Ruleset[], engine: Engine): Promise<RecordKey[]> {
    const deadline = Date.now() + 5000;
    while (this.logged.length - mark < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    return this.logged.slice(mark).map(({ node, packet }) => {
      const flow = deniedFlow({ engine }, countersByName(rulesets[node]!.counters), packet);
      assert.ok(flow, `a logged packet the ruleset of node ${node} names: ${packet.prefix}`);
      return { from: flow.from, to: flow.to, protocol: flow.protocol, direction: flow.direction, pod: flow.pod, deniedBy: flow.deniedBy };
    });
  }
}

/** The record the engine expects for a denied connection: the first side that denies it (egress first, as the packet walks), and the rule or default deny. */
export function expectedRecord(engine: Engine, from: string, to: string, port: PortQuery): RecordKey {
  const [f, t] = [engine.resolve(from)!, engine.resolve(to)!];
  const v = engine.check(f, t, port, { reasons: false });
  const side = v.egress.allowed ? 'ingress' : 'egress';
  const rule = v[side].deniedBy;
  const pod = side === 'egress' ? f : t;
  return { from: f.ref, to: t.ref, protocol: port.protocol, direction: side, pod: pod.kind === 'external' ? undefined : pod.ref, deniedBy: rule ? { policy: rule.policy, tier: rule.tier, rule: rule.rule } : 'default deny' };
}

/** Packets counted by every deny rule and default deny of the enforcing chains, on every node. */
export async function dropsCounted(lab: Lab, rulesets: Ruleset[]): Promise<number> {
  let total = 0;
  for (const [i, ruleset] of rulesets.entries()) {
    const known = countersByName(ruleset.counters);
    for (const k of await lab.readCounters(i)) {
      const c = known.get(k.name);
      if (c && !c.audit && (c.kind === 'default' || c.action === 'deny')) total += k.packets;
    }
  }
  return total;
}

const schema = JSON.parse(readFileSync(new URL('../../docs/denied-flow.schema.json', import.meta.url), 'utf8')) as object;

/** Asserts that agent log lines are what docs/denied-flow.schema.json says a denied-flow line is (without the `node` the lab labels each line with). */
export function assertDeniedFlowLines(lines: readonly Record<string, unknown>[]): void {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const valid = ajv.compile(schema);
  for (const labelled of lines) {
    const line = { ...labelled };
    delete line['node'];
    assert.ok(valid(line), `${JSON.stringify(line)}: ${ajv.errorsText(valid.errors)}`);
  }
}

export function byPair(a: { from: string; to: string }, b: { from: string; to: string }): number {
  return a.from.localeCompare(b.from) || a.to.localeCompare(b.to);
}
