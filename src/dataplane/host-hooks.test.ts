/**
 * Traffic between a pod and its own node (host-network pods, the kubelet)
 * is judged on the input and output hooks, with the pod's chains for that
 * traffic: NetworkPolicy admits it, the admin tier still decides it, and a
 * pod that no NetworkPolicy isolates decides it as on forward.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { defaultDenyLines } from './counters.js';
import { rulesetText } from './nft-text.js';
import { compileRuleset, type Ruleset } from './ruleset.js';

const PODS = `
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 172.18.0.2}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: a, labels: {app: agent}}
spec: {nodeName: n1, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 172.18.0.2}
`;
const DENY_ALL = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`;
const ADMIN = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: nodes}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {}}
  egress:
  - {action: Pass, to: [{nodes: {matchLabels: {role: worker}}}], protocols: [{tcp: {destinationPort: {number: 10250}}}]}
  - {action: Deny, to: [{nodes: {matchLabels: {role: worker}}}]}
`;
const BASELINE = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: baseline}
spec:
  tier: Baseline
  priority: 10
  subject: {namespaces: {}}
  egress:
  - {action: Deny, to: [{nodes: {matchLabels: {role: worker}}}]}
`;

function rulesetOf(...docs: string[]): Ruleset {
  const m = loadText(docs.join('\n---\n'), 'test.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: 'experimental' });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
  return compileRuleset(Engine.compile(clusterOf(m, report)), 'n1');
}

const web = (r: Ruleset) => r.pods.find((p) => p.ref === 'a/web')!;
const chain = (r: Ruleset, name: string | null) => r.chains.find((c) => c.name === name)?.rules;
const map = (r: Ruleset, name: string) => r.maps.find((m) => m.name === name)!.elements;

test('the node ruleset judges traffic with the node on input and output, before any rule lets established flows and neighbour discovery pass', () => {
  const text = rulesetText(rulesetOf(PODS, DENY_ALL));
  for (const [hook, lookups] of [
    ['input', ['ip saddr vmap @host_egress4', 'ip6 saddr vmap @host_egress6']],
    ['output', ['ip daddr vmap @host_ingress4', 'ip6 daddr vmap @host_ingress6']],
  ] as const) {
    const body = text.slice(text.indexOf(`chain ${hook} {`)).split('\n\t}')[0]!;
    assert.match(body, new RegExp(`type filter hook ${hook} priority filter; policy accept;\\n\\t\\tct state established,related accept\\n\\t\\ticmpv6 type \\{[^}]*nd-neighbor-solicit`));
    for (const l of lookups) assert.ok(body.includes(l), `${hook}: ${l}`);
  }
});

test('a pod that NetworkPolicy isolates is open to its own node: no host chain, while forward drops', () => {
  const r = rulesetOf(PODS, DENY_ALL);
  assert.deepEqual(chain(r, web(r).egress), defaultDenyLines('egress', false, 'drop'));
  assert.deepEqual(chain(r, web(r).ingress), defaultDenyLines('ingress', false, 'drop'));
  assert.equal(web(r).hostEgress, null);
  assert.equal(web(r).hostIngress, null);
  assert.deepEqual(map(r, 'host_egress4'), []);
  assert.deepEqual(map(r, 'host_ingress4'), []);
  assert.deepEqual(map(r, 'egress4'), [['10.0.0.1', web(r).egress]]);
  // The host-network pod is never selected: no chain, in no map.
  assert.ok(!r.pods.some((p) => p.ref === 'a/agent'));
});

test('the admin tier still decides traffic with the node: its deny drops, its pass allows, the isolating NetworkPolicy admits the rest', () => {
  const r = rulesetOf(PODS, DENY_ALL, ADMIN);
  const host = chain(r, web(r).hostEgress)!;
  assert.ok(host, 'a host chain');
  assert.equal(host.length, 2);
  assert.match(host[0]!, /^ip daddr @a_\w+ meta l4proto \. th dport @p_\w+ counter name c_\w+ return comment "nodes egress\[0\]"$/);
  assert.match(host[1]!, /^ip daddr @a_\w+ counter name c_\w+ drop comment "nodes egress\[1\]"$/);
  assert.deepEqual(map(r, 'host_egress4'), [['10.0.0.1', web(r).hostEgress]]);
  // On forward the same pass goes on, through the pod's below map, to the NetworkPolicy, which drops.
  const forward = chain(r, web(r).egress)!;
  assert.match(forward[0]!, / goto below_egress comment "nodes egress\[0\]"$/);
  assert.deepEqual(map(r, 'below_egress4'), [['10.0.0.1', web(r).belowEgress]]);
  assert.deepEqual(chain(r, web(r).belowEgress), defaultDenyLines('egress', false, 'drop'));
  const set = (line: string) => r.sets.find((s) => s.name === /@(a_\w+)/.exec(line)![1])!.elements;
  assert.deepEqual(set(host[1]!), ['172.18.0.2']);
  // Ingress has no admin entries: open to the node.
  assert.equal(web(r).hostIngress, null);
});

test('a pod that no NetworkPolicy isolates decides traffic with its node as any other: the baseline tier included', () => {
  const r = rulesetOf(PODS, BASELINE);
  assert.ok(web(r).egress);
  assert.equal(web(r).hostEgress, web(r).egress);
  assert.match(chain(r, web(r).egress)![0]!, /drop comment "baseline egress\[0\]"$/);
  assert.deepEqual(map(r, 'host_egress4'), map(r, 'egress4'));
  // With an isolating NetworkPolicy the baseline tier is not asked, on forward and with the node alike.
  const isolated = rulesetOf(PODS, BASELINE, DENY_ALL);
  assert.deepEqual(chain(isolated, web(isolated).egress), defaultDenyLines('egress', false, 'drop'));
  assert.equal(web(isolated).hostEgress, null);
});
