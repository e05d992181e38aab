/** The ruleset's size as /metrics gives it: the pod range sets count among its sets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRuleset } from '../dataplane/ruleset.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Engine } from '../engine/engine.js';
import { AgentMetrics } from './metrics.js';

const CLUSTER = `
apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDRs: [10.244.1.0/24, 'fd00:1::/64']}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: a, labels: {app: db}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.244.1.5}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: a}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}, {ipBlock: {cidr: 192.168.0.0/16}}]}]
`;

test('the ruleset gauges count every rule of the chains and every set, the pod range sets included', async () => {
  const ruleset = compileRuleset(Engine.compile(clusterOfText(CLUSTER, 'cluster.yaml')), 'n1');
  assert.equal(ruleset.podRanges.length, 2, 'IPv4 and IPv6 pod CIDRs');
  const metrics = new AgentMetrics();
  metrics.round({ outcome: 'applied', ruleset });
  const text = await metrics.text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
  assert.equal(gauge('palisade_agent_ruleset_sets'), ruleset.sets.length + 4);
  assert.equal(gauge('palisade_agent_ruleset_rules'), ruleset.chains.reduce((n, c) => n + c.rules.length, 0));
  assert.ok(ruleset.sets.length > 0);
});

test('a scrape whose counters cannot be read still gives the other metrics', async () => {
  const metrics = new AgentMetrics(undefined, () => Promise.reject(new Error('nft: Operation not permitted')));
  metrics.round({ outcome: 'applied' });
  const text = await metrics.text();
  assert.match(text, /^palisade_agent_rounds_total\{outcome="applied"\} 1$/m);
  assert.doesNotMatch(text, /^palisade_rule_packets_total\{/m);
});
