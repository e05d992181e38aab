import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from './load.js';

const POD = (meta: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: web-1
${meta}spec:
  containers: [{name: c}]
`;

/** Errors and warnings; the note about the undeclared default namespace is beside the point here. */
const problems = (m: ReturnType<typeof loadText>) => m.diagnostics.filter((d) => d.severity !== 'note');

test('ownerReferences and finalizers are read into the object metadata', () => {
  const m = loadText(
    POD(`  finalizers: [example.com/keep]
  ownerReferences:
  - apiVersion: apps/v1
    kind: ReplicaSet
    name: web-5d8f
    uid: 0b6a3c1e-1111-2222-3333-444455556666
    controller: true
    blockOwnerDeletion: true
`),
  );
  assert.deepEqual(problems(m), []);
  const meta = m.pods[0]!.metadata;
  assert.deepEqual(meta.finalizers, ['example.com/keep']);
  assert.deepEqual(meta.ownerReferences, [
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'web-5d8f',
      uid: '0b6a3c1e-1111-2222-3333-444455556666',
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
});

test('an owner reference missing a required string decodes it as empty, like the API server', () => {
  const m = loadText(POD(`  ownerReferences:\n  - {kind: ReplicaSet, name: web-5d8f}\n`));
  assert.deepEqual(m.pods[0]!.metadata.ownerReferences, [{ apiVersion: '', kind: 'ReplicaSet', name: 'web-5d8f', uid: '' }]);
});

test('wrongly typed owner references and finalizers refuse the object; unknown owner fields warn', () => {
  const m = loadText(
    POD(`  finalizers: [1]
  ownerReferences:
  - apiVersion: v1
    kind: ReplicationController
    name: web
    uid: 42
    controller: "yes"
    blockownerdeletion: true
`),
    'pod.yaml',
  );
  assert.deepEqual(
    problems(m).map((d) => [d.severity, d.type, d.field, d.line]),
    [
      ['error', 'TypeInvalid', 'metadata.finalizers[0]', 5],
      ['error', 'TypeInvalid', 'metadata.ownerReferences[0].uid', 10],
      ['error', 'TypeInvalid', 'metadata.ownerReferences[0].controller', 11],
      ['warning', 'UnknownField', 'metadata.ownerReferences[0].blockownerdeletion', 12],
    ],
  );
  assert.match(problems(m)[3]!.hint!, /did you mean "blockOwnerDeletion"/);
  assert.equal(m.refused.size, 1);
});
