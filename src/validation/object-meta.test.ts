import assert from 'node:assert/strict';
import { test } from 'node:test';
import { V1_36, kinds, lines, namespace, networkPolicy } from './fixtures.test.helper.js';
import { validateNamespace, validateNetworkPolicy } from './index.js';

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
