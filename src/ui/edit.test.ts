/**
 * The editor's check, edit after edit: its head engine is brought from one
 * edit to the next by updates and the base's sides are kept, so each edit
 * must answer exactly as a page that checks that text first (which compiles
 * its head afresh): the same diagnostics, the same diff and the same text.
 * The edits cover what takes each path: policies alone (the diff works out
 * the changed sides only), an ipBlock that splits identities, a tiered
 * policy, pods and a namespace (every side compared), broken text, and going
 * back.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCluster } from '../bench/generate-cluster.js';
import { formatKubernetesVersion, LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { PageEngine } from './page-engine.js';
import { LISTED_CHANGES, type Edited, type PageData } from './protocol.js';

const CLUSTER = generateCluster({ namespaces: 20, pods: 400, policies: 60, clusterPolicies: 8 });

const DATA: PageData = {
  head: { label: 'cluster.yaml', files: [{ name: 'cluster.yaml', text: CLUSTER, json: false }] },
  kubernetesVersion: formatKubernetesVersion(LATEST_KUBERNETES_VERSION),
  crdChannel: 'standard',
};

const DENY_ALL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ns-3}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
/** An ipBlock holding one pod's IP: that pod no longer shares an identity with its look-alikes. */
const SPLIT = `${DENY_ALL}  ingress:
  - from: [{ipBlock: {cidr: 10.64.0.0/32}}]
    ports: [{port: 8080}]
`;
const GUARD = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: guard}
spec:
  tier: Admin
  priority: 3
  subject: {namespaces: {matchLabels: {env: prod}}}
  ingress:
  - action: Deny
    from: [{namespaces: {matchLabels: {env: dev}}}]
    protocols: [{tcp: {destinationPort: {number: 8080}}}]
`;
const POD = `apiVersion: v1
kind: Pod
metadata: {name: newcomer, namespace: ns-3, labels: {tier: web}}
spec: {nodeName: node-0, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.99.0.1}
---
${DENY_ALL}`;

function load(): PageEngine {
  const engine = new PageEngine();
  assert.equal(engine.answer({ type: 'load', data: JSON.stringify(DATA) }).type, 'loaded');
  return engine;
}

function edit(engine: PageEngine, text: string): Omit<Edited, 'timings'> {
  const reply = engine.answer({ type: 'edit', text });
  assert.equal(reply.type, 'edited', reply.type === 'error' ? reply.message : '');
  const { diagnostics, diff, diffText } = reply as Edited;
  return { type: 'edited', diagnostics, diff, diffText };
}

test('edit after edit, the editor answers as a fresh check of each text', () => {
  const kept = load();
  const firstPolicy = kept.answer({ type: 'policy', policy: 0 });
  assert.equal(firstPolicy.type, 'text');
  const loaded = firstPolicy.type === 'text' ? firstPolicy.text : '';
  const edits: [what: string, text: string][] = [
    ['a new policy', DENY_ALL],
    ['the same again', DENY_ALL],
    ['an ipBlock splitting an identity', SPLIT],
    ['a loaded policy, unchanged', loaded],
    ['that policy, its DNS port moved', loaded.replace('{protocol: UDP, port: 53}', '{protocol: UDP, port: 54}')],
    ['an admin ClusterNetworkPolicy', GUARD],
    ['a pod and a policy', POD],
    ['a namespace relabelled', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-3, labels: {team: team-9, env: dev}}\n'],
    ['a policy the API server refuses', DENY_ALL.replace('podSelector: {}', 'podSelector: {matchLabels: {"bad key!": x}}')],
    ['text that is no YAML', 'kind: [unclosed'],
    ['nothing', ''],
    ['the first policy again', DENY_ALL],
    ['the admin policy again', GUARD],
  ];
  let changed = 0;
  for (const [what, text] of edits) {
    const got = edit(kept, text);
    assert.deepEqual(got, edit(load(), text), what);
    changed += got.diff.changes.length;
  }
  assert.ok(changed > 0, 'some edits change connectivity');
});

test('a wide edit lists the first changes in words and counts the rest; its diff keeps every change', () => {
  const openAll = GUARD.replace('name: guard', 'name: open-all').replace('action: Deny', 'action: Accept').replace('{matchLabels: {env: prod}}', '{}').replace(/from: .*\n {4}protocols: .*\n/, 'from: [{namespaces: {}}]\n');
  const { diff, diffText } = edit(load(), openAll);
  assert.ok(diff.changes.length > LISTED_CHANGES, `${diff.changes.length} changes`);
  assert.equal(diffText.split('\n').filter((line) => /^ {2}[+-] /.test(line)).length, LISTED_CHANGES);
  assert.match(diffText, new RegExp(`\\nand ${diff.changes.length - LISTED_CHANGES} more changes, not listed here: palisade diff lists every one$`));
});
