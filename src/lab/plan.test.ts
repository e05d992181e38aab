/** What the lab builds, without building it (no root needed). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterOf } from '../engine/cluster.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { planLab } from './plan.js';

test('a workload whose pods are in the input is not built again as a pod of its own', () => {
  const owned = (name: string, ip: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: web}, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u, controller: true}]}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: ${ip}}\n---\n`;
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec: {selector: {matchLabels: {app: ${name}}}, template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: c, image: x}]}}}\n---\n`;
  const m = loadText(owned('web-a', '10.0.0.1') + owned('web-b', '10.0.0.2') + deployment('web') + deployment('api'));
  const plan = planLab(clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION })), 1);
  assert.deepEqual(plan.pods.map((p) => p.display), ['shop/web-a', 'shop/web-b', 'shop/deployment/api']);
});
