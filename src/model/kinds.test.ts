/**
 * The registry of kinds: every kind it holds is read into its bucket,
 * validated by its own validator, kept by clusterOf and taken by the engine;
 * a kind it lacks is skipped and said so, never read as another kind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterChanges } from '../engine/cluster-changes.js';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { loadText } from '../sources/load-text.js';
import { UNREAD_POLICY_KINDS } from '../sources/unread-policy-kinds.js';
import { LATEST_KUBERNETES_VERSION, validateObject } from '../validation/index.js';
import { validateManifests } from '../validation/manifests.js';
import { apiGroupOf, BUCKETS, emptyBuckets, entryOf, isKindInItsGroups, KINDS, objectsOf, type Buckets, type Kind } from './kinds.js';
import { describeObject, type KubeObject } from './objects.js';

const OPTS = { kubernetesVersion: LATEST_KUBERNETES_VERSION };

const template = (indent: string) =>
  [`template:`, `  metadata: {labels: {app: web}}`, `  spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}`].map((l) => indent + l).join('\n');

/**
 * A valid document of each kind, after its apiVersion and kind, named `name`
 * and in no namespace. A kind added to the model without a sample here does
 * not compile.
 */
const SAMPLES: Record<Kind, (name: string) => string> = {
  Namespace: (name) => `metadata: {name: ${name}, labels: {team: a}}`,
  Pod: (name) => `metadata: {name: ${name}, labels: {app: web}}\nspec: {containers: [{name: c}]}\nstatus: {podIP: 10.0.0.1}`,
  Deployment: (name) => `metadata: {name: ${name}}\nspec:\n  replicas: 2\n${template('  ')}`,
  StatefulSet: (name) => `metadata: {name: ${name}}\nspec:\n${template('  ')}`,
  DaemonSet: (name) => `metadata: {name: ${name}}\nspec:\n${template('  ')}`,
  ReplicaSet: (name) => `metadata: {name: ${name}}\nspec:\n${template('  ')}`,
  ReplicationController: (name) => `metadata: {name: ${name}}\nspec:\n${template('  ')}`,
  Job: (name) => `metadata: {name: ${name}}\nspec:\n${template('  ')}`,
  CronJob: (name) => `metadata: {name: ${name}}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n${template('      ')}`,
  NetworkPolicy: (name) => `metadata: {name: ${name}}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{ports: [{port: http}]}]`,
  ClusterNetworkPolicy: (name) => `metadata: {name: ${name}}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
  AdminNetworkPolicy: (name) => `metadata: {name: ${name}}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
  // The CRD takes no name but `default`: a valid name becomes it, an invalid one stays to be refused.
  BaselineAdminNetworkPolicy: (name) => `metadata: {name: ${/^[a-z0-9.-]+$/.test(name) ? 'default' : name}}\nspec:\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
  Node: (name) => `metadata: {name: ${name}, labels: {team: a}}\nstatus: {addresses: [{type: InternalIP, address: 172.18.0.2}]}`,
};

const KIND_NAMES = Object.keys(SAMPLES) as Kind[];

function document(kind: Kind, apiVersion: string, name = 'web'): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\n${SAMPLES[kind](name)}\n`;
}

/** What the engine knows of an object of each bucket, once compiled. */
const IN_ENGINE: Record<keyof Buckets, (engine: Engine, o: KubeObject) => boolean> = {
  namespaces: (engine, o) => engine.namespaceLabelsOf(o.metadata.name!)['team'] === 'a',
  pods: (engine, o) => engine.resolve(`${o.metadata.namespace}/${o.metadata.name}`) !== undefined,
  workloads: (engine, o) => engine.resolve(`${o.metadata.namespace}/${o.kind}/${o.metadata.name}`) !== undefined,
  policies: (engine, o) => engine.policy(`${o.metadata.namespace}/${o.metadata.name}`) !== undefined,
  clusterPolicies: (engine, o) => engine.policy(o.metadata.name!) !== undefined,
  nodes: (engine, o) => engine.nodeObject(o.metadata.name!) !== undefined,
  adminPolicies: (engine, o) => engine.policy(`${o.kind}/${o.metadata.name}`)?.source === o,
};

test('the samples here are the kinds of the registry', () => {
  assert.deepEqual([...KIND_NAMES].sort(), Object.keys(KINDS).sort());
});

for (const kind of KIND_NAMES) {
  test(`${kind}: every apiVersion is read into its bucket, valid, kept by clusterOf and taken by the engine`, () => {
    const entry = KINDS[kind];
    assert.ok(entry.apiVersions.length > 0);
    for (const apiVersion of entry.apiVersions) {
      const m = loadText(document(kind, apiVersion), 'kinds.yaml', { defaultNamespace: 'shop' });
      const read = objectsOf(m).filter((o) => o.kind === kind);
      assert.equal(read.length, 1, `one ${kind} read`);
      const object = read[0]!;
      assert.equal(object.apiVersion, apiVersion);
      assert.ok((m[entry.bucket] as KubeObject[]).includes(object), `${kind} lands in ${entry.bucket}`);
      for (const other of BUCKETS.filter((b) => b !== entry.bucket)) assert.ok(!(m[other] as KubeObject[]).includes(object), `${kind} is not in ${other}`);
      assert.equal(object.metadata.namespace, entry.namespaced ? 'shop' : undefined, 'namespaced kinds take the default namespace');

      const report = validateManifests(m, OPTS);
      assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'note').map((d) => `${d.severity} ${d.object}: ${d.message}`), []);
      const cluster = clusterOf(m, report);
      assert.ok((cluster[entry.bucket] as KubeObject[]).includes(object), `clusterOf keeps the ${kind}`);
      assert.ok(IN_ENGINE[entry.bucket](Engine.compile(cluster), object), `the engine knows the ${kind}`);
    }
  });

  test(`${kind}: validated by its own validator, and refused when invalid`, () => {
    const m = loadText(document(kind, KINDS[kind].apiVersions[0]!, 'Not_A_Name'), 'kinds.yaml', { defaultNamespace: 'shop' });
    const object = objectsOf(m).find((o) => o.kind === kind)!;
    const report = validateManifests(m, OPTS);
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    assert.ok(errors.some((d) => d.field === 'metadata.name' && d.object === describeObject(object) && d.line === 3), JSON.stringify(errors));
    const own = validateObject(object, OPTS).filter((e) => e.severity === 'error');
    assert.deepEqual(own.map((e) => e.path.toString()).sort(), errors.map((d) => d.field).sort());
    assert.ok(!objectsOf(clusterOf(m, report)).includes(object), 'clusterOf leaves it out');
  });

  test(`${kind}: a version of its group that the registry does not list is an error, and nothing is read`, () => {
    const group = apiGroupOf(KINDS[kind].apiVersions[0]!);
    const unlisted = group === '' ? 'v0alpha0' : `${group}/v0alpha0`;
    const m = loadText(document(kind, unlisted));
    assert.deepEqual(objectsOf(m), []);
    assert.deepEqual(
      m.diagnostics.map((d) => [d.severity, d.message, d.hint]),
      [['error', `no matches for kind "${kind}" in version "${unlisted}"`, `use apiVersion: ${KINDS[kind].apiVersions.join(' or ')}`]],
    );
  });
}

test('a kind the registry lacks is skipped and counted, never read into a bucket', () => {
  const m = loadText(`apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: ControllerRevision\nmetadata: {name: web-1}\n`);
  assert.deepEqual(objectsOf(m), []);
  assert.deepEqual(m.skipped, { Service: 1, ControllerRevision: 1 });
  assert.deepEqual(m.diagnostics, []);
});

test('an object of a kind the registry lacks is refused by name wherever kinds are looked up, not taken for a workload', () => {
  const pod = loadText(document('Pod', 'v1')).pods[0]!;
  const service = { ...pod, kind: 'Service' } as unknown as KubeObject;
  const noEntry = /kind "Service" has no entry in the registry of kinds/;
  assert.throws(() => entryOf(service), noEntry);
  assert.throws(() => validateObject(service, OPTS), noEntry);
  assert.throws(() => clusterChanges(emptyBuckets(), { ...emptyBuckets(), pods: [pod], workloads: [service as never] }), noEntry);
});

test('every bucket holds some kind, and loaded manifests and clusters have every bucket', () => {
  for (const bucket of BUCKETS) assert.ok(KIND_NAMES.some((k) => KINDS[k].bucket === bucket), `a kind lands in ${bucket}`);
  const m = loadText('');
  const cluster = clusterOf(m, validateManifests(m, OPTS));
  for (const bucket of BUCKETS) assert.deepEqual([m[bucket], cluster[bucket]], [[], []]);
});

test('the engine takes a cluster in the registry order: namespaces, then policies, then workloads and pods', () => {
  const text = KIND_NAMES.map((k) => document(k, KINDS[k].apiVersions[0]!, `x-${k.toLowerCase()}`)).join('---\n');
  const m = loadText(text, 'all.yaml', { defaultNamespace: 'shop' });
  const cluster = clusterOf(m, validateManifests(m, OPTS));
  const order = clusterChanges(emptyBuckets(), cluster).map((c) => (c.op === 'upsert' ? entryOf(c.object) : assert.fail('no deletions')));
  assert.deepEqual(new Set(order.map((e) => e.resource)).size, KIND_NAMES.length, 'every kind is taken');
  assert.deepEqual(order.map((e) => e.engineOrder), order.map((e) => e.engineOrder).sort((a, b) => a - b));
  const first = (bucket: keyof Buckets) => order.findIndex((e) => e.bucket === bucket);
  assert.ok(first('namespaces') < first('policies') && first('policies') < first('workloads') && first('policies') < first('pods'));
});

test('no unread policy kind names a kind in a group where the registry reads it: when Palisade learns a kind, its unread line goes', () => {
  for (const unread of UNREAD_POLICY_KINDS) {
    for (const group of unread.groups) assert.equal(isKindInItsGroups(unread.kind, group), false, `${unread.kind} of ${group}`);
  }
});

test('NetworkPolicy in a group that served it once is an error; in another product\'s group it is that product\'s policy', () => {
  const stale = loadText(`apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}}\n`);
  assert.deepEqual([stale.skipped, stale.diagnostics.map((d) => d.severity)], [{}, ['error']]);
  const calico = loadText(`apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p}\n`);
  assert.deepEqual([calico.skipped, calico.unreadPolicies.map((p) => p.by)], [{ 'NetworkPolicy.projectcalico.org': 1 }, ['Calico']]);
});
