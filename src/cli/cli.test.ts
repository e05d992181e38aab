/** The command line as users and CI jobs see it: output, JSON shape and exit codes. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { palisade } from './run-cli.test.helper.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BAD = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: bad
  namespace: shop
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 80
      endPort: 70
`;

test('validate: the seed example is valid, exit 0', () => {
  const r = palisade(['validate', '-f', 'examples/seed']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /read 4 files, 7 documents: 3 namespaces, 4 pods, 1 workload, 1 network policy; skipped 1 Service/);
  assert.match(r.stdout, /^valid: 0 errors, 0 warnings, 0 notes$/m);
});

test('validate: an invalid object exits 1 and is shown with file:line:column, object and field', () => {
  const r = palisade(['validate', '-f', '-'], BAD);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^<stdin>:11:7: error: NetworkPolicy shop\/bad$/m);
  assert.match(r.stdout, /^ {2}spec\.ingress\[0\]\.ports\[0\]\.endPort: Invalid value: 80: must be greater than or equal to `port`$/m);
  assert.match(r.stdout, /^invalid: 1 error, 0 warnings, 1 note$/m);
});

test('validate -o json prints exactly one object of the documented shape', () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, BAD);
  const r = palisade(['validate', '-f', file, '-o', 'json']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Record<string, unknown>[] };
  assert.equal(out.valid, false);
  const error = out.diagnostics.find((d) => d['severity'] === 'error')!;
  assert.deepEqual(Object.keys(error).slice(0, 7), ['severity', 'message', 'file', 'line', 'column', 'object', 'field']);
  assert.deepEqual(
    { file: error['file'], line: error['line'], column: error['column'], object: error['object'], field: error['field'] },
    { file, line: 11, column: 7, object: 'NetworkPolicy shop/bad', field: 'spec.ingress[0].ports[0].endPort' },
  );
});

test('validate: warnings alone exit 0', () => {
  const r = palisade(['validate', '-f', '-', '-o', 'json'], BAD.replace('endPort: 70', 'endPort: 90').replace('ingress:', 'ingres: []\n  ingress:'));
  assert.equal(r.code, 0, r.stdout);
  const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { severity: string; field: string }[] };
  assert.equal(out.valid, true);
  assert.deepEqual(out.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.field), ['spec.ingres']);
});

test('--kubernetes-version: legacy CIDRs are warnings in 1.35 and errors in the latest release', () => {
  const policy = BAD.replace('endPort: 70', 'endPort: 90').replace('  - ports:', '  - from: [{ipBlock: {cidr: 10.0.0.1/8}}]\n    ports:');
  assert.equal(palisade(['validate', '-f', '-'], policy).code, 1);
  const legacy = palisade(['validate', '-f', '-', '--kubernetes-version', '1.35'], policy);
  assert.equal(legacy.code, 0, legacy.stdout);
  assert.match(legacy.stdout, /warning/);
  const bad = palisade(['validate', '-f', '-', '--kubernetes-version', '1.2'], policy);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--kubernetes-version: .*supported/);
});

test('usage and I/O errors exit 2', () => {
  assert.equal(palisade(['validate']).code, 2);
  assert.equal(palisade(['validate', '-f', 'examples/seed', '-o', 'xml']).code, 2);
  assert.equal(palisade(['nonsense']).code, 2);
  const missing = palisade(['validate', '-f', 'no/such/file.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stdout, /no\/such\/file\.yaml: error\n {2}cannot read: no such file or directory/);
  assert.equal(palisade(['--help']).code, 0);
});

test('get lists what was loaded, marking invalid objects', () => {
  const r = palisade(['get', '-f', 'examples/seed']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^NetworkPolicy\s+default\s+test-network-policy\s+pods: role=db {2}types: Ingress,Egress\s+examples\/seed\/network-policy\.yaml:2$/m);
  assert.match(r.stdout, /^Deployment\s+myproject\s+web\s+replicas: 2 {2}labels: app=web/m);
  const bad = palisade(['get', '-f', '-', '-o', 'json'], BAD);
  const rows = JSON.parse(bad.stdout) as { kind: string; valid: boolean }[];
  assert.deepEqual(rows.map((x) => [x.kind, x.valid]), [['Namespace', true], ['NetworkPolicy', false]]);
});
