/** How a ref a person writes becomes an endpoint, and what comes back when it names none. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { clusterOf } from './cluster.js';
import { Engine } from './engine.js';
import { parsePortSpec, resolveNamedPort } from './ports.js';

function pod(namespace: string, name: string, ports = '[]', extra = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {containers: [{name: c, ports: ${ports}}]${extra}}\nstatus: {podIP: 10.0.${namespace.length}.${name.length}}\n---\n`;
}

function workload(kind: string, namespace: string, name: string): string {
  const api = kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const selector = kind === 'Job' ? '' : `  selector: {matchLabels: {app: ${name}}}\n`;
  return `apiVersion: ${api}\nkind: ${kind}\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${selector}  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {restartPolicy: ${kind === 'Job' ? 'Never' : 'Always'}, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}\n---\n`;
}

function engineOf(text: string): Engine {
  const m = loadText(text, 'cluster.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), [], 'test manifests must be valid');
  return Engine.compile(clusterOf(m, report));
}

const CLUSTER =
  pod('default', 'frontend') +
  pod('default', 'db') +
  pod('shop', 'db') +
  pod('shop', 'cart') +
  workload('Deployment', 'shop', 'cart') +
  workload('Deployment', 'shop', 'web') +
  workload('StatefulSet', 'shop', 'queue') +
  workload('Deployment', 'shop', 'queue');

function found(e: Engine, ref: string, namespace?: string): string | undefined {
  const l = e.lookup(ref, namespace);
  return 'found' in l ? l.found.ref : undefined;
}

test('a bare NAME is the pod of that name in the namespace given, default "default"', () => {
  const e = engineOf(CLUSTER);
  assert.equal(found(e, 'frontend'), 'default/frontend');
  assert.equal(found(e, 'db'), 'default/db');
  assert.equal(found(e, 'db', 'shop'), 'shop/db');
  assert.equal(found(e, 'frontend', 'shop'), undefined, 'never another namespace');
  assert.equal(found(e, 'shop/db', 'default'), 'shop/db', 'a namespace in the ref wins over the one given apart');
  assert.equal(found(e, '10.0.4.4', 'default'), 'shop/cart', 'an IP is the pod holding it');
  assert.equal(found(e, '192.0.2.1'), '192.0.2.1', 'any other address is outside the cluster');
});

test('a NAME with no pod of that name is the one workload of that name, of any kind; several are ambiguous', () => {
  const e = engineOf(CLUSTER);
  assert.equal(found(e, 'web', 'shop'), 'shop/deployment/web');
  assert.equal(found(e, 'shop/web'), 'shop/deployment/web', 'NAMESPACE/NAME too');
  assert.equal(found(e, 'cart', 'shop'), 'shop/cart', 'a pod comes before a workload of the same name');
  assert.deepEqual(e.lookup('queue', 'shop'), { ambiguous: ['shop/deployment/queue', 'shop/statefulset/queue'] });
  assert.equal(found(e, 'shop/sts/queue'), 'shop/statefulset/queue', 'the kind settles it');
});

test('an unknown ref comes back with the closest refs and the same name elsewhere, not with every short name', () => {
  const e = engineOf(CLUSTER);
  assert.deepEqual(e.lookup('frontnd'), { unknown: 'default/frontnd', suggestions: ['default/frontend'], inNamespace: ['default/frontend', 'default/db'] });
  assert.deepEqual(e.lookup('defualt/frontend'), { unknown: 'defualt/frontend', suggestions: ['default/frontend'], inNamespace: [] });
  const other = e.lookup('frontend', 'shop');
  assert.ok('unknown' in other);
  assert.deepEqual(other.suggestions, ['default/frontend'], 'the same name in another namespace');
  const web = e.lookup('web');
  assert.ok('unknown' in web);
  assert.deepEqual(web.suggestions, ['shop/deployment/web'], 'the same name as a workload elsewhere; default/db is not "close" to web');
  const kind = e.lookup('shop/deploy/wbe');
  assert.ok('unknown' in kind);
  assert.equal(kind.unknown, 'shop/deployment/wbe', 'kind aliases are written out');
  const typoKind = e.lookup('shop/deplyment/web');
  assert.ok('unknown' in typoKind);
  assert.deepEqual(typoKind.suggestions, ['shop/deployment/web']);
});

test('lookups follow updates: a removed pod leaves its name to the workload', () => {
  const e = engineOf(CLUSTER);
  e.apply({ op: 'delete', kind: 'Pod', namespace: 'shop', name: 'cart' });
  assert.equal(found(e, 'cart', 'shop'), 'shop/deployment/cart');
  e.apply({ op: 'delete', kind: 'Deployment', namespace: 'shop', name: 'cart' });
  assert.equal(found(e, 'cart', 'shop'), undefined);
});

test("a workload whose pods are in the input is its pods: the one pod, or a list to choose from", () => {
  const owned = (name: string, ip: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels: {app: web}\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]\nspec: {containers: [{name: c}]}\nstatus: {podIP: ${ip}}\n---\n`;
  const e = engineOf(workload('Deployment', 'shop', 'web') + owned('web-a', '10.1.0.1') + owned('web-b', '10.1.0.2'));
  const pods = { ambiguous: ['shop/web-a', 'shop/web-b'] };
  assert.deepEqual(e.lookup('web', 'shop'), pods);
  assert.deepEqual(e.lookup('shop/deploy/web'), pods);
  e.apply({ op: 'delete', kind: 'Pod', namespace: 'shop', name: 'web-b' });
  assert.equal(found(e, 'shop/deployment/web'), 'shop/web-a');
  assert.equal(found(e, 'web', 'shop'), 'shop/web-a');
});

test('PORT: numbers and names, each with an optional protocol', () => {
  assert.deepEqual(parsePortSpec('80'), { protocol: 'TCP', port: 80 });
  assert.deepEqual(parsePortSpec('53/udp'), { protocol: 'UDP', port: 53 });
  assert.deepEqual(parsePortSpec('http'), { name: 'http' });
  assert.deepEqual(parsePortSpec('dns/UDP'), { name: 'dns', protocol: 'UDP' });
  for (const bad of ['99999', '0', '80/XTP', 'http/xtp', 'a/b/c', '']) assert.equal(parsePortSpec(bad), undefined, bad);
});

test('a port name is resolved on the destination: its number and protocol, the protocol pinned when given', () => {
  const e = engineOf(
    pod('a', 'web', '[{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]') +
      pod('a', 'two', '[{name: dns, containerPort: 53, protocol: UDP}]', ', initContainers: [{name: side, restartPolicy: Always, ports: [{name: dns, containerPort: 5353}]}]') +
      workload('Deployment', 'a', 'api'),
  );
  const to = (ref: string) => e.resolve(ref)!;
  assert.deepEqual(resolveNamedPort(to('a/web'), 'http'), { query: { protocol: 'TCP', port: 8080 } });
  assert.deepEqual(resolveNamedPort(to('a/web'), 'dns'), { query: { protocol: 'UDP', port: 53 } });
  assert.deepEqual(resolveNamedPort(to('a/deployment/api'), 'http'), { query: { protocol: 'TCP', port: 8080 } }, 'a workload by its template');
  const wrongProtocol = resolveNamedPort(to('a/web'), 'http', 'UDP');
  assert.ok('problem' in wrongProtocol && wrongProtocol.problem === 'undefined');
  assert.deepEqual(wrongProtocol.defined.map((p) => p.name), ['http', 'dns'], 'with what the destination does define');
  assert.equal((resolveNamedPort(to('a/web'), 'metrics') as { problem: string }).problem, 'undefined');
  assert.equal((resolveNamedPort(to('192.0.2.1'), 'http') as { problem: string }).problem, 'outside', 'never on an address outside');
  const two = resolveNamedPort(to('a/two'), 'dns');
  assert.ok('problem' in two && two.problem === 'ambiguous');
  assert.deepEqual(two.matches.map((p) => `${p.port}/${p.protocol}`), ['53/UDP', '5353/TCP']);
  assert.deepEqual(resolveNamedPort(to('a/two'), 'dns', 'TCP'), { query: { protocol: 'TCP', port: 5353 } }, 'the protocol settles it');
});
