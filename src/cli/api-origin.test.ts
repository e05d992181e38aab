/**
 * Objects read from an API server have no file and no line: every output
 * that would print `file:line` places them at `cluster:Kind/namespace/name`
 * instead, and JSON leaves line and column out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripVTControlCharacters as plain } from 'node:util';
import { lint, lintJson } from '../analysis/lint/lint.js';
import { toSarif } from '../analysis/lint/sarif.js';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { FieldPath } from '../model/field-path.js';
import { apiOrigin } from '../model/objects.js';
import { API_OBJECTS, loadFromApi } from '../sources/api-objects.test.helper.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { getRows } from './commands/get.js';
import { formatLint } from './commands/lint.js';
import { validateOutput } from './commands/validate.js';
import { ignoredPoliciesField, ignoredPoliciesMarkdown, ignoredPoliciesWarning } from './format/ignored-policies.js';

const OPTS = { kubernetesVersion: LATEST_KUBERNETES_VERSION };

function read() {
  const manifests = loadFromApi();
  const report = validateManifests(manifests, OPTS);
  return { manifests, report, cluster: clusterOf(manifests, report) };
}

test('an API origin places every field at the object, with no line, and keeps where it was read', () => {
  const origin = apiOrigin({ kind: 'NetworkPolicy', namespace: 'shop', name: 'db' }, { context: 'kind-dev', resourceVersion: '42' });
  assert.deepEqual(origin.locate(FieldPath.root('spec', 'ingress').index(0)), { file: 'cluster:NetworkPolicy/shop/db' });
  assert.deepEqual([origin.kind, origin.context, origin.resourceVersion], ['api', 'kind-dev', '42']);
  assert.deepEqual(apiOrigin({ kind: 'Namespace', name: 'shop' }).locate(FieldPath.root('metadata', 'name')), { file: 'cluster:Namespace/shop' });
});

test('validate, table: each diagnostic is led by cluster:Kind/namespace/name', () => {
  const { manifests, report } = read();
  const [diagnostics, summary] = plain(validateOutput(manifests, report, 'table')).split('\n\n');
  assert.equal(
    diagnostics,
    [
      'cluster:CiliumNetworkPolicy/shop/cnp: warning: CiliumNetworkPolicy shop/cnp',
      '  Palisade does not evaluate CiliumNetworkPolicy of cilium.io/v2 (Cilium): analysis ignores this policy, so connectivity in the cluster may be narrower than Palisade answers',
      '  hint: analysis commands warn about it; --fail-on-ignored-policies makes them exit 2',
      'cluster:NetworkPolicy/shop/bad: error: NetworkPolicy shop/bad',
      '  spec.policyTypes[0]: Unsupported value: "Ingres": supported values: "Ingress", "Egress"',
      'cluster:Pod/other/api: note: Pod other/api',
      '  metadata.namespace: namespace "other" is not declared in the manifests; assuming it exists with no labels but kubernetes.io/metadata.name=other',
      '  hint: add the Namespace object if namespaceSelectors should see its labels',
    ].join('\n'),
  );
  assert.match(summary!, /^read .*: 2 namespaces, 2 pods, 0 workloads, 2 network policies; skipped 1 CiliumNetworkPolicy .*\ninvalid: 1 error, 1 warning, 1 note$/);
});

test('validate, JSON: file is cluster:Kind/namespace/name and there is no line or column', () => {
  const { manifests, report } = read();
  const json = JSON.parse(validateOutput(manifests, report, 'json')) as { valid: boolean; diagnostics: Record<string, unknown>[] };
  assert.equal(json.valid, false);
  assert.deepEqual(json.diagnostics[1], {
    severity: 'error',
    message: 'Unsupported value: "Ingres": supported values: "Ingress", "Egress"',
    file: 'cluster:NetworkPolicy/shop/bad',
    object: 'NetworkPolicy shop/bad',
    field: 'spec.policyTypes[0]',
    type: 'NotSupported',
  });
  for (const d of json.diagnostics) assert.deepEqual([d['line'], d['column']], [undefined, undefined]);
});

test('get: the source of an API object is its place in the cluster', () => {
  const { manifests, report } = read();
  assert.deepEqual(
    getRows(manifests, report).map((r) => [r.kind, r.name, r.source, r.valid]),
    [
      ['Namespace', 'shop', 'cluster:Namespace/shop', true],
      ['Namespace', 'other', '(not declared)', true],
      ['Pod', 'web', 'cluster:Pod/shop/web', true],
      ['Pod', 'api', 'cluster:Pod/other/api', true],
      ['NetworkPolicy', 'none', 'cluster:NetworkPolicy/shop/none', true],
      ['NetworkPolicy', 'bad', 'cluster:NetworkPolicy/shop/bad', false],
    ],
  );
});

test('lint: findings are led by cluster:Kind/namespace/name; JSON has no line or column; SARIF locates them logically only', () => {
  const { cluster } = read();
  const result = lint(Engine.compile(cluster), cluster);
  const heads = plain(formatLint(result, 'error'))
    .split('\n')
    .filter((l) => l.startsWith('cluster:'));
  assert.deepEqual(heads, [
    'cluster:Namespace/shop: info PAL009 namespace-without-default-deny: Namespace shop',
    'cluster:NetworkPolicy/shop/none: warning PAL001 policy-selects-nothing: NetworkPolicy shop/none',
    'cluster:Pod/other/api: info PAL009 namespace-without-default-deny: Namespace other',
  ]);
  const findings = JSON.parse(JSON.stringify(lintJson(result, 'error').findings)) as Record<string, unknown>[];
  assert.deepEqual(
    findings.map((f) => [f['id'], f['file'], 'line' in f, 'column' in f]),
    [
      ['PAL009', 'cluster:Namespace/shop', false, false],
      ['PAL001', 'cluster:NetworkPolicy/shop/none', false, false],
      ['PAL009', 'cluster:Pod/other/api', false, false],
    ],
  );
  const sarif = toSarif(result, { config: { checks: {} }, version: '0.1.0' }) as { runs: { results: { locations: Record<string, unknown>[] }[] }[] };
  const pal001 = sarif.runs[0]!.results[1]!.locations[0]!;
  assert.deepEqual(pal001, { logicalLocations: [{ fullyQualifiedName: 'NetworkPolicy shop/none spec.podSelector', name: 'spec.podSelector', kind: 'member' }] });
});

test('ignored policies read from an API server are named by their place, on stderr, in Markdown and in JSON', () => {
  const { ignoredPolicies } = validateManifests(loadFromApi(), OPTS);
  assert.match(plain(ignoredPoliciesWarning(ignoredPolicies, false)), /\n {2}1 CiliumNetworkPolicy \(cilium\.io\/v2, Cilium\): cluster:CiliumNetworkPolicy\/shop\/cnp\n/);
  assert.equal(ignoredPoliciesMarkdown(ignoredPolicies)[1], '> - 1 CiliumNetworkPolicy (cilium.io/v2, Cilium): `cluster:CiliumNetworkPolicy/shop/cnp`');
  assert.deepEqual(ignoredPoliciesField(ignoredPolicies), {
    ignoredPolicies: [{ kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', namespace: 'shop', name: 'cnp', file: 'cluster:CiliumNetworkPolicy/shop/cnp' }],
  });
});

test('an object read twice from an API server: the duplicate warning names the earlier place', () => {
  const policy = API_OBJECTS.find((o) => (o['metadata'] as { name: string }).name === 'none')!;
  const duplicate = loadFromApi([policy, policy]).diagnostics.find((d) => d.type === 'Duplicate');
  assert.deepEqual(
    [duplicate?.file, duplicate?.line, duplicate?.message],
    ['cluster:NetworkPolicy/shop/none', undefined, 'NetworkPolicy shop/none is defined more than once; this definition replaces the one at cluster:NetworkPolicy/shop/none'],
  );
});
