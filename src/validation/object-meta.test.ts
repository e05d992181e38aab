import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ObjectMeta, OwnerReference } from '../model/objects.js';
import { loadText } from '../sources/load.js';
import { V1_33, V1_34, V1_36, kinds, lines, namespace, networkPolicy, pod, workload } from './fixtures.test.helper.js';
import { type ValidationOptions, validateNamespace, validateNetworkPolicy, validateObject } from './index.js';
import { validateManifests } from './manifests.js';

const SUBDOMAIN_REGEX =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_REGEX =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const metadataOf = (metadata: Parameters<typeof networkPolicy>[1]) =>
  validateNetworkPolicy(networkPolicy({}, metadata), V1_36);

test('name or generateName is required', () => {
  assert.deepEqual(lines(metadataOf({ namespace: 'bar' })), [
    'error Required metadata.name: Required value: name or generateName is required',
  ]);
});

test('generateName: validated as a prefix, and the generated name is validated too', () => {
  assert.deepEqual(lines(metadataOf({ generateName: 'web-', namespace: 'bar' })), []);
  assert.deepEqual(lines(metadataOf({ generateName: 'Web-', namespace: 'bar' })), [
    `error Invalid metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_REGEX}`,
    `error Invalid metadata.name: Invalid value: "Web-xxxxx": ${SUBDOMAIN_REGEX}`,
  ]);
  const [, generated] = metadataOf({ generateName: 'Web-', namespace: 'bar' });
  assert.equal(generated?.sourcePath?.toString(), 'metadata.generateName');
  // A name, when given, wins over generateName.
  assert.deepEqual(kinds(metadataOf({ name: 'web', generateName: 'Web-', namespace: 'bar' })), ['Invalid metadata.generateName']);
});

test('namespace of a namespaced object: required, a DNS label', () => {
  assert.deepEqual(lines(metadataOf({ name: 'foo', namespace: '' })), ['error Required metadata.namespace: Required value']);
  assert.deepEqual(lines(metadataOf({ name: 'foo', namespace: 'Bar' })), [
    `error Invalid metadata.namespace: Invalid value: "Bar": ${LABEL_REGEX}`,
  ]);
});

test('labels: reported at metadata.labels, located at the entry', () => {
  const errors = metadataOf({ name: 'foo', namespace: 'bar', labels: { 'app.kubernetes.io/name': 'ok', 'bad key': 'v', k: 'bad value' } });
  assert.deepEqual(kinds(errors), ['Invalid metadata.labels', 'Invalid metadata.labels']);
  assert.match(errors[0]?.message ?? '', /^Invalid value: "bad key": name part must consist of/);
  assert.match(errors[1]?.message ?? '', /^Invalid value: "bad value": a valid label must be an empty string/);
  assert.deepEqual(errors.map((e) => e.sourcePath?.toString()), ['metadata.labels[bad key]', 'metadata.labels[k]']);
});

test('annotations: keys are qualified names in any case; 256 KiB in total', () => {
  assert.deepEqual(lines(metadataOf({ name: 'foo', namespace: 'bar', annotations: { 'Example.COM/Some_Key': 'x'.repeat(1000) } })), []);
  const badKey = metadataOf({ name: 'foo', namespace: 'bar', annotations: { 'a b': '' } });
  assert.deepEqual(kinds(badKey), ['Invalid metadata.annotations']);
  assert.equal(badKey[0]?.sourcePath?.toString(), 'metadata.annotations[a b]');
  const atLimit = { a: 'x'.repeat(256 * 1024 - 1) };
  assert.deepEqual(lines(metadataOf({ name: 'foo', namespace: 'bar', annotations: atLimit })), []);
  const over = { ab: 'x'.repeat(256 * 1024 - 1) };
  assert.deepEqual(lines(metadataOf({ name: 'foo', namespace: 'bar', annotations: over })), [
    'error TooLong metadata.annotations: Too long: may not be more than 262144 bytes',
  ]);
});

test('Namespace: name is a DNS label; metadata.namespace is ignored', () => {
  assert.deepEqual(lines(validateNamespace(namespace({ name: 'team-a', namespace: 'whatever' }), V1_36)), []);
  assert.deepEqual(lines(validateNamespace(namespace({ name: 'team.a' }), V1_36)), [
    'error Invalid metadata.name: Invalid value: "team.a": must not contain dots',
  ]);
});

test('Namespace: the defaulted kubernetes.io/metadata.name label is validated too', () => {
  const long = 'a'.repeat(64);
  const errors = validateNamespace(namespace({ name: long }), V1_36);
  assert.deepEqual(lines(errors), [
    'error Invalid metadata.name: Invalid value: "' + long + '": must be no more than 63 characters',
    'error Invalid metadata.labels: Invalid value: "' + long + '": must be no more than 63 characters',
  ]);
  assert.equal(errors[1]?.sourcePath?.toString(), 'metadata.name');
  // A value the user gives for that label is overwritten, so it is not checked.
  assert.deepEqual(lines(validateNamespace(namespace({ name: 'team-a', labels: { 'kubernetes.io/metadata.name': '-x' } }), V1_36)), []);
});

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const NOT_STANDARD = 'name is neither a standard finalizer name nor is it fully qualified';

const owner = (ref: Partial<OwnerReference>): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: 'web-5d8f',
  uid: '0b6a3c1e',
  ...ref,
});

/** One row per rule: metadata beyond name and namespace, the release, and what the API server says. */
const META_RULES: [string, Partial<ObjectMeta>, ValidationOptions, string[]][] = [
  ['standard finalizers need no domain', { finalizers: ['kubernetes', 'orphan'] }, V1_36, []],
  ['a finalizer qualified with a domain', { finalizers: ['example.com/cleanup'] }, V1_36, []],
  ['a finalizer without "/" that is not a standard one', { finalizers: ['custom'] }, V1_36, [
    `error Invalid metadata.finalizers[0]: Invalid value: "custom": ${NOT_STANDARD}`,
  ]],
  ['a finalizer that is no qualified name', { finalizers: ['example.com/bad name'] }, V1_36, [
    `error Invalid metadata.finalizers: Invalid value: "example.com/bad name": ${NAME_PART}`,
  ]],
  ['a finalizer that is neither qualified nor standard: both errors', { finalizers: ['kubernetes', 'bad name'] }, V1_36, [
    `error Invalid metadata.finalizers: Invalid value: "bad name": ${NAME_PART}`,
    `error Invalid metadata.finalizers[1]: Invalid value: "bad name": ${NOT_STANDARD}`,
  ]],
  ['orphan with foregroundDeletion, 1.34+: the list as JSON', { finalizers: ['orphan', 'foregroundDeletion'] }, V1_34, [
    'error Invalid metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
  ]],
  ['orphan with foregroundDeletion, 1.33: the list in Go syntax', { finalizers: ['orphan', 'foregroundDeletion'] }, V1_33, [
    'error Invalid metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
  ]],
  ['a complete owner reference', { ownerReferences: [owner({ controller: true, blockOwnerDeletion: true })] }, V1_36, []],
  ['a core-group owner: apiVersion is just the version', { ownerReferences: [owner({ apiVersion: 'v1', kind: 'ReplicationController' })] }, V1_36, []],
  ['an owner reference with nothing set, 1.34+', { ownerReferences: [owner({ apiVersion: '', kind: '', name: '', uid: '' })] }, V1_34, [
    'error Invalid metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
    'error Invalid metadata.ownerReferences.kind: Invalid value: "": must not be empty',
    'error Invalid metadata.ownerReferences.name: Invalid value: "": must not be empty',
    'error Invalid metadata.ownerReferences.uid: Invalid value: "": must not be empty',
  ]],
  ['an owner reference with nothing set, 1.33: messages name the field', { ownerReferences: [owner({ apiVersion: '', kind: '', name: '', uid: '' })] }, V1_33, [
    'error Invalid metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
    'error Invalid metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
    'error Invalid metadata.ownerReferences.name: Invalid value: "": name must not be empty',
    'error Invalid metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
  ]],
  ['an owner apiVersion with a group but no version', { ownerReferences: [owner({ apiVersion: 'apps/' })] }, V1_36, [
    'error Invalid metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
  ]],
  ['an owner apiVersion with two slashes', { ownerReferences: [owner({ apiVersion: 'apps/v1/x' })] }, V1_36, [
    'error Invalid metadata.ownerReferences.apiVersion: Invalid value: "apps/v1/x": version must not be empty',
  ]],
  ['a core Event may not own anything, 1.34+', { ownerReferences: [owner({ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' })] }, V1_34, [
    'error Invalid metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"u"}: /v1, Kind=Event is disallowed from being an owner',
  ]],
  ['a core Event may not own anything, 1.33', { ownerReferences: [owner({ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' })] }, V1_33, [
    'error Invalid metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:"v1", Kind:"Event", Name:"e", UID:"u", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner',
  ]],
  ['an events.k8s.io Event is no banned owner', { ownerReferences: [owner({ apiVersion: 'events.k8s.io/v1', kind: 'Event' })] }, V1_36, []],
  ['one controller among several owners', { ownerReferences: [owner({ controller: true }), owner({ kind: 'Deployment', name: 'web', controller: false })] }, V1_36, []],
  ['two controllers, 1.34+', { ownerReferences: [owner({ controller: true }), owner({ kind: 'Deployment', name: 'web', uid: 'u2', controller: true })] }, V1_34, [
    'error Invalid metadata.ownerReferences: Invalid value: [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-5d8f","uid":"0b6a3c1e","controller":true},{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"u2","controller":true}]: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/web-5d8f and Deployment/web',
  ]],
  ['two controllers, 1.33: Go prints the pointers, whose addresses we cannot know', { ownerReferences: [owner({ controller: true }), owner({ kind: 'Deployment', name: 'web', uid: 'u2', controller: true })] }, V1_33, [
    'error Invalid metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"web-5d8f", UID:"0b6a3c1e", Controller:(*bool)(0x…), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:"apps/v1", Kind:"Deployment", Name:"web", UID:"u2", Controller:(*bool)(0x…), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/web-5d8f and Deployment/web',
  ]],
];

for (const [rule, extra, opts, expected] of META_RULES) {
  test(`ObjectMeta rule: ${rule}`, () => {
    assert.deepEqual(lines(validateNetworkPolicy(networkPolicy({}, { name: 'foo', namespace: 'bar', ...extra }), opts)), expected);
  });
}

test('owner reference errors are located at the reference they are about', () => {
  const errors = metadataOf({ name: 'foo', namespace: 'bar', ownerReferences: [owner({}), owner({ uid: '' })] });
  assert.deepEqual(errors.map((e) => [e.path.toString(), e.sourcePath?.toString()]), [
    ['metadata.ownerReferences.uid', 'metadata.ownerReferences[1].uid'],
  ]);
  const [unqualified] = metadataOf({ name: 'foo', namespace: 'bar', finalizers: ['a', 'b c'] }).filter((e) => e.path.toString() === 'metadata.finalizers');
  assert.equal(unqualified?.sourcePath?.toString(), 'metadata.finalizers[1]');
});

test('finalizers and owner references are checked on every kind Palisade reads', () => {
  const meta = { name: 'web', namespace: 'shop', finalizers: ['custom'], ownerReferences: [owner({ uid: '' })] };
  const objects = [pod(meta), namespace({ name: 'shop', finalizers: ['custom'], ownerReferences: [owner({ uid: '' })] }), workload('Deployment', meta), workload('CronJob', meta)];
  for (const o of objects) {
    assert.deepEqual(kinds(validateObject(o, V1_36)), ['Invalid metadata.ownerReferences.uid', 'Invalid metadata.finalizers[0]'], o.kind);
  }
});

test('a manifest with a custom finalizer and an owner without uid is invalid, located at the entries', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: web-1
  finalizers: [example.com/keep, custom]
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: 0b6a3c1e}
  - apiVersion: apps/v1
    kind: Deployment
    name: web
spec:
  containers: [{name: c}]
`;
  const report = validateManifests(loadText(text, 'pod.yaml'), V1_36);
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [`${d.file}:${d.line}:${d.column}`, d.field, d.message]), [
    ['pod.yaml:5:34', 'metadata.finalizers[1]', `Invalid value: "custom": ${NOT_STANDARD}`],
    ['pod.yaml:8:5', 'metadata.ownerReferences.uid', 'Invalid value: "": must not be empty'],
  ]);
  assert.match(errors[1]!.hint!, /metadata\.uid/);
  assert.equal(report.valid, false);
  assert.equal(report.invalid.size, 1);
});
