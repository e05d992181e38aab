/**
 * Fail-closed for pods the agent does not know yet: a node whose Node object
 * gives its pod CIDRs gets sets of those CIDRs and of every address of its
 * pods, and its forward chain drops the other addresses inside the CIDRs;
 * without pod CIDRs the ruleset is as it was. The incremental compiler keeps
 * the sets up to date through Node and pod changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import type { KubeObject } from '../model/objects.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { rulesetText } from './nft-text.js';
import { compileRuleset, NodeCompiler } from './ruleset.js';

const node = (spec: string) => `
apiVersion: v1
kind: Node
metadata: {name: n1}
spec: ${spec}
status: {addresses: [{type: InternalIP, address: 172.18.0.2}]}
`;
const pod = (name: string, ips: string[], { nodeName = 'n1', hostNetwork = false } = {}) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: a, labels: {app: ${name}}}
spec: {nodeName: ${nodeName}, hostNetwork: ${hostNetwork}, containers: [{name: c}]}
status: {podIPs: [${ips.map((ip) => `{ip: '${ip}'}`).join(', ')}]}
`;
const PODS = [
  pod('web', ['10.244.1.5', 'fd00:1::5']),
  // No policy selects it: its address is known all the same.
  pod('free', ['10.244.1.6']),
  pod('elsewhere', ['10.244.2.7'], { nodeName: 'n2' }),
  pod('agent', ['172.18.0.2'], { hostNetwork: true }),
];
const POLICY = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: a}
spec: {podSelector: {matchLabels: {app: web}}, ingress: [{from: [{podSelector: {}}]}]}
`;

function validated(docs: string[]) {
  const m = loadText(docs.join('---'), 'test.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  assert.ok(report.valid, JSON.stringify(report.diagnostics));
  return clusterOf(m, report);
}

const engineOf = (...docs: string[]) => Engine.compile(validated(docs));

/** The objects of one document, as a change gives them to the engine. */
function objects(doc: string): KubeObject[] {
  const cluster = validated([doc]);
  return [...cluster.nodes, ...cluster.pods];
}

/** A chain's rules, one a line, without the indentation. */
function chain(text: string, name: string): string[] {
  const start = text.indexOf(`\tchain ${name} {`);
  return text
    .slice(start, text.indexOf('\t}', start))
    .split('\n')
    .slice(2)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Last in forward, whether or not any policy is audited: the audit chains (see ruleset.ts). */
const AUDIT_LOOKUPS = ['ip saddr vmap @audit_egress4', 'ip6 saddr vmap @audit_egress6', 'ip daddr vmap @audit_ingress4', 'ip6 daddr vmap @audit_ingress6'];

function set(text: string, name: string): string {
  const start = text.indexOf(`\tset ${name} {`);
  return start < 0 ? '' : text.slice(start, text.indexOf('\t}', start)).replace(/\s+/g, ' ').trim();
}

test('a node with pod CIDRs drops what comes from or goes to an address in them that is no known pod, between the egress and ingress maps', () => {
  const text = rulesetText(compileRuleset(engineOf(node('{podCIDRs: [10.244.1.0/24, "fd00:1::/64"]}'), ...PODS, POLICY), 'n1'));
  assert.equal(set(text, 'pod_cidrs4'), 'set pod_cidrs4 { type ipv4_addr flags interval elements = { 10.244.1.0/24 }');
  assert.equal(set(text, 'pod_cidrs6'), 'set pod_cidrs6 { type ipv6_addr flags interval elements = { fd00:1::/64 }');
  // Selected or not, every pod of the node; not another node's, not a host-network pod's (the node's own address).
  assert.equal(set(text, 'known_pods4'), 'set known_pods4 { type ipv4_addr elements = { 10.244.1.5, 10.244.1.6 }');
  assert.equal(set(text, 'known_pods6'), 'set known_pods6 { type ipv6_addr elements = { fd00:1::5 }');
  assert.deepEqual(chain(text, 'forward'), [
    'ct state established,related accept',
    'ip saddr vmap @egress4',
    'ip6 saddr vmap @egress6',
    'ip saddr @pod_cidrs4 ip saddr != @known_pods4 drop',
    'ip daddr @pod_cidrs4 ip daddr != @known_pods4 drop',
    'ip6 saddr @pod_cidrs6 ip6 saddr != @known_pods6 drop',
    'ip6 daddr @pod_cidrs6 ip6 daddr != @known_pods6 drop',
    'ip daddr vmap @ingress4',
    'ip6 daddr vmap @ingress6',
    ...AUDIT_LOOKUPS,
  ]);
  // The host hooks are as they were: the kubelet's probes of a new pod pass.
  for (const hook of ['input', 'output']) assert.ok(!chain(text, hook).some((r) => r.includes('pod_cidrs')), hook);
});

test('podCIDR alone gives the pod CIDR of the node: one family, one pair of drops', () => {
  const text = rulesetText(compileRuleset(engineOf(node('{podCIDR: 10.244.1.0/24}'), ...PODS), 'n1'));
  assert.equal(set(text, 'pod_cidrs4'), 'set pod_cidrs4 { type ipv4_addr flags interval elements = { 10.244.1.0/24 }');
  assert.equal(set(text, 'pod_cidrs6'), '');
  assert.equal(set(text, 'known_pods6'), '');
  assert.ok(!text.includes('ip6 saddr @pod_cidrs6'));
});

test('without pod CIDRs (no Node object, none set, or every node compiled together) the ruleset has no pod range sets and forward is as before', () => {
  const unranged = [compileRuleset(engineOf(...PODS, POLICY), 'n1'), compileRuleset(engineOf(node('{}'), ...PODS, POLICY), 'n1'), compileRuleset(engineOf(node('{podCIDR: 10.244.1.0/24}'), ...PODS, POLICY), null)];
  for (const r of unranged) {
    assert.deepEqual(r.podRanges, []);
    const text = rulesetText(r);
    assert.ok(!/pod_cidrs|known_pods/.test(text), text);
    assert.deepEqual(chain(text, 'forward'), ['ct state established,related accept', 'ip saddr vmap @egress4', 'ip6 saddr vmap @egress6', 'ip daddr vmap @ingress4', 'ip6 daddr vmap @ingress6', ...AUDIT_LOOKUPS]);
  }
});

test('the node compiler follows a Node getting pod CIDRs, a pod getting its address and a pod deleted', () => {
  const [unranged] = objects(node('{}'));
  const [ranged] = objects(node('{podCIDRs: [10.244.1.0/24]}'));
  const [late] = objects(pod('late', ['10.244.1.9']));
  const engine = engineOf(node('{}'), ...PODS, POLICY);
  const compiler = new NodeCompiler(engine, 'n1');
  const known = () => {
    const r = compiler.compile();
    assert.equal(rulesetText(r), rulesetText(compileRuleset(engine, 'n1')), 'the same as a fresh compile');
    return r.podRanges.map((p) => p.known.elements.join(','));
  };
  assert.deepEqual(known(), []);
  compiler.forget(engine.apply({ op: 'upsert', object: ranged! }));
  assert.deepEqual(known(), ['10.244.1.5,10.244.1.6']);
  compiler.forget(engine.apply({ op: 'upsert', object: late! }));
  assert.deepEqual(known(), ['10.244.1.5,10.244.1.6,10.244.1.9']);
  compiler.forget(engine.apply({ op: 'delete', kind: 'Pod', namespace: 'a', name: 'free' }));
  assert.deepEqual(known(), ['10.244.1.5,10.244.1.9']);
  compiler.forget(engine.apply({ op: 'upsert', object: unranged! }));
  assert.deepEqual(known(), []);
});
