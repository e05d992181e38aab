import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerPort } from '../model/objects.js';
import { V1_36, kinds, lines, pod, workload } from './fixtures.test.helper.js';
import { validatePod, validateWorkload } from './index.js';

const withPorts = (ports: ContainerPort[], more: ContainerPort[] = []) =>
  validatePod(pod({ name: 'web', namespace: 'default' }, [{ name: 'app', ports }, { name: 'side', ports: more }]), V1_36);

test('container ports: the valid', () => {
  assert.deepEqual(
    lines(
      withPorts(
        [
          { name: 'http', containerPort: 80 },
          { containerPort: 80, protocol: 'UDP' },
          { name: 'metrics', containerPort: 9090, protocol: '', hostPort: 9090 },
        ],
        [{ name: 'http', containerPort: 8080, protocol: 'SCTP' }],
      ),
    ),
    [],
  );
});

test('container ports: names, numbers, protocols', () => {
  const P = 'spec.containers[0].ports';
  assert.deepEqual(
    lines(
      withPorts([
        { name: 'http', containerPort: 80 },
        { name: 'http', containerPort: 81 },
        { name: 'HTTP', containerPort: 0 },
        { containerPort: 70000, hostPort: 70000, protocol: 'ICMP' },
      ]),
    ),
    [
      `error Duplicate ${P}[1].name: Duplicate value: "http"`,
      `error Invalid ${P}[2].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
      `error Invalid ${P}[2].name: Invalid value: "HTTP": must contain at least one letter (a-z)`,
      `error Required ${P}[2].containerPort: Required value`,
      `error Invalid ${P}[3].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
      `error Invalid ${P}[3].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
      `error NotSupported ${P}[3].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`,
    ],
  );
});

test('init containers are checked at their own path', () => {
  const p = pod({ name: 'web', namespace: 'default' }, []);
  p.spec.initContainers = [{ name: 'init', ports: [{ containerPort: 0 }] }];
  assert.deepEqual(kinds(validatePod(p, V1_36)), ['Required spec.initContainers[0].ports[0].containerPort']);
});

test('pod metadata', () => {
  assert.deepEqual(kinds(validatePod(pod({ name: 'Web', namespace: 'default' }), V1_36)), ['Invalid metadata.name']);
});

test('template labels: the API server says spec.template.labels', () => {
  const d = workload('Deployment', { name: 'web', namespace: 'default' }, {
    metadata: { labels: { app: 'web', tier: '-front' }, annotations: { 'bad key': '' } },
    spec: { containers: [{ name: 'app', ports: [{ containerPort: 0 }] }] },
  });
  const errors = validateWorkload(d, V1_36);
  assert.deepEqual(kinds(errors), [
    'Invalid spec.template.labels',
    'Invalid spec.template.annotations',
    'Required spec.template.spec.containers[0].ports[0].containerPort',
  ]);
  assert.deepEqual(errors.map((e) => e.sourcePath?.toString()), [
    'spec.template.metadata.labels[tier]',
    'spec.template.metadata.annotations[bad key]',
    undefined,
  ]);
});

test('CronJob: template under spec.jobTemplate.spec.template; names up to 52 characters', () => {
  const template = { metadata: { labels: { app: '-x' } }, spec: { containers: [{ name: 'app' }] } };
  assert.deepEqual(kinds(validateWorkload(workload('CronJob', { name: 'nightly', namespace: 'default' }, template), V1_36)), [
    'Invalid spec.jobTemplate.spec.template.labels',
  ]);
  assert.deepEqual(lines(validateWorkload(workload('CronJob', { name: 'a'.repeat(52), namespace: 'default' }), V1_36)), []);
  assert.deepEqual(lines(validateWorkload(workload('CronJob', { name: 'a'.repeat(53), namespace: 'default' }), V1_36)), [
    `error Invalid metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`,
  ]);
  assert.deepEqual(lines(validateWorkload(workload('Job', { name: 'a'.repeat(53), namespace: 'default' }), V1_36)), []);
});

test('StatefulSet: name is a DNS label; the pod spec is not validated', () => {
  const template = { metadata: {}, spec: { containers: [{ name: 'app', ports: [{ containerPort: 0 }] }] } };
  assert.deepEqual(lines(validateWorkload(workload('StatefulSet', { name: 'db.primary', namespace: 'default' }, template), V1_36)), [
    'error Invalid metadata.name: Invalid value: "db.primary": must not contain dots',
  ]);
  assert.deepEqual(kinds(validateWorkload(workload('Deployment', { name: 'db.primary', namespace: 'default' }, template), V1_36)), [
    'Required spec.template.spec.containers[0].ports[0].containerPort',
  ]);
});
