import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FieldPath } from '../model/field-path.js';
import { Collector } from './load-text.js';
import { loadManifests, loadText } from './load.js';
import { listItemRanges } from './locator.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {}
`;
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  containers:
  - name: c
    ports:
    - {name: http, containerPort: 80}
status:
  podIP: 10.1.0.5
`;

test('reads several YAML documents from one stream', () => {
  const m = loadText(`${POLICY}---\n${POD}`);
  assert.equal(m.policies.length, 1);
  assert.equal(m.pods.length, 1);
  assert.equal(m.documents, 2);
  assert.equal(m.pods[0]!.spec.containers[0]!.ports![0]!.containerPort, 80);
  assert.equal(m.pods[0]!.status.podIP, '10.1.0.5');
});

test('objects without a namespace go to default, or to -n', () => {
  assert.equal(loadText(POLICY).policies[0]!.metadata.namespace, 'default');
  assert.equal(loadText(POLICY, 'p.yaml', { defaultNamespace: 'team-a' }).policies[0]!.metadata.namespace, 'team-a');
  assert.equal(loadText(POD, 'p.yaml', { defaultNamespace: 'team-a' }).pods[0]!.metadata.namespace, 'shop');
});

test('a namespace used but not declared is created and reported as a note', () => {
  const m = loadText(POD, 'pod.yaml');
  assert.deepEqual(
    m.namespaces.map((n) => [n.metadata.name, n.implicit]),
    [['shop', true]],
  );
  const note = m.diagnostics.find((d) => d.severity === 'note');
  assert.match(note!.message, /namespace "shop" is not declared/);
  assert.deepEqual([note!.file, note!.line, note!.field], ['pod.yaml', 5, 'metadata.namespace']);
  const declared = loadText(`apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n${POD}`);
  assert.deepEqual(declared.namespaces.map((n) => n.implicit), [undefined]);
  assert.equal(declared.diagnostics.length, 0);
});

test('kubectl List dumps in YAML and JSON, including typed lists', () => {
  const yamlList = loadText(`apiVersion: v1\nkind: PodList\nitems:\n- ${POD.replace(/\n/g, '\n  ')}`);
  assert.equal(yamlList.pods.length, 1);
  const json = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { team: 'x' } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'a' }, spec: { podSelector: {}, policyTypes: ['Egress'] } },
    ],
  }, null, 2);
  const m = loadManifests([file('dump.json', json)]);
  assert.equal(m.namespaces[0]!.metadata.labels!['team'], 'x');
  assert.deepEqual(m.policies[0]!.spec.policyTypes, ['Egress']);
  // Fields inside list items are located in the text.
  const at = m.policies[0]!.origin.locate(FieldPath.root('spec', 'policyTypes'));
  assert.equal(at.line, json.split('\n').findIndex((l) => l.includes('"policyTypes"')) + 1);
});

test('a JSON object file and a single-object stdin are read', () => {
  const m = loadManifests([file('ns.json', '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n1"}}'), '-'], {
    readStdin: () => Buffer.from(POLICY),
  });
  assert.deepEqual(m.files.map((f) => f.replace(dir, '')), ['/ns.json', '<stdin>']);
  assert.equal(m.namespaces.some((n) => n.metadata.name === 'n1'), true);
  assert.equal(m.policies.length, 1);
  const json = loadManifests(['-'], { readStdin: () => Buffer.from('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n2"}}') });
  assert.equal(json.namespaces[0]!.metadata.name, 'n2');
});

test('directories are walked recursively for .yaml, .yml and .json only, hidden ones skipped', () => {
  const root = join(dir, 'tree');
  file('tree/a.yaml', POLICY);
  file('tree/sub/deeper/b.yml', POD);
  file('tree/sub/c.json', '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"c"}}');
  file('tree/notes.txt', 'not a manifest');
  file('tree/.git/config.yaml', POD.replace('web', 'hidden'));
  const m = loadManifests([root]);
  assert.equal(m.files.length, 3);
  assert.deepEqual(m.pods.map((p) => p.metadata.name), ['web']);
  assert.equal(m.diagnostics.filter((d) => d.severity !== 'note').length, 0);
});

test('other kinds are skipped and counted; workloads are read with their pod templates', () => {
  const m = loadText(`apiVersion: v1
kind: Service
metadata: {name: s}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
---
apiVersion: v1
kind: Service
metadata: {name: t}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {job: nightly}}
        spec: {containers: [{name: c}]}
`);
  assert.deepEqual(m.skipped, { Service: 2, ConfigMap: 1 });
  assert.deepEqual(
    m.workloads.map((w) => [w.kind, w.replicas, w.template.metadata.labels, w.templatePath.toString()]),
    [
      ['Deployment', 3, { app: 'web' }, 'spec.template'],
      ['CronJob', undefined, { job: 'nightly' }, 'spec.jobTemplate.spec.template'],
    ],
  );
});

test('a duplicate object warns at the later one, which wins', () => {
  const m = loadText(`${POLICY}---\n${POLICY.replace('podSelector: {}', 'podSelector: {matchLabels: {a: b}}')}`, 'dup.yaml');
  assert.equal(m.policies.length, 1);
  assert.deepEqual(m.policies[0]!.spec.podSelector, { matchLabels: { a: 'b' } });
  const warning = m.diagnostics.find((d) => d.type === 'Duplicate')!;
  assert.equal(warning.severity, 'warning');
  assert.equal(warning.line, 8);
  assert.match(warning.message, /replaces the one at dup\.yaml:1:1/);
});

test('an overlay replaces the files read before it without a Duplicate warning; within itself a duplicate still warns', () => {
  const edited = POLICY.replace('podSelector: {}', 'podSelector: {matchLabels: {a: b}}');
  const files = new Collector('default');
  files.addFile({ name: 'files.yaml', text: `${POLICY}---\n${POD}`, json: false });
  const over = files.fork();
  over.addFile({ name: '<editor>', text: edited, json: false, overlay: true });
  const m = over.finish();
  assert.deepEqual(m.policies.map((p) => [p.origin.locate(FieldPath.root()).file, p.spec.podSelector]), [['<editor>', { matchLabels: { a: 'b' } }]]);
  assert.deepEqual(m.diagnostics.filter((d) => d.type === 'Duplicate'), []);
  const twice = files.fork();
  twice.addFile({ name: '<editor>', text: `${edited}---\n${edited}`, json: false, overlay: true });
  assert.deepEqual(twice.finish().diagnostics.filter((d) => d.type === 'Duplicate').map((d) => [d.file, d.line]), [['<editor>', 8]]);
});

test('a fork reads on from where its collector was, which stays as it was; finishing changes neither', () => {
  const files = new Collector('default');
  files.addFile({ name: 'pod.yaml', text: POD, json: false });
  const before = files.finish();
  const fork = files.fork();
  fork.addFile({ name: 'policy.yaml', text: POLICY, json: false });
  const strip = (m: typeof before) => JSON.stringify({ ns: m.namespaces, pods: m.pods, policies: m.policies, files: m.files, documents: m.documents, diagnostics: m.diagnostics });
  const both = new Collector('default');
  both.addFile({ name: 'pod.yaml', text: POD, json: false });
  both.addFile({ name: 'policy.yaml', text: POLICY, json: false });
  assert.equal(strip(fork.finish()), strip(both.finish()));
  assert.equal(strip(files.finish()), strip(before), 'the collector forked is unchanged, and one implicit-namespace note, not two');
  assert.equal(before.diagnostics.filter((d) => d.severity === 'note').length, 1);
});

test('malformed YAML is located and does not hide the other documents', () => {
  const m = loadText(`${POLICY}---\nkind: Pod\nmetadata: {name: [oops\n---\n${POD}`, 'bad.yaml');
  assert.equal(m.policies.length, 1);
  assert.equal(m.pods.length, 1);
  const err = m.diagnostics.find((d) => d.type === 'Syntax')!;
  assert.equal(err.severity, 'error');
  assert.equal(err.file, 'bad.yaml');
  assert.ok(err.line! >= 9 && err.line! <= 10, `line ${err.line}`);
});

test('duplicate keys are an error, as kubectl makes them', () => {
  const m = loadText('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n');
  const err = m.diagnostics.find((d) => d.type === 'Syntax')!;
  assert.match(err.message, /duplicated mapping key/);
  assert.equal(err.line, 5);
});

test('malformed JSON is located', () => {
  const m = loadManifests([file('bad.json', '{\n  "apiVersion": "v1",\n  "kind": }\n')]);
  const err = m.diagnostics.find((d) => d.type === 'Syntax')!;
  assert.match(err.message, /^invalid JSON/);
  assert.equal(err.line, 3);
});

test('a document that is not an object is an error with a position', () => {
  const m = loadText('just a string\n---\n- a\n- b\n---\n42\n', 's.yaml');
  const errs = m.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errs.map((e) => e.line), [1, 3, 6]);
  assert.match(errs[1]!.message, /found a list/);
});

test('wrong types are errors at the field, and make the object refused', () => {
  const m = loadText(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: typed
  labels:
    version: 2
spec:
  podSelector: []
  ingress:
  - ports:
    - port: true
      endPort: "90"
`, 't.yaml');
  const errs = m.diagnostics.filter((d) => d.type === 'TypeInvalid');
  assert.deepEqual(
    errs.map((e) => [e.field, e.line, e.column]),
    [
      ['metadata.labels[version]', 6, 5],
      ['spec.podSelector', 8, 3],
      ['spec.ingress[0].ports[0].port', 11, 7],
      ['spec.ingress[0].ports[0].endPort', 12, 7],
    ],
  );
  assert.match(errs[0]!.hint!, /quote it/);
  assert.equal(errs[0]!.object, 'NetworkPolicy default/typed');
  const policy = m.policies[0]!;
  assert.deepEqual([...m.refused.get(policy)!].sort(), errs.map((e) => e.field).sort());
});

test('unquoted yes/no/on/off are booleans, as kubectl reads YAML, so a label value must be quoted', () => {
  const m = loadText('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {enabled: yes, legacy: "no", tier: Off}\n');
  const errs = m.diagnostics.filter((d) => d.type === 'TypeInvalid');
  assert.deepEqual(errs.map((e) => [e.field, e.message]), [
    ['metadata.labels[enabled]', 'Invalid value: true: must be a string'],
    ['metadata.labels[tier]', 'Invalid value: false: must be a string'],
  ]);
  assert.match(errs[0]!.hint!, /quote the value/);
  const pod = loadText('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: yes, containers: []}\n');
  assert.equal(pod.pods[0]!.spec.hostNetwork, true);
});

test('unknown fields are warnings with the likely intended name', () => {
  const m = loadText(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: typo}
spec:
  podselector: {}
  ingres:
  - from: [{podSelector: {}}]
`);
  const warnings = m.diagnostics.filter((d) => d.type === 'UnknownField');
  assert.deepEqual(warnings.map((w) => [w.severity, w.message]), [
    ['warning', 'unknown field "spec.podselector"'],
    ['warning', 'unknown field "spec.ingres"'],
  ]);
  assert.match(warnings[1]!.hint!, /did you mean "ingress"/);
  assert.equal(m.refused.size, 0);
});

test('a wrong apiVersion or missing kind is an error; the object is not used', () => {
  const m = loadText(`apiVersion: extensions/v1beta1
kind: NetworkPolicy
metadata: {name: old}
---
apiVersion: v1
metadata: {name: nokind}
`);
  assert.equal(m.policies.length, 0);
  const errs = m.diagnostics.filter((d) => d.severity === 'error');
  assert.match(errs[0]!.message, /no matches for kind "NetworkPolicy" in version "extensions\/v1beta1"/);
  assert.equal(errs[0]!.hint, 'use apiVersion: networking.k8s.io/v1');
  assert.match(errs[1]!.message, /kind is not set/);
  assert.equal(errs[1]!.line, 5);
});

test('unreadable, binary, non-UTF-8 and empty files are reported and the rest is read', () => {
  const good = file('good.yaml', POLICY);
  const m = loadManifests([
    join(dir, 'missing.yaml'),
    file('garbage.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3])),
    file('latin1.yaml', Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])),
    file('empty.yaml', ''),
    good,
  ]);
  assert.equal(m.policies.length, 1);
  const byFile = (name: string) => m.diagnostics.find((d) => d.file?.endsWith(name));
  assert.match(byFile('missing.yaml')!.message, /no such file or directory/);
  assert.equal(byFile('missing.yaml')!.type, 'IO');
  assert.match(byFile('garbage.yaml')!.message, /not a text file/);
  assert.match(byFile('latin1.yaml')!.message, /not a text file/);
  assert.equal(byFile('empty.yaml')!.severity, 'warning');
});

test('deeply nested and alias-bomb documents are refused with a message, not a crash', () => {
  const deep = `apiVersion: v1\nkind: Namespace\nmetadata: {name: deep}\nspec: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
  const m1 = loadText(deep, 'deep.yaml');
  assert.deepEqual(
    m1.diagnostics.map((d) => [d.severity, d.file, d.message]),
    [['error', 'deep.yaml', 'nesting exceeded maxDepth (100)']],
  );

  // A few kilobytes that expand to a million values when read.
  const bomb = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: bomb}',
    'x-port: &p {containerPort: 1}',
    `x-ports: &ps [${Array(1000).fill('*p').join(', ')}]`,
    'x-container: &c {name: c, ports: *ps}',
    `spec: {template: {spec: {containers: [${Array(1001).fill('*c').join(', ')}]}}}`,
  ];
  const m2 = loadText(bomb.join('\n'));
  const err = m2.diagnostics.find((d) => d.severity === 'error')!;
  assert.match(err.message, /more than 1000000 values/);
  assert.equal(m2.workloads.length, 0);
});

test('a large document set is read whole', () => {
  const docs = Array.from({ length: 2000 }, (_, i) => POD.replace('name: web', `name: web-${i}`)).join('---\n');
  const m = loadText(docs);
  assert.equal(m.pods.length, 2000);
  const last = m.pods[1999]!.origin.locate(FieldPath.root('metadata', 'name'));
  assert.equal(last.line, 1999 * 14 + 4);
});

test('CRLF line endings and a byte-order mark are accepted', () => {
  const m = loadManifests([file('crlf.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POD.replace(/\n/g, '\r\n'))]))]);
  assert.equal(m.pods.length, 1);
  assert.equal(m.pods[0]!.origin.locate(FieldPath.root('status', 'podIP')).line, 13);
});

test('JSON dumps: fields are located inside their List item, minified or pretty, after items that are no objects', () => {
  const items = [
    'not an object',
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'x' }, spec: { containers: 'nope' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { a: 1, a2: 'dup' } } },
  ];
  const list = { apiVersion: 'v1', kind: 'List', items };
  for (const [name, text] of [['min.json', JSON.stringify(list)], ['pretty.json', JSON.stringify(list, null, 2)]] as const) {
    const m = loadManifests([file(name, text)]);
    const at = (needle: string, from = 0) => {
      const offset = text.indexOf(needle, from);
      const before = text.slice(0, offset);
      return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
    };
    const notObject = m.diagnostics.find((d) => /found a string/.test(d.message))!;
    assert.deepEqual({ line: notObject.line, column: notObject.column }, at('"not an object"'), name);
    const containers = m.diagnostics.find((d) => d.field === 'spec.containers')!;
    assert.deepEqual({ line: containers.line, column: containers.column }, at('"containers"'), name);
    const label = m.diagnostics.find((d) => d.field === 'metadata.labels[a]')!;
    assert.deepEqual({ line: label.line, column: label.column }, at('"a"', text.indexOf('"labels"')), name);
  }
});

test('documents parsed by one read are reused by the next, with the same result as parsing them again', () => {
  const a = file('shared/a.yaml', `${POLICY}---\n${POD}`);
  const parsed = new Map();
  const first = loadManifests([a], { parsed });
  assert.equal(parsed.size, 2);
  const second = loadManifests([a], { parsed });
  assert.equal(parsed.size, 2, 'nothing parsed twice');
  const fresh = loadManifests([a]);
  const strip = (m: typeof first) => JSON.stringify({ pods: m.pods, policies: m.policies, diagnostics: m.diagnostics });
  assert.equal(strip(second), strip(fresh));
  assert.notEqual(second.pods[0], first.pods[0], 'each read builds objects of its own');
});

test('List item ranges: objects, strings with escaped quotes and brackets, numbers, literals and nested lists', () => {
  const items = [{ a: 'x"]},{' }, 's"', 12.5, [1, [2]], null, true];
  const text = JSON.stringify({ kind: 'List', note: 'items', items, after: [{ items: [1] }] }, null, 1);
  const ranges = listItemRanges(text);
  assert.deepEqual(
    ranges.map(([from, to]) => JSON.parse(text.slice(from, to)) as unknown),
    items,
  );
});
