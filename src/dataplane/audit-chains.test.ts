/**
 * The node ruleset's audit plane: chains that watch the audited policies
 * (`palisade.dev/enforcement: audit`) after the enforcing chains, written
 * only for the pod sides those policies concern, counting (and logging)
 * what they would deny and then accepting it. The enforcing plane is the
 * ruleset of the cluster without them, unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enforcedPart } from '../engine/cluster.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Engine } from '../engine/engine.js';
import { DB_STAYS_HOME, SHOP } from '../lab/shop.test.helper.js';
import { defaultDenyLines, type DeniedLog } from './counters.js';
import { rulesetText } from './nft-text.js';
import { compileRuleset, type Ruleset } from './ruleset.js';

const LOCKDOWN = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: lockdown, namespace: shop, annotations: {palisade.dev/enforcement: audit}}
spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}
`;
const CLUSTER = [SHOP, LOCKDOWN, DB_STAYS_HOME].join('---');
const LOG: DeniedLog = { group: 7, perSecond: 10 };

function rulesets(yaml: string, log?: DeniedLog): { watched: Ruleset; plain: Ruleset } {
  const cluster = clusterOfText(yaml);
  const enforced = Engine.compile(enforcedPart(cluster));
  return {
    watched: compileRuleset(enforced, 'n1', { audit: Engine.compile(cluster), ...(log ? { log } : {}) }),
    plain: compileRuleset(Engine.compile(enforcedPart(cluster)), 'n1', log ? { log } : {}),
  };
}

const podOf = (r: Ruleset, ref: string) => r.pods.find((p) => p.ref === ref)!;
const rulesOf = (r: Ruleset, chain: string | null | undefined) => r.chains.find((c) => c.name === chain)?.rules;
const map = (r: Ruleset, name: string) => [...r.maps, ...r.counterMaps].find((m) => m.name === name)?.elements;

test('the enforcing plane is the ruleset of the cluster without the audited policies', () => {
  const { watched, plain } = rulesets(CLUSTER);
  for (const p of plain.pods) {
    assert.deepEqual({ ...podOf(watched, p.ref), audit: undefined }, { ...p, audit: undefined }, p.ref);
    for (const chain of [p.ingress, p.egress, p.hostIngress, p.hostEgress]) assert.deepEqual(rulesOf(watched, chain), rulesOf(plain, chain));
  }
  for (const m of plain.maps.filter((x) => x.plane === 'enforce')) assert.deepEqual(map(watched, m.name), m.elements, m.name);
  for (const m of plain.counterMaps.filter((x) => !x.name.startsWith('audit_'))) assert.deepEqual(map(watched, m.name), m.elements, m.name);
  assert.deepEqual(plain.pods.map((p) => p.audit), [undefined, undefined, undefined]);
  assert.ok(plain.maps.filter((m) => m.plane === 'audit').every((m) => m.elements.length === 0), 'without audited policies the audit maps are empty');
});

test('audit chains only for the sides audited policies concern: a would-be deny counts apart, then accepts', () => {
  const { watched } = rulesets(CLUSTER);
  const [web, db, other] = ['shop/web', 'shop/db', 'shop/other'].map((ref) => podOf(watched, ref));
  assert.equal(other!.audit, undefined, 'no audited policy selects other');
  assert.equal(web!.audit!.egress, null, 'lockdown is about ingress');
  assert.equal(db!.audit!.ingress, null, 'db-stays-home is about egress');
  assert.match(web!.audit!.ingress!, /^audit_in_/);
  assert.deepEqual(rulesOf(watched, web!.audit!.ingress), defaultDenyLines('ingress', true, 'accept'));
  assert.deepEqual(map(watched, 'audit_ingress4'), [['10.30.0.10', web!.audit!.ingress]]);
  assert.deepEqual(map(watched, 'audit_egress4'), [['10.30.0.20', db!.audit!.egress]]);
  assert.deepEqual(map(watched, 'audit_default_deny_ingress4')!.map(([ip]) => ip), ['10.30.0.10']);
  // db-stays-home is an admin policy: its chain goes on to the tiers below, where nothing is audited for db, so the below map's lookup ends and returns.
  const [denyRule, toBelow, ...more] = rulesOf(watched, db!.audit!.egress)!;
  assert.match(denyRule!, /^ip daddr @a_[0-9a-f]{12} counter name a_[0-9a-f]{12} accept comment "db-stays-home egress\[0\]"$/);
  assert.deepEqual([toBelow, more], ['goto audit_below_egress', []]);
  assert.equal(db!.audit!.belowEgress, null);
  assert.deepEqual(map(watched, 'audit_below_egress4'), []);
  const counters = watched.counters.filter((c) => c.kind === 'rule' && c.audit);
  assert.deepEqual(counters.map((c) => c.comment), ['db-stays-home egress[0] deny (audit)']);
  assert.ok(watched.counters.some((c) => c.kind === 'default' && c.audit && c.pod === 'shop/web' && c.comment === 'shop/web ingress default-deny (audit)'));
});

test('with --log-denied, what audit chains would deny is logged under a limit of its own, with a prefix naming the audit counter', () => {
  const { watched } = rulesets(CLUSTER, LOG);
  const db = podOf(watched, 'shop/db');
  const [logged, counted] = rulesOf(watched, db.audit!.egress)!;
  const counter = /counter name (a_[0-9a-f]{12})/.exec(counted!)![1];
  assert.match(logged!, new RegExp(`limit name "palisade_would_deny" log prefix "${counter}" group 7 queue-threshold 1 comment`));
  assert.deepEqual(rulesOf(watched, podOf(watched, 'shop/web').audit!.ingress)![0], 'limit name "palisade_would_deny" log prefix "audit default ingress" group 7 queue-threshold 1');
  const text = rulesetText(watched);
  assert.match(text, /limit palisade_denied \{\n\t\trate 10\/second burst 10 packets/);
  assert.match(text, /limit palisade_would_deny \{\n\t\trate 10\/second burst 10 packets/);
});

test('the base chains look the audit chains up after every enforcing one', () => {
  const text = rulesetText(rulesets(CLUSTER).watched);
  const chain = (name: string) => text.slice(text.indexOf(`chain ${name} {`)).split('\n\t}')[0]!.split('\n').slice(2).map((l) => l.trim());
  assert.deepEqual(chain('forward').slice(-4), ['ip saddr vmap @audit_egress4', 'ip6 saddr vmap @audit_egress6', 'ip daddr vmap @audit_ingress4', 'ip6 daddr vmap @audit_ingress6']);
  assert.deepEqual(chain('input').slice(-2), ['ip saddr vmap @audit_host_egress4', 'ip6 saddr vmap @audit_host_egress6']);
  assert.deepEqual(chain('output').slice(-2), ['ip daddr vmap @audit_host_ingress4', 'ip6 daddr vmap @audit_host_ingress6']);
});
