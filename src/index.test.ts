/** The library API as its README example uses it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, LATEST_KUBERNETES_VERSION, clusterOf, loadText, parseKubernetesVersion, validateManifests } from './index.js';

test('load → validate through the public API', () => {
  const manifests = loadText(
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  policyTypes: [Sideways]\n',
    'policy.yaml',
  );
  const report = validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  assert.equal(report.valid, false);
  assert.equal(report.invalid.has(manifests.policies[0]!), true);
  const [d] = report.diagnostics.filter((x) => x.severity === 'error');
  assert.deepEqual(
    [d?.file, d?.line, d?.field, d?.message],
    ['policy.yaml', 6, 'spec.policyTypes[0]', 'Unsupported value: "Sideways": supported values: "Ingress", "Egress"'],
  );
  assert.deepEqual(parseKubernetesVersion('v1.35.2'), { major: 1, minor: 35 });
});

test('load → validate → compile → check, and an incremental update, through the public API', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.0.0.2}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`;
  const manifests = loadText(text);
  const engine = Engine.compile(clusterOf(manifests, validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION })));
  const q = { protocol: 'TCP' as const, port: 5432 };
  const verdict = engine.check(engine.resolve('shop/web')!, engine.resolve('shop/db')!, q);
  assert.equal(verdict.allowed, true);
  assert.deepEqual(verdict.ingress.allowedBy, [{ policy: 'shop/db', direction: 'ingress', rule: 0, peer: 0, port: null }]);
  const relabelled = loadText(text.replace('labels: {app: web}', 'labels: {app: other}')).pods[0]!;
  engine.apply({ op: 'upsert', object: relabelled });
  assert.equal(engine.allowed(engine.resolve('shop/web')!, engine.resolve('shop/db')!, q), false);
});
