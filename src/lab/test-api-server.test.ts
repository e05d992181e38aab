/**
 * The test API server, driven by the real @kubernetes/client-node: what
 * passes here is what Palisade's live source will meet in a cluster.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { ApiException, CoreV1Api, KubeConfig, KubernetesObjectApi, makeInformer, NetworkingV1Api, Watch, type V1Pod } from '@kubernetes/client-node';
import { TestApiServer, type ApiObject, type TestApiServerOptions } from './test-api-server.js';

async function serve(t: TestContext, options: TestApiServerOptions = {}): Promise<TestApiServer> {
  const server = await TestApiServer.start(options);
  t.after(() => server.stop());
  return server;
}

function client(server: TestApiServer, token?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig(token === undefined ? {} : { token }));
  return kc;
}

const pod = (namespace: string, name: string, labels: Record<string, string> = {}): ApiObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

const cnp = (namespace: string, name: string): ApiObject => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name, namespace },
  spec: { endpointSelector: {} },
});

/** The rejection of `promise`, which must reject with an ApiException. */
async function apiError(promise: Promise<unknown>): Promise<ApiException<unknown>> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ApiException, `expected an ApiException, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

async function until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Event {
  type: string;
  object: { kind?: string; apiVersion?: string; metadata?: { name?: string; resourceVersion?: string }; [field: string]: unknown };
}

/** A watch through the client's Watch, its events collected in order. */
async function watch(t: TestContext, kc: KubeConfig, path: string, query: Record<string, string | boolean | undefined>) {
  const events: Event[] = [];
  let finished: (err: unknown) => void = () => {};
  const done = new Promise<unknown>((resolve) => (finished = resolve));
  const controller = await new Watch(kc).watch(path, query, (type, object) => events.push({ type, object }), (err) => finished(err));
  t.after(() => controller.abort());
  return { events, done };
}

test('a paginated list of 2,500 pods comes in 5 pages of 500, sorted by namespace and name, all at one resourceVersion', async (t) => {
  const server = await serve(t);
  for (let i = 0; i < 2500; i++) server.create(pod(`ns-${i % 5}`, `pod-${String(i).padStart(4, '0')}`));
  const api = client(server).makeApiClient(CoreV1Api);

  const names: string[] = [];
  const versions = new Set<string>();
  const remaining: (number | undefined)[] = [];
  let token: string | undefined;
  do {
    const page = await api.listPodForAllNamespaces({ limit: 500, ...(token ? { _continue: token } : {}) });
    assert.equal(page.items.length, 500);
    names.push(...page.items.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`));
    versions.add(page.metadata!.resourceVersion!);
    remaining.push(page.metadata!.remainingItemCount);
    token = page.metadata!._continue;
  } while (token);

  assert.equal(names.length, 2500);
  assert.deepEqual(names, [...names].sort());
  assert.equal(names[0], 'ns-0/pod-0000');
  assert.equal(names[2499], 'ns-4/pod-2499');
  assert.deepEqual([...versions], ['2501']);
  assert.deepEqual(remaining, [2000, 1500, 1000, 500, undefined]);
  assert.deepEqual(
    server.requests.filter((r) => r.path === '/api/v1/pods').map((r) => r.query['limit']),
    ['500', '500', '500', '500', '500'],
  );
});

test('every page of one list shows the state its first page saw, though writes happen between pages', async (t) => {
  const server = await serve(t);
  for (const name of ['a', 'b', 'c', 'd']) server.create(pod('shop', name));
  const api = client(server).makeApiClient(CoreV1Api);

  const pages = [await api.listNamespacedPod({ namespace: 'shop', limit: 1 })];
  server.delete(pod('shop', 'c'));
  server.create(pod('shop', 'bb'));
  server.update(pod('shop', 'd', { changed: 'yes' }));
  while (pages.at(-1)!.metadata!._continue) pages.push(await api.listNamespacedPod({ namespace: 'shop', limit: 1, _continue: pages.at(-1)!.metadata!._continue! }));

  assert.deepEqual(pages.map((p) => p.items.map((i) => i.metadata!.name)), [['a'], ['b'], ['c'], ['d']]);
  assert.deepEqual(pages.map((p) => p.metadata!.remainingItemCount), [3, 2, 1, undefined]);
  assert.deepEqual(pages.map((p) => p.metadata!.resourceVersion), ['5', '5', '5', '5']);
  assert.deepEqual(pages[3]!.items[0]!.metadata!.labels, {});
  const now = await api.listNamespacedPod({ namespace: 'shop' });
  assert.deepEqual(now.items.map((p) => `${p.metadata!.name}@${p.metadata!.resourceVersion}`), ['a@2', 'b@3', 'bb@7', 'd@8']);
  assert.equal(now.metadata!.resourceVersion, '8');
});

test('lists are typed as the real server sends them: items without kind and apiVersion, objects with uid and creationTimestamp', async (t) => {
  const server = await serve(t);
  server.create(pod('shop', 'web', { app: 'web' }));
  server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });

  const list = (await (await fetch(`${server.url}/api/v1/namespaces/shop/pods`)).json()) as Record<string, unknown> & { items: Record<string, unknown>[] };
  assert.equal(list['kind'], 'PodList');
  assert.equal(list['apiVersion'], 'v1');
  assert.deepEqual(list['metadata'], { resourceVersion: '3' });
  assert.equal(list.items.length, 1);
  const item = list.items[0]!;
  assert.deepEqual(Object.keys(item), ['metadata', 'spec']);
  const meta = item['metadata'] as Record<string, unknown>;
  assert.deepEqual(Object.keys(meta), ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'labels']);
  assert.match(String(meta['uid']), /^[0-9a-f-]{36}$/);
  assert.match(String(meta['creationTimestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(meta['resourceVersion'], '2');

  const ns = await client(server).makeApiClient(CoreV1Api).readNamespace({ name: 'shop' });
  assert.deepEqual(ns.metadata!.labels, { 'kubernetes.io/metadata.name': 'shop' });
  const missing = await apiError(client(server).makeApiClient(CoreV1Api).readNamespacedPod({ name: 'nope', namespace: 'shop' }));
  assert.equal(missing.code, 404);
  assert.deepEqual(JSON.parse(missing.body as string), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'pods "nope" not found',
    reason: 'NotFound',
    details: { name: 'nope', kind: 'pods' },
    code: 404,
  });
});

test('discovery lists the served groups; an absent CRD group is missing and its paths 404 as the real server answers them', async (t) => {
  const server = await serve(t, { crds: ['policy.networking.k8s.io/v1alpha2/clusternetworkpolicies'] });
  const get = async (path: string) => {
    const response = await fetch(server.url + path);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };

  const core = JSON.parse((await get('/api')).body) as Record<string, unknown>;
  assert.deepEqual(core['versions'], ['v1']);
  const v1 = JSON.parse((await get('/api/v1')).body) as { kind: string; apiVersion?: string; resources: { name: string; namespaced: boolean; kind: string }[] };
  assert.equal(v1.kind, 'APIResourceList');
  assert.equal(v1.apiVersion, undefined);
  assert.deepEqual(v1.resources.map((r) => `${r.name}:${r.kind}:${r.namespaced}`), ['namespaces:Namespace:false', 'nodes:Node:false', 'pods:Pod:true', 'services:Service:true']);
  const groups = JSON.parse((await get('/apis')).body) as { groups: { name: string; preferredVersion: { groupVersion: string } }[] };
  assert.deepEqual(groups.groups.map((g) => g.preferredVersion.groupVersion), ['networking.k8s.io/v1', 'apps/v1', 'batch/v1', 'policy.networking.k8s.io/v1alpha2']);
  const cnps = JSON.parse((await get('/apis/policy.networking.k8s.io/v1alpha2')).body) as { apiVersion: string; resources: Record<string, unknown>[] };
  assert.equal(cnps.apiVersion, 'v1');
  assert.deepEqual(cnps.resources, [{ name: 'clusternetworkpolicies', singularName: 'clusternetworkpolicy', namespaced: false, kind: 'ClusterNetworkPolicy', verbs: ['get', 'list', 'watch'], shortNames: ['cnp'] }]);

  assert.deepEqual(await get('/apis/cilium.io/v2'), { status: 404, type: 'text/plain; charset=utf-8', body: '404 page not found\n' });
  assert.equal((await get('/apis/cilium.io/v2/namespaces/shop/ciliumnetworkpolicies')).status, 404);
  const unknown = await get('/api/v1/widgets');
  assert.equal(unknown.status, 404);
  assert.equal((JSON.parse(unknown.body) as { message: string }).message, 'the server could not find the requested resource');
  const post = await fetch(`${server.url}/api/v1/namespaces/shop/pods`, { method: 'POST', body: '{}' });
  assert.equal(post.status, 405);
  assert.equal(((await post.json()) as { message: string }).message, 'create is not supported on resources of kind "pods"');
  const version = JSON.parse((await get('/version')).body) as { major: string; gitVersion: string };
  assert.equal(version.major, '1');
});

test('KubernetesObjectApi lists a CRD kind through discovery, and gets 404 while the CRD is absent', async (t) => {
  const server = await serve(t);
  const objects = KubernetesObjectApi.makeApiClient(client(server));

  const absent = await apiError(objects.list('cilium.io/v2', 'CiliumNetworkPolicy', 'shop'));
  assert.equal(absent.code, 404);
  assert.match(absent.message, /Failed to fetch resource metadata for cilium.io\/v2\/CiliumNetworkPolicy/);
  assert.throws(() => server.create(cnp('shop', 'x')), /install its CRD first, installCrd\('cilium.io\/v2\/ciliumnetworkpolicies'\)/);

  server.installCrd('cilium.io/v2/ciliumnetworkpolicies');
  server.create(cnp('shop', 'deny-all'));
  server.create(cnp('shop', 'allow-dns'));
  server.create(cnp('other', 'elsewhere'));
  const list = await KubernetesObjectApi.makeApiClient(client(server)).list('cilium.io/v2', 'CiliumNetworkPolicy', 'shop');
  assert.equal(list.kind, 'CiliumNetworkPolicyList');
  assert.deepEqual(list.items.map((o) => [o.apiVersion, o.kind, o.metadata?.name]), [
    ['cilium.io/v2', 'CiliumNetworkPolicy', 'allow-dns'],
    ['cilium.io/v2', 'CiliumNetworkPolicy', 'deny-all'],
  ]);

  const w = await watch(t, client(server), '/apis/cilium.io/v2/namespaces/shop/ciliumnetworkpolicies', { resourceVersion: server.resourceVersion });
  await until('the watch to open', () => server.watchCount === 1);
  server.removeCrd('cilium.io/v2/ciliumnetworkpolicies');
  // Written before the ended watch's connection closes: it must not reach the ended stream.
  server.installCrd('cilium.io/v2/ciliumnetworkpolicies');
  server.create(cnp('shop', 'again'));
  server.removeCrd('cilium.io/v2/ciliumnetworkpolicies');
  assert.equal(await w.done, null);
  assert.deepEqual(w.events.map((e) => [e.type, e.object.apiVersion, e.object.metadata!.name]), [
    ['DELETED', 'cilium.io/v2', 'allow-dns'],
    ['DELETED', 'cilium.io/v2', 'deny-all'],
  ]);
  const removed = await apiError(KubernetesObjectApi.makeApiClient(client(server)).list('cilium.io/v2', 'CiliumNetworkPolicy', 'shop'));
  assert.equal(removed.code, 404);
});

test('a watch from a resourceVersion replays the changes after it, then follows new ones, in order', async (t) => {
  const server = await serve(t);
  server.create(pod('shop', 'before'));
  const kc = client(server);
  const from = (await kc.makeApiClient(CoreV1Api).listPodForAllNamespaces()).metadata!.resourceVersion!;
  server.create(pod('shop', 'web'));
  server.update(pod('shop', 'web', { app: 'web' }));

  const w = await watch(t, kc, '/api/v1/namespaces/shop/pods', { resourceVersion: from });
  await until('the replayed events', () => w.events.length === 2);
  server.create(pod('elsewhere', 'ignored'));
  server.delete(pod('shop', 'web'));
  await until('the DELETED event', () => w.events.length === 3);

  assert.deepEqual(
    w.events.map((e) => [e.type, e.object.kind, e.object.apiVersion, e.object.metadata!.name, e.object.metadata!.resourceVersion]),
    [
      ['ADDED', 'Pod', 'v1', 'web', '3'],
      ['MODIFIED', 'Pod', 'v1', 'web', '4'],
      ['DELETED', 'Pod', 'v1', 'web', '6'],
    ],
  );
  assert.equal(server.watchCount, 1);
});

test('a watch allowing bookmarks gets BOOKMARK events holding only the resourceVersion', async (t) => {
  const server = await serve(t, { bookmarkIntervalMs: 20 });
  server.create(pod('shop', 'web'));
  const w = await watch(t, client(server), '/api/v1/pods', { resourceVersion: server.resourceVersion, allowWatchBookmarks: true });
  await until('a bookmark', () => w.events.some((e) => e.type === 'BOOKMARK'));
  assert.deepEqual(w.events.find((e) => e.type === 'BOOKMARK')!.object, { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '2' } });
});

test('a watch ends cleanly after its timeoutSeconds', async (t) => {
  const server = await serve(t);
  const started = Date.now();
  const w = await watch(t, client(server), '/api/v1/pods', { timeoutSeconds: '1' });
  assert.equal(await w.done, null);
  assert.ok(Date.now() - started >= 900, `ended after ${Date.now() - started} ms`);
  await until('the server to forget the watch', () => server.watchCount === 0);
});

test('after compact(), a watch from an older resourceVersion gets one ERROR event with 410 Expired, then ends', async (t) => {
  const server = await serve(t);
  server.create(pod('shop', 'a'));
  const old = server.resourceVersion;
  server.create(pod('shop', 'b'));
  server.compact();

  const w = await watch(t, client(server), '/api/v1/pods', { resourceVersion: old });
  assert.equal(await w.done, null);
  assert.deepEqual(w.events, [
    {
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 2 (3)', reason: 'Expired', code: 410 },
    },
  ]);
});

test('after compact(), continuing a list from an older page gets 410 Expired, with a token that continues at the latest state', async (t) => {
  const server = await serve(t);
  for (const name of ['a', 'b', 'c']) server.create(pod('shop', name));
  const api = client(server).makeApiClient(CoreV1Api);
  const first = await api.listPodForAllNamespaces({ limit: 1 });
  server.create(pod('shop', 'd'));
  server.compact();

  const gone = await apiError(api.listPodForAllNamespaces({ limit: 1, _continue: first.metadata!._continue! }));
  assert.equal(gone.code, 410);
  const status = JSON.parse(gone.body as string) as { reason: string; code: number; message: string; metadata: { continue?: string } };
  assert.equal(status.reason, 'Expired');
  assert.match(status.message, /^The provided continue parameter is too old to display a consistent list result\./);
  const rest = await api.listPodForAllNamespaces({ _continue: status.metadata.continue! });
  assert.deepEqual(rest.items.map((p: V1Pod) => p.metadata!.name), ['b', 'c', 'd']);
});

test('a missing or unknown token gets 401, a token without permission 403 worded as kube-apiserver words it', async (t) => {
  const agent = 'system:serviceaccount:palisade:agent';
  const server = await serve(t, {
    tokens: { 'agent-token': agent },
    authorize: (a) => a.verb === 'list' && a.resource === 'pods' && a.namespace === 'palisade',
  });
  server.create(pod('palisade', 'mine'));

  for (const token of [undefined, 'wrong-token']) {
    const denied = await apiError(client(server, token).makeApiClient(CoreV1Api).listPodForAllNamespaces());
    assert.equal(denied.code, 401);
    assert.match(denied.message, /Unauthorized/);
  }
  const raw = await fetch(`${server.url}/api/v1/pods`, { headers: { Authorization: 'Bearer wrong-token' } });
  assert.deepEqual(await raw.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });

  const api = client(server, 'agent-token').makeApiClient(CoreV1Api);
  const clusterWide = await apiError(api.listPodForAllNamespaces());
  assert.equal(clusterWide.code, 403);
  assert.deepEqual(JSON.parse(clusterWide.body as string), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `pods is forbidden: User "${agent}" cannot list resource "pods" in API group "" at the cluster scope`,
    reason: 'Forbidden',
    details: { kind: 'pods' },
    code: 403,
  });
  const policies = await apiError(client(server, 'agent-token').makeApiClient(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace: 'shop' }));
  assert.equal(
    (JSON.parse(policies.body as string) as { message: string }).message,
    `networkpolicies.networking.k8s.io is forbidden: User "${agent}" cannot list resource "networkpolicies" in API group "networking.k8s.io" in the namespace "shop"`,
  );
  assert.deepEqual((await api.listNamespacedPod({ namespace: 'palisade' })).items.map((p) => p.metadata!.name), ['mine']);

  // The client's Watch surfaces only the status line of a refused watch.
  const fromFile = new KubeConfig();
  fromFile.loadFromFile(server.writeKubeconfig({ token: 'agent-token' }));
  const refused = await watch(t, fromFile, '/api/v1/namespaces/palisade/pods', {});
  const err = (await refused.done) as Error & { statusCode?: number };
  assert.equal(err.statusCode, 403);
  assert.equal(err.message, 'Forbidden');
});

test('dropWatches() cuts open watches: the client’s done callback runs', async (t) => {
  const server = await serve(t);
  const w = await watch(t, client(server), '/api/v1/pods', {});
  await until('the watch to open', () => server.watchCount === 1);
  server.dropWatches();
  const err = await w.done;
  assert.ok(err instanceof Error, `the client reports the cut connection as an error, got ${String(err)}`);
  await until('the server to forget the watch', () => server.watchCount === 0);
});

test('the client’s informer lists, watches, and resumes from its last resourceVersion after dropWatches()', async (t) => {
  const server = await serve(t);
  server.create(pod('shop', 'a'));
  const kc = client(server);
  const api = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
  const seen: string[] = [];
  informer.on('add', (p) => seen.push(`add ${p.metadata!.name}`));
  informer.on('delete', (p) => seen.push(`delete ${p.metadata!.name}`));
  // An informer stops at a watch error; restarting it is the caller's job, until the test ends.
  let running = true;
  informer.on('error', () => setTimeout(() => running && void informer.start(), 10));
  t.after(() => {
    running = false;
    return informer.stop();
  });
  await informer.start();
  server.create(pod('shop', 'b'));
  await until('b', () => seen.length === 2);

  server.dropWatches();
  await until('the watch to be resumed', () => server.requests.filter((r) => r.query['watch'] === 'true').length === 2);
  server.delete(pod('shop', 'a'));
  await until('the delete', () => seen.length === 3);

  assert.deepEqual(seen, ['add a', 'add b', 'delete a']);
  assert.deepEqual(informer.list().map((p) => p.metadata!.name), ['b']);
  assert.deepEqual(
    server.requests.filter((r) => r.path === '/api/v1/pods').map((r) => r.query['resourceVersion'] ?? 'list'),
    ['list', '2', '3'],
  );
});

test('stallLists() holds list requests after the given pages until released', async (t) => {
  const server = await serve(t);
  for (const name of ['a', 'b', 'c']) server.create(pod('shop', name));
  const api = client(server).makeApiClient(CoreV1Api);
  const release = server.stallLists(1);

  const first = await api.listPodForAllNamespaces({ limit: 2 });
  let answered = false;
  const second = api.listPodForAllNamespaces({ limit: 2, _continue: first.metadata!._continue! }).then((page) => ((answered = true), page));
  await until('the second request to arrive', () => server.requests.length === 2);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(answered, false);

  release();
  assert.deepEqual((await second).items.map((p) => p.metadata!.name), ['c']);
});

test('restart() keeps the objects and goes on counting resourceVersions; open watches end', async (t) => {
  const server = await serve(t);
  server.create(pod('shop', 'a'));
  const kc = client(server);
  const w = await watch(t, kc, '/api/v1/pods', { resourceVersion: server.resourceVersion });
  await until('the watch to open', () => server.watchCount === 1);
  const url = server.url;

  await server.stop();
  await assert.rejects(kc.makeApiClient(CoreV1Api).listPodForAllNamespaces());
  await w.done;
  await server.restart();

  assert.equal(server.url, url);
  const api = kc.makeApiClient(CoreV1Api);
  const after = await api.listPodForAllNamespaces();
  assert.deepEqual(after.items.map((p) => p.metadata!.name), ['a']);
  assert.equal(after.metadata!.resourceVersion, '2');
  assert.equal(server.create(pod('shop', 'b')).metadata['resourceVersion'], '3');
});

test('labelSelector filters lists and watches; a watched object that stops matching is reported DELETED', async (t) => {
  const server = await serve(t);
  server.create(pod('shop', 'web', { app: 'web', tier: 'front' }));
  server.create(pod('shop', 'db', { app: 'db' }));
  const kc = client(server);
  const api = kc.makeApiClient(CoreV1Api);
  const names = async (labelSelector: string) => (await api.listPodForAllNamespaces({ labelSelector })).items.map((p) => p.metadata!.name);
  assert.deepEqual(await names('app=web'), ['web']);
  assert.deepEqual(await names('app in (web, db),!tier'), ['db']);
  assert.deepEqual(await names('app!=web'), ['db']);

  const w = await watch(t, kc, '/api/v1/pods', { resourceVersion: server.resourceVersion, labelSelector: 'app=web' });
  server.update(pod('shop', 'web', { app: 'other' }));
  server.update(pod('shop', 'db', { app: 'web' }));
  await until('two events', () => w.events.length === 2);
  assert.deepEqual(w.events.map((e) => [e.type, e.object.metadata!.name]), [['DELETED', 'web'], ['ADDED', 'db']]);
});
