/**
 * The tiers as chains: a side with Admin rules jumps to a chain of those
 * alone, shared by every side with the same Admin rules; what it leaves goes
 * through the below maps to each pod's own chain of the tiers below. A side
 * without Admin rules jumps straight to that chain.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Engine } from '../engine/engine.js';
import { defaultDenyLines } from './counters.js';
import { rulesetText } from './nft-text.js';
import { compileRuleset, type Ruleset } from './ruleset.js';

const pod = (namespace: string, name: string, ip: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: {app: ${name}}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: ${ip}}
`;
const isolated = (namespace: string, name: string, from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  podSelector: {matchLabels: {app: ${name}}}
  ingress: [{from: [{podSelector: {matchLabels: {app: ${from}}}}]}]
`;
const GUARD = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: guard}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}
  ingress:
  - {action: Pass, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}]}
  - {action: Deny, from: [{namespaces: {}}]}
`;
const CLUSTER = [pod('a', 'web', '10.0.0.1'), pod('a', 'db', '10.0.0.2'), pod('b', 'api', '10.0.1.1'), isolated('a', 'web', 'db'), isolated('a', 'db', 'web'), isolated('b', 'api', 'api'), GUARD].join('---\n');

const rules = (r: Ruleset, chain: string | null) => r.chains.find((c) => c.name === chain)?.rules;
const map = (r: Ruleset, name: string) => r.maps.find((m) => m.name === name)!.elements;

test('pods with the same Admin rules share one chain of them; what it leaves goes through the below map to each pod its own', () => {
  const r = compileRuleset(Engine.compile(clusterOfText(CLUSTER)), 'n1');
  const [web, db, api] = ['a/web', 'a/db', 'b/api'].map((ref) => r.pods.find((p) => p.ref === ref)!);
  assert.equal(web!.ingress, db!.ingress, 'one Admin chain for both');
  const admin = rules(r, web!.ingress)!;
  assert.equal(admin.length, 3);
  assert.match(admin[0]!, /counter name c_\w+ goto below_ingress comment "guard ingress\[0\]"$/);
  assert.match(admin[1]!, /counter name c_\w+ drop comment "guard ingress\[1\]"$/);
  assert.equal(admin[2], 'goto below_ingress');

  assert.notEqual(web!.belowIngress, db!.belowIngress, 'each its own NetworkPolicy chain');
  for (const p of [web!, db!]) {
    const below = rules(r, p.belowIngress)!;
    assert.ok(below[0]!.endsWith(`return comment "${p.ref} ingress[0]"`), below[0]);
    assert.deepEqual(below.slice(1), defaultDenyLines('ingress', false, 'drop'));
  }
  assert.deepEqual(map(r, 'below_ingress4'), [
    ['10.0.0.1', web!.belowIngress],
    ['10.0.0.2', db!.belowIngress],
  ]);
  assert.match(rulesetText(r), /map below_ingress4 \{\n\t\ttype ipv4_addr : verdict\n\t\telements = \{ 10\.0\.0\.1 : goto in_\w+,\n\t\t\t {5}10\.0\.0\.2 : goto in_\w+ \}/);
  assert.match(rulesetText(r), /chain below_ingress \{\n\t\tip daddr vmap @below_ingress4\n\t\tip6 daddr vmap @below_ingress6\n\t\}/);

  // No Admin rules: its NetworkPolicy chain is its side's, and it is in no below map.
  assert.equal(api!.belowIngress, null);
  assert.match(rules(r, api!.ingress)![0]!, /return comment "b\/api ingress\[0\]"$/);
  assert.deepEqual(map(r, 'ingress4'), [
    ['10.0.0.1', web!.ingress],
    ['10.0.0.2', db!.ingress],
    ['10.0.1.1', api!.ingress],
  ]);
});
