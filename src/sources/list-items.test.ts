import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKubeList, itemKindOf, listItem } from './list-items.js';

const podList = { apiVersion: 'v1', kind: 'PodList', items: [] };

test('the kind of a typed list names its items; List and non-lists do not', () => {
  assert.equal(itemKindOf('PodList'), 'Pod');
  assert.equal(itemKindOf('NetworkPolicyList'), 'NetworkPolicy');
  assert.equal(itemKindOf('List'), undefined);
  assert.equal(isKubeList({ kind: 'PodList', items: [] }), true);
  assert.equal(isKubeList({ kind: 'PodList' }), false);
  assert.equal(isKubeList({ kind: 'Pod', items: [] }), false);
});

test('an item of a typed list takes the list kind and apiVersion, as the API server leaves them out', () => {
  const item = listItem(podList, { metadata: { name: 'a' } });
  assert.deepEqual(item, { ok: true, object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a' } } });
  const named = listItem({ apiVersion: 'apps/v1', kind: 'DeploymentList', items: [] }, { kind: 'Deployment', apiVersion: 'apps/v1', metadata: {} });
  assert.deepEqual(named, { ok: true, object: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: {} } });
});

test('an item naming another kind or apiVersion than its typed list is refused, naming the field', () => {
  const kind = listItem(podList, { kind: 'Service', metadata: { name: 's' } });
  assert.equal(kind.ok, false);
  assert.equal(!kind.ok && kind.field, 'kind');
  assert.match(!kind.ok ? kind.message : '', /kind "Service" in a PodList, whose items are of kind "Pod"/);
  const version = listItem({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicyList', items: [] }, { apiVersion: 'projectcalico.org/v3' });
  assert.equal(!version.ok && version.field, 'apiVersion');
});

test('items of a kind: List are returned as written: they must name their own kind', () => {
  const item = { metadata: { name: 'a' } };
  assert.deepEqual(listItem({ apiVersion: 'v1', kind: 'List', items: [] }, item), { ok: true, object: item });
});
