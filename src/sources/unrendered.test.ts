/** Helm charts and templates, and Kustomize directories, are named as such with what to run, never read as manifests. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Diagnostic } from '../model/diagnostic.js';
import { loadManifests } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-unrendered-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const PATCH = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  ingress: []
`;

function only(diagnostics: Diagnostic[]): Diagnostic {
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  return diagnostics[0]!;
}

test('a Helm template that is not YAML: one located error naming its chart, no YAML error', () => {
  file('chart/Chart.yaml', 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
  const path = file('chart/templates/ns.yaml', `${NAMESPACE}---\n{{- if .Values.extra }}\n${NAMESPACE.replace('shop', 'extra')}{{- end }}\n`);
  const m = loadManifests([path]);
  const d = only(m.diagnostics);
  assert.deepEqual({ file: d.file, line: d.line, column: d.column, type: d.type, severity: d.severity }, { file: path, line: 6, column: 1, type: 'IO', severity: 'error' });
  assert.match(d.message, /unrendered Helm template/);
  assert.equal(d.hint, `render the chart first: helm template NAME ${join(dir, 'chart')} | palisade ... -f -`);
  assert.equal(m.namespaces.length, 0, 'no object of a template is read');
});

test('a Helm template that parses as YAML is caught too, at the template; {{ in strings and comments is not one', () => {
  const m = loadManifests(['-'], { readStdin: () => Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Values.name }}\n') });
  const d = only(m.diagnostics);
  assert.deepEqual([d.file, d.line, d.column], ['<stdin>', 4, 9]);
  assert.match(d.hint!, /helm template NAME CHART_DIR \| palisade/);
  const plain = loadManifests(['-'], { readStdin: () => Buffer.from(NAMESPACE.replace('shop', 'web-{{ .Release.Name }}')) });
  assert.deepEqual([only(plain.diagnostics).line, only(plain.diagnostics).column], [4, 13]);
  // {{ inside quoted and block strings and comments is data, as in annotations and ConfigMaps.
  const text = `${NAMESPACE}  annotations:\n    a: "{{ .x }}"\n    b: '{{ .y }}'\n    c: |\n      {{ .z }}\n# {{ .w }}\n`;
  const data = loadManifests(['-'], { readStdin: () => Buffer.from(text) });
  assert.deepEqual(data.diagnostics, []);
  assert.equal(data.namespaces[0]!.metadata.annotations!['c'], '{{ .z }}\n');
});

test('a Kustomize directory is named with -k, and its bases and patches are not read as objects', () => {
  file('app/base/kustomization.yaml', 'resources: [ns.yaml]\n');
  file('app/base/ns.yaml', NAMESPACE);
  file('app/prod/kustomization.yml', 'resources: [../base]\npatches: [{path: patch.yaml}]\n');
  file('app/prod/patch.yaml', PATCH);
  file('app/plain/ns.yaml', NAMESPACE.replace('shop', 'plain'));
  const m = loadManifests([join(dir, 'app')]);
  assert.deepEqual(m.namespaces.map((n) => n.metadata.name), ['plain']);
  assert.deepEqual(m.policies, []);
  assert.deepEqual(
    m.diagnostics.map((d) => [d.file, d.line, d.type, d.hint]),
    ['base', 'prod'].map((k) => {
      const at = join(dir, 'app', k);
      return [join(at, k === 'base' ? 'kustomization.yaml' : 'kustomization.yml'), 1, 'IO', `read what it builds with -k ${at} (as kubectl does), or: kubectl kustomize ${at} | palisade ... -f -`];
    }),
  );
  const direct = loadManifests([join(dir, 'app/prod/kustomization.yml')]);
  assert.match(only(direct.diagnostics).message, /app\/prod is a Kustomize directory/);
});

test('a Helm chart directory is named as one; values.yaml and templates are not read', () => {
  file('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  file('charts/web/values.yaml', 'replicas: 2\n');
  file('charts/web/templates/ns.yaml', NAMESPACE);
  const m = loadManifests([join(dir, 'charts')]);
  const d = only(m.diagnostics);
  assert.equal(d.file, join(dir, 'charts/web/Chart.yaml'));
  assert.equal(d.hint, `render the chart first: helm template NAME ${join(dir, 'charts/web')} | palisade ... -f -`);
  assert.equal(m.namespaces.length, 0);
});
