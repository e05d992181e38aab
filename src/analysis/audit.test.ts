/** palisade audit on the lab conformance cluster, whose policies cover each case. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { loadManifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { audit } from './audit.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function engineFor(path: string): Engine {
  const m = loadManifests([`${ROOT}${path}`]);
  return Engine.compile(clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION })));
}

test('per namespace: isolation, exposure to the outside, unrestricted egress, no policy', () => {
  const result = audit(engineFor('examples/lab-conformance'));
  assert.deepEqual(result.map((n) => n.namespace), ['ops', 'team-a', 'team-b']);
  const [ops, a, b] = result;
  assert.deepEqual(a!.isolatedIngress.sort(), ['team-a/api', 'team-a/db', 'team-a/dual', 'team-a/web']);
  assert.deepEqual(a!.isolatedEgress, []);
  assert.deepEqual(a!.unprotected, []);
  assert.deepEqual(
    a!.reachableFromOutside.map((x) => [x.endpoints, x.port, x.addresses, x.addressText]),
    [
      [['team-a/api'], '9090/TCP', 'any', 'any'],
      [['team-a/api'], '9100/TCP', ['203.0.113.0/25'], '203.0.113.0/25'],
      [['team-a/dual'], '8080/TCP', ['10.10.2.0/24', 'fd00:10::/64'], '10.10.2.0/24, fd00:10::/64'],
    ],
  );
  assert.deepEqual(a!.mayReachAnything.sort(), ['team-a/api', 'team-a/db', 'team-a/dual', 'team-a/web']);
  assert.deepEqual(b!.isolatedEgress, ['team-b/client']);
  assert.deepEqual(b!.unprotected, ['team-b/web']);
  assert.deepEqual(b!.mayReachAnything, ['team-b/web'], 'the client may reach only web pods and DNS');
  assert.deepEqual(ops!.mayReachAnything, []);
  assert.deepEqual(ops!.reachableFromOutside, [{ endpoints: ['ops/monitor'], port: 'any', addresses: 'any', addressText: 'any' }]);
});

test('audit in every format, and -n', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [`${ROOT}dist/cli/main.js`, 'audit', '-f', 'examples/lab-conformance', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const table = run(['-n', 'team-b']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^team-b \(2 pods\)\n {2}isolated for ingress: 0\/2 {3}for egress: 1\/2\n {2}no policy at all: team-b\/web/);
  assert.doesNotMatch(table.stdout, /team-a/);
  assert.match(run(['-o', 'markdown']).stdout, /^\| team-a \| 4 \| 4 \| 0 \| none \|/m);
  const json = JSON.parse(run(['-o', 'json']).stdout) as { namespace: string }[];
  assert.equal(json.length, 3);
});

test('pods alike are exposed once, with the addresses in their shortest form', () => {
  const run = spawnSync(process.execPath, [`${ROOT}dist/cli/main.js`, 'audit', '-f', '-'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    input: `${[1, 2, 3]
      .map((i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: web-${i}, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, ports: [{containerPort: 80}]}]}\nstatus: {podIP: 10.42.0.${i}}\n---\n`)
      .join('')}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.42.0.0/16]}}]}]\n`,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^ {4}shop\/web-1, shop\/web-2, shop\/web-3 on 80\/TCP from 0\.0\.0\.0\/0 except 10\.42\.0\.0\/16$/m);
  assert.equal(run.stdout.match(/ on 80\/TCP/g)?.length, 1);
});

test('a workload without pods in the input counts as its replicas', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec: {replicas: 3, selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c, image: x}]}}}\n';
  const run = spawnSync(process.execPath, [`${ROOT}dist/cli/main.js`, 'audit', '-f', '-'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, input: deployment });
  assert.match(run.stdout, /^shop \(3 pods as 1 endpoint\)$/m);
});

test('ClusterNetworkPolicy: what the admin and baseline tiers hold per namespace, and egress an admin Deny restricts', () => {
  const result = audit(engineFor('examples/cluster-network-policy'));
  const shop = result.find((n) => n.namespace === 'shop')!;
  // shop/db's ingress is isolated by a NetworkPolicy: the Baseline tier is asked for shop/web only.
  assert.deepEqual(
    shop.clusterRules.map((r) => `${r.tier} ${r.policy} ${r.direction}[${r.rule}] ${r.action} ${r.text} (${r.endpoints})`),
    [
      'Admin cluster-guardrails ingress[0] Accept from all pods in namespaces with role=monitoring, on named port metrics (2)',
      'Baseline namespaces-isolated ingress[0] Pass from all pods in namespaces with team=shop, on any port (1)',
      'Baseline namespaces-isolated ingress[1] Deny from all pods in all namespaces, on any port (1)',
      'Admin cluster-guardrails egress[0] Deny to addresses in 169.254.169.254/32, on any port (2)',
    ],
  );
  assert.deepEqual(shop.unprotected, [], 'the tiers cover every pod');
  assert.deepEqual(shop.mayReachAnything, [], 'the admin tier denies the metadata service to all');
  const monitoring = result.find((n) => n.namespace === 'monitoring')!;
  assert.deepEqual(monitoring.clusterRules.map((r) => r.policy), ['cluster-guardrails', 'cluster-guardrails'], 'the baseline subject leaves out namespaces with a role');
});
