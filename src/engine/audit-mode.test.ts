/**
 * Audit mode (`palisade.dev/enforcement: audit`): which policies are
 * audited, what the nodes enforce without them, and the warning a misspelt
 * mode gets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { auditedPolicies, clusterOf, enforcedPart, hasAudited } from './cluster.js';
import { Engine } from './engine.js';

const PODS = `
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: default, labels: {app: a}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 80}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: default, labels: {app: b}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 80}]}]}
status: {podIP: 10.0.0.2}
`;

const denyAll = (name: string, mode?: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: default${mode === undefined ? '' : `, annotations: {palisade.dev/enforcement: ${mode}}`}}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

const cnpDeny = (mode: string) => `---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: no-b, annotations: {palisade.dev/enforcement: ${mode}}}
spec:
  tier: Admin
  priority: 1
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: b}}}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`;

function load(yaml: string) {
  const m = loadText(yaml, 'p.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  return { report, cluster: clusterOf(m, report) };
}

test('audited policies are left out of what the nodes enforce, and only they', () => {
  const { report, cluster } = load(PODS + denyAll('watched', 'audit') + denyAll('live', 'enforce') + cnpDeny('audit'));
  assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'note'), []);
  assert.ok(hasAudited(cluster));
  assert.deepEqual(auditedPolicies(cluster).map((p) => p.metadata.name).sort(), ['no-b', 'watched']);
  const enforced = enforcedPart(cluster);
  assert.deepEqual(enforced.policies.map((p) => p.metadata.name), ['live']);
  assert.deepEqual(enforced.clusterPolicies, []);
  assert.equal(enforced.pods, cluster.pods);
});

test('an audited default deny changes the answer only where it is enforced', () => {
  const { cluster } = load(PODS + denyAll('watched', 'audit'));
  const q = { protocol: 'TCP' as const, port: 80 };
  const check = (e: Engine) => e.check(e.resolve('default/a')!, e.resolve('default/b')!, q).allowed;
  assert.equal(check(Engine.compile(enforcedPart(cluster))), true);
  assert.equal(check(Engine.compile(cluster)), false);
});

test('a cluster without audited policies is its own enforced part', () => {
  const { cluster } = load(PODS + denyAll('live'));
  assert.equal(enforcedPart(cluster), cluster);
  assert.equal(hasAudited(cluster), false);
});

test('a mode other than audit or enforce is a warning at the annotation, and the policy is enforced', () => {
  for (const doc of [denyAll('typo', 'Audit'), cnpDeny('dry-run')]) {
    const { report, cluster } = load(PODS + doc);
    const warnings = report.diagnostics.filter((d) => d.severity === 'warning');
    assert.equal(warnings.length, 1, JSON.stringify(report.diagnostics));
    assert.equal(warnings[0]!.field, 'metadata.annotations[palisade.dev/enforcement]');
    assert.match(warnings[0]!.message, /unknown enforcement mode "(Audit|dry-run)": Palisade enforces this policy \(write audit/);
    assert.ok(warnings[0]!.line! > 1, 'placed at the annotation');
    assert.equal(report.invalid.size, 0);
    assert.equal(hasAudited(cluster), false);
  }
});
