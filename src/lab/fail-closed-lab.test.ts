/**
 * Fail-closed in the kernel: node agents read a test API server whose Node
 * objects give the nodes' pod CIDRs. A pod whose address the API does not
 * show yet (the network plugin has numbered it, the kubelet has not written
 * status.podIP) is cut off, from other pods and from outside, while the
 * other pods keep following the policies; once its address is written, it
 * follows them too. Needs root and nftables, like the lab.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { portQueryText } from '../engine/ports.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Lab, type ProbeResult } from './lab.js';
import { labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab, probePorts } from './plan.js';
import type { ApiObject } from './test-api-server.js';

const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;

const node = (name: string, podCIDRs: string[]): ApiObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: { podCIDRs } });
const pod = (name: string, nodeName: string, app: string, ips: string[]): ApiObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels: { app } },
  spec: { nodeName, containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] },
  status: { phase: 'Running', podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) },
});

const LATE = pod('late', 'node-1', 'web', ['10.20.1.30', 'fd00:20:1::30']);
/** The late pod as the API shows it right after the network plugin numbered it: no address yet. */
const LATE_WITHOUT_IP = { ...LATE, status: { phase: 'Pending' } };
const OBJECTS: ApiObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  node('node-1', ['10.20.1.0/24', 'fd00:20:1::/64']),
  node('node-2', ['10.20.2.0/24', 'fd00:20:2::/64']),
  pod('web', 'node-1', 'web', ['10.20.1.10', 'fd00:20:1::10']),
  pod('free', 'node-1', 'free', ['10.20.1.20']),
  LATE,
  pod('client', 'node-2', 'client', ['10.20.2.10', 'fd00:20:2::10']),
  pod('other', 'node-2', 'other', ['10.20.2.20']),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web-from-client', namespace: 'shop' },
    spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 8080 }] }] },
  },
];

const show = (rs: ProbeResult[]) => rs.map((r) => `${r.from} → ${r.to} ${portQueryText(r.port)}: ${r.outcome}`);
const differences = (rs: ProbeResult[]) => show(rs.filter((r) => r.observed !== r.expected));
const verdict = (rs: ProbeResult[], from: string, to: string) => rs.filter((r) => r.from === from && r.to === to).map((r) => r.observed);

test('a pod whose address the agents do not know yet is cut off until they do; the other pods follow the policies throughout', { skip }, async () => {
  // The lab builds the pods with their addresses; the API server shows the late one without.
  const lab = new Lab(planLab(clusterOfText(OBJECTS.map((o) => JSON.stringify(o)).join('\n---\n')), 2), { timeoutMs: 1000 });
  try {
    lab.build();
    const server = await lab.serveApi();
    await server.createAll(OBJECTS.map((o) => (o === LATE ? LATE_WITHOUT_IP : o)));
    lab.startNodeAgents(['--cluster', '--kubeconfig', await server.writeKubeconfig()]);
    await lab.nodeAgentsReconciled(0);
    const { probed } = probePorts(lab.portsOfInterest());
    await lab.startAgents(probed);

    // A pod's traffic with itself never leaves it: only the rest counts.
    const before = (await lab.probeAll(probed)).filter((r) => r.from !== r.to);
    const concernsLate = (r: ProbeResult) => r.from === 'shop/late' || r.to === 'shop/late';
    const late = before.filter(concernsLate);
    assert.ok(late.some((r) => r.expected && r.from !== 'shop/late') && late.some((r) => r.from === 'shop/late'), 'probes to and from the late pod that policies would allow');
    assert.deepEqual(
      late.filter((r) => r.outcome !== 'timeout'),
      [],
      'every packet to or from the late pod is dropped, in both families, from pods and from outside',
    );
    assert.deepEqual(differences(before.filter((r) => !concernsLate(r))), [], 'the other pods follow the policies');
    assert.deepEqual(verdict(before, 'shop/client', 'shop/web'), [true, true]);
    assert.deepEqual(verdict(before, 'shop/other', 'shop/free'), [true]);

    // The kubelet writes the address: once the agents have it, the late pod follows the policies.
    const mark = lab.nodeAgentLogMark();
    await server.update(LATE);
    await lab.nodeAgentsReconciled(mark);
    const after = (await lab.probeAll(probed)).filter((r) => r.from !== r.to);
    assert.deepEqual(differences(after), []);
    assert.deepEqual(verdict(after, 'shop/client', 'shop/late'), [true, true], 'allowed by the policy, in both families');
    assert.deepEqual(verdict(after, 'shop/other', 'shop/late'), [false], 'denied by the policy');
    assert.deepEqual(verdict(after, 'shop/late', 'shop/client'), [true, true], 'its egress is not isolated');
  } finally {
    lab.teardown();
  }
  assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
});
