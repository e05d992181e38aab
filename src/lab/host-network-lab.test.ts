/**
 * Host-network pods with real packets: they run in their node's namespace
 * on its address, so a pod's connection to a host-network pod of its own
 * node crosses that node's input hook (and back, its output hook), and one
 * to another node's crosses its own node's forward hook. NetworkPolicy
 * always allows node-local traffic; the admin tier still decides it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clusterOf } from '../engine/cluster.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { Lab, type ProbeResult } from './lab.js';
import { labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab } from './plan.js';

const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;

const NODES = `
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 172.30.0.1}, {type: InternalIP, address: "fd30::1"}]}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 172.30.0.2}]}
`;
const pod = (name: string, node: string, ips: string[], app: string, port: number, hostNetwork = false) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: a, labels: {app: ${app}}}
spec: {nodeName: ${node}, ${hostNetwork ? 'hostNetwork: true, ' : ''}containers: [{name: c, ports: [{containerPort: ${port}}]}]}
status: {podIP: "${ips[0]}", podIPs: [${ips.map((ip) => `{ip: "${ip}"}`).join(', ')}]}
`;
const PODS = [
  pod('web', 'n1', ['10.0.1.1', 'fd00::1:1'], 'web', 80),
  pod('db', 'n2', ['10.0.2.1'], 'db', 80),
  // The exporters have no IP in the input: they get their node's.
  pod('exporter-1', 'n1', ['172.30.0.1', 'fd30::1'], 'exporter', 9100, true),
  pod('exporter-2', 'n2', ['172.30.0.2'], 'exporter', 9100, true),
].join('---');
const DENY_ALL = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`;
const ADMIN_DENY_NODES = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: no-nodes}
spec:
  tier: Admin
  priority: 10
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}
  egress:
  - {action: Deny, to: [{nodes: {matchLabels: {role: worker}}}]}
`;

function planOf(...docs: string[]) {
  const m = loadText(docs.join('\n---\n'), 'test.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: 'experimental' });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
  return planLab(clusterOf(m, report), 2);
}

const TCP = (port: number) => ({ protocol: 'TCP' as const, port });
const outcomes = (results: ProbeResult[]) => results.map((r) => `${r.from} → ${r.to} ${r.port.port}: ${r.outcome}${r.expected === r.observed ? '' : ' (the engine disagrees)'}`);

test('the plan puts host-network pods on their nodes, with the Node objects’ addresses', () => {
  const plan = planOf(NODES, PODS);
  assert.deepEqual(plan.nodeIPs, { n1: ['172.30.0.1', 'fd30::1'], n2: ['172.30.0.2'] });
  assert.deepEqual(
    plan.pods.filter((p) => p.hostNetwork).map((p) => [p.ref, p.node, p.ips]),
    [
      ['a/exporter-1', 'n1', ['172.30.0.1', 'fd30::1']],
      ['a/exporter-2', 'n2', ['172.30.0.2']],
    ],
  );
  assert.deepEqual(plan.skipped, []);
});

test('a host-network pod without an IP or Node object gets an address for its node', () => {
  const plan = planOf(pod('web', 'n1', ['10.0.1.1'], 'web', 80), pod('agent', 'n1', ['x'], 'agent', 9100, true).replace(/status: .*\n/, 'status: {}\n'));
  assert.deepEqual(plan.nodeIPs['n1'], ['10.251.0.1']);
  assert.deepEqual(plan.pods.find((p) => p.ref === 'a/agent')?.ips, ['10.251.0.1']);
});

describe('host-network pods with real packets', { skip }, () => {
  let lab: Lab;
  before(async () => {
    lab = new Lab(planOf(NODES, PODS, DENY_ALL), { timeoutMs: 700 });
    lab.build();
    await lab.startAgents([]);
  });
  after(() => {
    lab.teardown();
    assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
  });

  const pairs = [
    { from: 'a/web', to: 'a/exporter-1', port: TCP(9100) },
    { from: 'a/exporter-1', to: 'a/web', port: TCP(80) },
    { from: 'a/web', to: 'a/exporter-2', port: TCP(9100) },
    { from: 'a/exporter-2', to: 'a/web', port: TCP(80) },
    { from: 'a/web', to: 'a/db', port: TCP(80) },
  ];

  test('NetworkPolicy isolates the pods, yet their own node reaches them and they reach it, in IPv4 and IPv6; other nodes do not', async () => {
    lab.applyRulesets();
    assert.deepEqual(outcomes(await lab.probePairs(pairs)), [
      'a/web → a/exporter-1 9100: answered',
      'a/web → a/exporter-1 9100: answered',
      'a/exporter-1 → a/web 80: answered',
      'a/exporter-1 → a/web 80: answered',
      'a/web → a/exporter-2 9100: timeout',
      'a/exporter-2 → a/web 80: timeout',
      'a/web → a/db 80: timeout',
    ]);
  });

  test('an admin Deny to nodes drops the pod’s traffic to its own node too', async () => {
    lab.expect(planOf(NODES, PODS, DENY_ALL, ADMIN_DENY_NODES));
    lab.applyRulesets();
    assert.deepEqual(outcomes(await lab.probePairs(pairs.slice(0, 2))), [
      'a/web → a/exporter-1 9100: timeout',
      'a/web → a/exporter-1 9100: timeout',
      // Ingress has no admin rule: the node still reaches the pod.
      'a/exporter-1 → a/web 80: answered',
      'a/exporter-1 → a/web 80: answered',
    ]);
  });
});
