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
    a!.reachableFromOutside.map((x) => [x.endpoint, x.port, x.addresses]),
    [
      ['team-a/api', '9090/TCP', 'any'],
      ['team-a/api', '9100/TCP', ['203.0.113.0/25']],
      ['team-a/dual', '8080/TCP', ['10.10.2.0/24', 'fd00:10::/64']],
    ],
  );
  assert.deepEqual(a!.mayReachAnything.sort(), ['team-a/api', 'team-a/db', 'team-a/dual', 'team-a/web']);
  assert.deepEqual(b!.isolatedEgress, ['team-b/client']);
  assert.deepEqual(b!.unprotected, ['team-b/web']);
  assert.deepEqual(b!.mayReachAnything, ['team-b/web'], 'the client may reach only web pods and DNS');
  assert.deepEqual(ops!.mayReachAnything, []);
  assert.deepEqual(ops!.reachableFromOutside, [{ endpoint: 'ops/monitor', port: 'any', addresses: 'any' }]);
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
