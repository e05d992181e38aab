/** The library API as its README example uses it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LATEST_KUBERNETES_VERSION, loadText, parseKubernetesVersion, validateManifests } from './index.js';

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
