/**
 * Every command with --cluster, against a test API server that speaks the
 * real protocol: the same answers as from files holding the same objects,
 * files laid over the live state, pagination, and a clear message (exit 2,
 * no stack trace) for every way reading a cluster fails.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestApiServer } from '../lab/test-api-server.js';
import { serveManifests } from '../sources/live/serve-manifests.test.helper.js';
import { palisadeAsync } from './run-cli.test.helper.js';

const SEED = 'examples/seed';

describe('analysis commands with --cluster answer as they do from the same objects in files', () => {
  let server: TestApiServer;
  let kubeconfig: string;
  before(async () => {
    server = await TestApiServer.start();
    serveManifests(server, SEED);
    kubeconfig = server.writeKubeconfig({ context: 'kind-shop' });
  });
  after(() => server.stop());

  const cases: [string, string[]][] = [
    ['check', ['check', 'default/frontend', 'default/db', '6379']],
    ['check --flows', ['check', '--flows', 'examples/seed-tour.json', '-o', 'json']],
    ['matrix', ['matrix', '-o', 'csv']],
    ['reach', ['reach', 'default/db', '-o', 'json']],
    ['compile', ['compile', '--node', 'node-a']],
    ['audit', ['audit', '-o', 'json']],
  ];
  for (const [name, args] of cases) {
    test(name, async () => {
      const [files, live] = await Promise.all([palisadeAsync([...args, '-f', SEED]), palisadeAsync([...args, '--cluster', '--kubeconfig', kubeconfig])]);
      assert.equal(live.stderr.replace(/^palisade: note: the cluster does not serve ClusterNetworkPolicy.*\n/m, ''), files.stderr, 'live stderr');
      assert.equal(live.code, files.code);
      assert.ok(files.stdout.length > 0);
      // Positions differ by nature (files have lines, live objects are named cluster:Kind/namespace/name), and so
      // does order: outputs follow the input's order, files' as written, the API's by namespace and name.
      assert.deepEqual(canonical(live.stdout), canonical(files.stdout));
    });
  }

  test('validate names the cluster and places objects at cluster:Kind/namespace/name', async () => {
    server.create({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'typo', namespace: 'other' }, spec: { podSelector: {}, policyTypes: ['Ingres'] } });
    try {
      const r = await palisadeAsync(['validate', '--cluster', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^cluster:NetworkPolicy\/other\/typo: error: NetworkPolicy other\/typo\n {2}spec\.policyTypes\[0\]: Unsupported value: "Ingres"/m);
      assert.match(r.stdout, /^read cluster kind-shop \(\d+ objects\): 3 namespaces, 4 pods, 1 workload, 2 network policies$/m);
    } finally {
      server.delete({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'typo', namespace: 'other' } });
    }
  });

  test('get lists the live objects with where they came from', async () => {
    const r = await palisadeAsync(['get', '--cluster', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Pod +default +db .*cluster:Pod\/default\/db$/m);
  });

  test('explain and lint give the same findings', async () => {
    for (const args of [['explain', '-o', 'json'], ['lint', '-o', 'json']]) {
      const [files, live] = await Promise.all([palisadeAsync([...args, '-f', SEED]), palisadeAsync([...args, '--cluster', '--kubeconfig', kubeconfig])]);
      assert.equal(live.code, files.code, args[0]);
      assert.deepEqual(canonical(live.stdout), canonical(files.stdout), args[0]);
    }
  });

  test('-f with --cluster replaces the live object of the same kind, namespace and name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palisade-overlay-'));
    try {
      const policy = join(dir, 'policy.yaml');
      // The seed's policy, now allowing role=frontend on 5432 only: frontend loses 6379.
      writeFileSync(
        policy,
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: test-network-policy, namespace: default}\nspec:\n  podSelector: {matchLabels: {role: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {role: frontend}}}]\n    ports: [{port: 5432}]\n',
      );
      const live = await palisadeAsync(['check', '--cluster', '--kubeconfig', kubeconfig, 'default/frontend', 'default/db', '6379']);
      const overlaid = await palisadeAsync(['check', '--cluster', '--kubeconfig', kubeconfig, '-f', policy, 'default/frontend', 'default/db', '6379']);
      assert.equal(live.code, 0, live.stdout);
      assert.equal(overlaid.code, 1, overlaid.stdout);
      assert.doesNotMatch(overlaid.stderr, /defined more than once/);

      const diff = await palisadeAsync(['diff', '--cluster', '--kubeconfig', kubeconfig, '-f', policy, '-o', 'json']);
      assert.equal(diff.code, 1, diff.stderr);
      const json = JSON.parse(diff.stdout) as { base: string; head: string; lost: number; changes: { change: string; from: { label: string }; to: { label: string }; port: string }[] };
      assert.equal(json.base, 'cluster kind-shop');
      assert.equal(json.head, `cluster kind-shop + ${policy}`);
      assert.ok(json.changes.some((c) => c.change === 'lost' && c.from.label === 'default/frontend' && c.to.label === 'default/db' && c.port === '6379/TCP'), diff.stdout);
      assert.ok(json.changes.some((c) => c.change === 'gained' && c.port === '5432/TCP'), diff.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a large cluster is read in pages of 500', async () => {
  const server = await TestApiServer.start();
  try {
    server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big' } });
    for (let i = 0; i < 1234; i++) {
      server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'big', labels: { app: `a${i % 7}` } }, spec: { containers: [{ name: 'c', image: 'x' }] }, status: { podIP: `10.1.${i >> 8}.${i & 255}` } });
    }
    const r = await palisadeAsync(['get', '--cluster', '--kubeconfig', server.writeKubeconfig(), '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { kind: string }[]).filter((o) => o.kind === 'Pod').length, 1234);
    const pages = server.requests.filter((q) => q.path === '/api/v1/pods');
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.map((q) => q.query['limit']), ['500', '500', '500']);
    assert.equal(pages[0]!.query['continue'], undefined);
    assert.ok(pages[1]!.query['continue'] && pages[2]!.query['continue']);
  } finally {
    await server.stop();
  }
});

describe('reading a cluster fails with a message that says what to fix, exit 2', () => {
  const failing = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = await palisadeAsync(['check', '--cluster', ...args, 'default/a', 'default/b', '80'], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack trace');
    return r.stderr;
  };

  test('unreachable server', async () => {
    const server = await TestApiServer.start();
    const kubeconfig = server.writeKubeconfig();
    await server.stop();
    assert.match(await failing(['--kubeconfig', kubeconfig]), /^palisade: cannot read the API discovery of cluster palisade-test \(http:\/\/127\.0\.0\.1:\d+\): cannot reach the API server at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  test('no token: 401', async () => {
    const server = await TestApiServer.start({ tokens: { secret: 'alice' }, anonymous: false });
    try {
      assert.match(await failing(['--kubeconfig', server.writeKubeconfig()]), /refused the credentials of context palisade-test \(401 Unauthorized/);
    } finally {
      await server.stop();
    }
  });

  test('a missing permission: 403, naming the resource and the verbs Palisade needs', async () => {
    const server = await TestApiServer.start({ tokens: { t: 'system:serviceaccount:ci:reader' }, authorize: (a) => a.resource !== 'pods' });
    try {
      const stderr = await failing(['--kubeconfig', server.writeKubeconfig({ token: 't' })]);
      assert.match(stderr, /does not let this user list pods \(API group ""\): pods is forbidden: User "system:serviceaccount:ci:reader" cannot list resource "pods" in API group "" at the cluster scope/);
      assert.match(stderr, /needs get, list and watch on pods cluster-wide/);
    } finally {
      await server.stop();
    }
  });

  test('a server that does not answer: the request timeout', async () => {
    const server = await TestApiServer.start();
    const release = server.stallLists(0);
    try {
      assert.match(await failing(['--kubeconfig', server.writeKubeconfig(), '--request-timeout', '1']), /no answer within 1 s/);
    } finally {
      release();
      await server.stop();
    }
  });

  test('kubeconfig problems', async () => {
    assert.match(await failing(['--kubeconfig', '/nonexistent/config']), /--kubeconfig \/nonexistent\/config: no such file/);
    const server = await TestApiServer.start();
    try {
      assert.match(await failing(['--kubeconfig', server.writeKubeconfig(), '--context', 'prod']), /--context prod: no such context in the kubeconfig; it has palisade-test/);
    } finally {
      await server.stop();
    }
    const home = mkdtempSync(join(tmpdir(), 'palisade-home-'));
    try {
      const stderr = await failing([], { HOME: home, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '' });
      assert.match(stderr, /no cluster configured: give --kubeconfig PATH, set KUBECONFIG/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    const r = await palisadeAsync(['check', '-f', SEED, '--context', 'prod', 'default/db', 'default/frontend', '80']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--kubeconfig and --context choose the cluster that --cluster reads: add --cluster/);
  });
});

test('KUBECONFIG with several files: merged as kubectl merges them, --context picks any', async () => {
  const [a, b] = await Promise.all([TestApiServer.start(), TestApiServer.start()]);
  try {
    a.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'in-a' } });
    b.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'in-b' } });
    const KUBECONFIG = [a.writeKubeconfig({ context: 'ctx-a' }), '/nonexistent/skipped', b.writeKubeconfig({ context: 'ctx-b' })].join(':');
    const current = await palisadeAsync(['get', '--cluster'], { env: { KUBECONFIG } });
    assert.match(current.stdout, /in-a/);
    assert.doesNotMatch(current.stdout, /in-b/);
    const chosen = await palisadeAsync(['get', '--cluster', '--context', 'ctx-b'], { env: { KUBECONFIG } });
    assert.match(chosen.stdout, /in-b/, chosen.stderr);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('ClusterNetworkPolicy: read when its CRD is installed, said when it is not; other plugins\' policies warned about', async () => {
  const server = await TestApiServer.start();
  try {
    serveManifests(server, SEED);
    const kubeconfig = server.writeKubeconfig();
    const without = await palisadeAsync(['validate', '--cluster', '--kubeconfig', kubeconfig]);
    assert.match(without.stderr, /the cluster does not serve ClusterNetworkPolicy \(policy\.networking\.k8s\.io\/v1alpha2\): its CRD is not installed/);

    server.installCrd('policy.networking.k8s.io/v1alpha2/clusternetworkpolicies');
    server.installCrd('cilium.io/v2/ciliumnetworkpolicies');
    server.create({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'deny-db' },
      spec: { tier: 'Admin', priority: 10, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { number: 6379 } } }] }] },
    });
    server.create({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'l7', namespace: 'default' }, spec: {} });
    const r = await palisadeAsync(['check', '--cluster', '--kubeconfig', kubeconfig, 'default/frontend', 'default/db', '6379']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /deny-db/);
    assert.match(r.stderr, /1 policy of kinds Palisade does not evaluate[\s\S]*1 CiliumNetworkPolicy \(cilium\.io\/v2, Cilium\): cluster:CiliumNetworkPolicy\/default\/l7/);
    assert.doesNotMatch(r.stderr, /does not serve ClusterNetworkPolicy/);
  } finally {
    await server.stop();
  }
});

test('AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1): read from a cluster that serves them, and evaluated', async () => {
  const server = await TestApiServer.start();
  try {
    serveManifests(server, SEED);
    server.installCrd('policy.networking.k8s.io/v1alpha1/adminnetworkpolicies');
    server.installCrd('policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies');
    const kubeconfig = server.writeKubeconfig();
    // The seed's NetworkPolicy allows frontend to db on 6379: the AdminNetworkPolicy overrides it; db's egress is left to the baseline.
    server.create({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'guard-db' },
      spec: { priority: 3, subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { role: 'db' } } } }, ingress: [{ name: 'no-redis', action: 'Deny', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 6379 } }] }] },
    });
    server.create({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: { subject: { namespaces: {} }, egress: [{ name: 'contained', action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] },
    });
    const denied = await palisadeAsync(['check', '--cluster', '--kubeconfig', kubeconfig, 'default/frontend', 'default/db', '6379']);
    assert.equal(denied.code, 1, denied.stdout + denied.stderr);
    assert.match(denied.stdout, /AdminNetworkPolicy guard-db \(Admin, priority 3\) ingress\[0\] "no-redis" Deny/);
    assert.doesNotMatch(denied.stderr, /does not evaluate/);
    const outside = await palisadeAsync(['check', '--cluster', '--kubeconfig', kubeconfig, 'default/frontend', '203.0.113.9', '443']);
    assert.match(outside.stdout, /BaselineAdminNetworkPolicy default \(Baseline\) egress\[0\] "contained" Deny/);
  } finally {
    await server.stop();
  }
});

/**
 * An output with what tells files from a live cluster taken out: places
 * (file:line, cluster:Kind/namespace/name, and the file, line and column
 * fields of JSON) and order (JSON arrays and text lines sorted).
 */
function canonical(text: string): unknown {
  const unplaced = text.replace(/(examples\/seed\/[\w.-]+:\d+(:\d+)?|cluster:[\w]+\/[\w./-]+)/g, '<place>');
  try {
    return sorted(JSON.parse(unplaced));
  } catch {
    return unplaced.split('\n').sort();
  }
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !['file', 'line', 'column'].includes(k)).map(([k, v]) => [k, sorted(v)]));
}
