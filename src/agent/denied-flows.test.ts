/**
 * What the agent makes of a logged packet: the record names the side and
 * the rule or default deny its prefix says, takes its words from the engine
 * that ruleset plane was compiled from (the enforcing one for `denied`, the
 * one with the audited policies for `would deny`), and is a line
 * docs/denied-flow.schema.json describes. Packets a ruleset does not name
 * give no record.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countersByName, defaultDenyPrefix } from '../dataplane/counters.js';
import { compileRuleset } from '../dataplane/ruleset.js';
import { withoutColour } from '../cli/format/color.js';
import { formatVerdict } from '../cli/format/verdict.js';
import { enforcedPart } from '../engine/cluster.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Engine } from '../engine/engine.js';
import { assertDeniedFlowLines } from '../lab/denied-records.test.helper.js';
import { DB_STAYS_HOME, SHOP } from '../lab/shop.test.helper.js';
import { deniedFlow, type DeniedFlow } from './denied-flows.js';

const CLUSTER = [SHOP, DB_STAYS_HOME].join('---');

const cluster = clusterOfText(CLUSTER);
const engine = Engine.compile(enforcedPart(cluster));
const audit = Engine.compile(cluster);
const counters = countersByName(compileRuleset(engine, 'n1', { audit, log: { group: 1, perSecond: 10 } }).counters);
const PORT = { protocol: 'TCP' as const, port: 5432 };
const packet = (prefix: string, source: string, destination: string) => ({ time: new Date('2026-12-07T10:00:00Z'), prefix, source, destination, protocol: 'TCP' as const, sourcePort: 40000, destinationPort: 5432 });
const words = (e: Engine, from: string, to: string) => {
  const [f, t] = [e.resolve(from)!, e.resolve(to)!];
  return withoutColour(formatVerdict(e, f, t, PORT, e.check(f, t, PORT, { reasons: true }))).split('\n');
};
const asLine = (flow: DeniedFlow) => ({ time: '2026-12-07T10:00:00.100Z', level: 'info', msg: flow.outcome, ...flow });

test("a default deny's drop: denied, at the destination's ingress, in check's words", () => {
  const flow = deniedFlow({ engine, audit }, counters, packet(defaultDenyPrefix('ingress', false), '10.9.9.9', '10.30.0.20'))!;
  assert.deepEqual({ ...flow, explanation: undefined }, {
    outcome: 'denied',
    packetAt: '2026-12-07T10:00:00.000Z',
    from: '10.9.9.9',
    to: 'shop/db',
    protocol: 'TCP',
    port: 5432,
    direction: 'ingress',
    pod: 'shop/db',
    deniedBy: 'default deny',
    explanation: undefined,
  });
  assert.deepEqual(flow.explanation, words(engine, '10.9.9.9', 'shop/db'));
  assertDeniedFlowLines([asLine(flow)]);
});

test("an audit chain's would-be deny: would deny, naming the audited rule, in the words of the engine that enforces it", () => {
  const rule = [...counters.values()].find((c) => c.kind === 'rule' && c.audit)!;
  const flow = deniedFlow({ engine, audit }, counters, packet(rule.name, '10.30.0.20', '10.30.0.10'))!;
  assert.equal(flow.outcome, 'would deny');
  assert.deepEqual([flow.direction, flow.pod, flow.deniedBy], ['egress', 'shop/db', { policy: 'db-stays-home', tier: 'admin', rule: 0 }]);
  assert.deepEqual(flow.explanation, words(audit, 'shop/db', 'shop/web'));
  assert.match(flow.explanation[0]!, /^DENIED/, 'the audited answer, not the enforced one (which allows it)');
  const byDefault = deniedFlow({ engine, audit }, counters, packet(defaultDenyPrefix('egress', true), '10.30.0.20', '10.30.0.10'))!;
  assert.deepEqual([byDefault.outcome, byDefault.deniedBy], ['would deny', 'default deny']);
  assertDeniedFlowLines([asLine(flow), asLine(byDefault)]);
});

test('a prefix the ruleset does not name, or an audit prefix without an audit engine, gives no record', () => {
  assert.equal(deniedFlow({ engine, audit }, counters, packet('c_000000000000', '10.30.0.10', '10.30.0.20')), undefined);
  assert.equal(deniedFlow({ engine }, counters, packet(defaultDenyPrefix('ingress', true), '10.30.0.10', '10.30.0.20')), undefined);
});
