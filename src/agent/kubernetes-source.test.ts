/**
 * The agent fed by a live cluster (a test API server speaking the real
 * protocol, through the real client library): the watch keeps an exact copy
 * through adds, relabels, deletes, dropped watches, a 410 relist and a server
 * restart; the agent never applies a ruleset computed from a partial view;
 * the status server answers the probes and Prometheus.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { prng } from '../bench/generate-cluster.js';
import { rulesetText } from '../dataplane/nft-text.js';
import { compileRuleset } from '../dataplane/ruleset.js';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { TestApiServer, type ApiObject } from '../lab/test-api-server.js';
import { ApiClient } from '../sources/live/api-client.js';
import { ClusterWatch } from '../sources/live/cluster-watch.js';
import { loadKubeConfig } from '../sources/live/kube-config.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { Agent, type RoundReport } from './agent.js';
import { AgentMetrics } from './metrics.js';
import { KubernetesSource } from './source.js';
import { startStatusServer } from './status-server.js';

const NAMESPACE: ApiObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const POLICY: ApiObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'db', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] },
};

function pod(name: string, app: string, ip: string, node = 'n1'): ApiObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels: { app } }, spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }] }, status: { phase: 'Running', podIP: ip } };
}

async function withCluster(body: (server: TestApiServer, watch: ClusterWatch, logs: string[]) => Promise<void>, opts: { pageSize?: number } = {}): Promise<void> {
  const server = await TestApiServer.start({ bookmarkIntervalMs: 50 });
  const logs: string[] = [];
  const target = loadKubeConfig({ kubeconfig: server.writeKubeconfig() });
  const watch = new ClusterWatch(new ApiClient(target, 2000), { log: (_l, msg, f) => logs.push(`${msg} ${JSON.stringify(f ?? {})}`), backoffMs: 20, maxBackoffMs: 100, watchSeconds: 30, ...opts });
  try {
    await body(server, watch, logs);
  } finally {
    watch.stop();
    await server.stop();
  }
}

/** Resolves once `condition` holds, checking after every change to the copy (and every 20 ms). */
async function until(watch: ClusterWatch, condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting until ${what}`);
    await new Promise<void>((resolve) => {
      const off = watch.onChange(() => (off(), resolve()));
      setTimeout(() => (off(), resolve()), 20);
    });
  }
}

function podLabels(watch: ClusterWatch): Record<string, string> {
  const snapshot = watch.snapshot();
  const out: Record<string, string> = {};
  for (const o of snapshot?.objects ?? []) {
    if (o.value['kind'] !== 'Pod') continue;
    const m = o.value['metadata'] as { name: string; labels?: Record<string, string> };
    out[m.name] = m.labels?.['app'] ?? '';
  }
  return out;
}

test('the watch keeps an exact copy through adds, relabels, deletes, dropped watches, a 410 relist and a restart', async () => {
  await withCluster(async (server, watch) => {
    for (const o of [NAMESPACE, POLICY, pod('db', 'db', '10.0.0.2'), pod('web', 'web', '10.0.0.3')]) server.create(o);
    assert.equal(watch.snapshot(), undefined, 'nothing before the first list');
    await watch.start();
    await until(watch, () => watch.synced(), 'synced');
    assert.deepEqual(podLabels(watch), { db: 'db', web: 'web' });

    server.create(pod('cache', 'cache', '10.0.0.4'));
    server.update({ ...pod('web', 'frontend', '10.0.0.3') });
    server.delete(pod('db', 'db', '10.0.0.2'));
    await until(watch, () => isDeepStrictEqual(podLabels(watch), { cache: 'cache', web: 'frontend' }), 'add, relabel and delete seen');

    const restarts = watch.stats.watchRestarts;
    server.dropWatches();
    server.create(pod('late', 'late', '10.0.0.5'));
    await until(watch, () => podLabels(watch)['late'] === 'late', 'a change made while the watch was down is seen after it resumes');
    assert.ok(watch.stats.watchRestarts > restarts);

    // History forgotten and the watch dropped: resuming from the old resourceVersion gets 410, so the resource is listed again.
    server.compact();
    server.dropWatches();
    server.delete(pod('late', 'late', '10.0.0.5'));
    server.compact();
    await until(watch, () => watch.stats.relists > 0 && watch.synced() && !('late' in podLabels(watch)), 'relisted after 410');

    await server.restart();
    server.create(pod('after-restart', 'x', '10.0.0.9'));
    await until(watch, () => podLabels(watch)['after-restart'] === 'x', 'a change after a server restart is seen');
    assert.deepEqual(Object.keys(podLabels(watch)).sort(), ['after-restart', 'cache', 'web']);
  });
});

test('the agent applies nothing from a partial view: a list stalled mid-way keeps it waiting', async () => {
  await withCluster(
    async (server, watch) => {
      server.create(NAMESPACE);
      server.create(POLICY);
      for (let i = 0; i < 30; i++) server.create(pod(`p${i}`, i === 0 ? 'db' : 'web', `10.0.1.${i + 1}`));
      const release = server.stallLists(1); // the first page of each list, then nothing
      const applied: string[] = [];
      const rounds: RoundReport[] = [];
      const agent = new Agent(new KubernetesSource(watch, 'palisade-test', server.url), {
        node: 'n1',
        kubernetesVersion: LATEST_KUBERNETES_VERSION,
        log: () => undefined,
        apply: (script) => void applied.push(script),
        onRound: (r) => rounds.push(r),
      });
      const stop = agent.run(10);
      try {
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(applied.length, 0, 'nothing applied while the pods are half listed');
        assert.ok(rounds.length > 0 && rounds.every((r) => r.outcome === 'waiting'), JSON.stringify(rounds.map((r) => r.outcome)));
        release();
        await until(watch, () => applied.length > 0, 'applied once the lists complete');
        // All 29 web pods (10.0.1.2 to 10.0.1.30) may reach db: the one ruleset applied saw every pod.
        const elements = /elements = \{ (10\.0\.1\.[^}]*)\}/.exec(applied[0]!)?.[1]?.replace(/\s+/g, ' ');
        assert.equal(elements, '10.0.1.2/31, 10.0.1.4/30, 10.0.1.8/29, 10.0.1.16/29, 10.0.1.24/30, 10.0.1.28/31, 10.0.1.30 ');
        assert.equal(applied.length, 1);
        assert.equal(rounds.at(-1)!.outcome, 'applied');
      } finally {
        stop();
        release();
      }
    },
    { pageSize: 10 },
  );
});

test('the agent follows changes made through the API, incrementally, and reports them in /metrics and /readyz', async () => {
  await withCluster(async (server, watch) => {
    for (const o of [NAMESPACE, POLICY, pod('db', 'db', '10.0.0.2'), pod('web', 'web', '10.0.0.3', 'n2')]) server.create(o);
    const applied: string[] = [];
    const metrics = new AgentMetrics(watch);
    let ready = false;
    const agent = new Agent(new KubernetesSource(watch, 'palisade-test', server.url), {
      node: 'n1',
      kubernetesVersion: LATEST_KUBERNETES_VERSION,
      log: () => undefined,
      apply: (script) => void applied.push(script),
      onRound: (r) => {
        metrics.round(r);
        ready ||= r.outcome === 'applied';
      },
    });
    const status = await startStatusServer('127.0.0.1:0', metrics, () => ready);
    const get = async (path: string) => {
      const res = await fetch(`http://${status.address}${path}`);
      return { status: res.status, text: await res.text() };
    };
    const stop = agent.run(10);
    try {
      assert.equal((await get('/healthz')).status, 200);
      await until(watch, () => ready, 'first ruleset applied');
      assert.equal((await get('/readyz')).status, 200);
      assert.match(applied[0]!, /10\.0\.0\.3/, 'web may reach db');

      server.update(pod('web', 'intruder', '10.0.0.3', 'n2'));
      await until(watch, () => applied.length === 2, 'relabel applied');
      assert.match(applied[1]!, /changes only/, 'only the changes, not the whole table');
      assert.match(applied[1]!, /chain in_\w+ \{\n\t\tcounter name ip daddr map @default_deny_ingress4\n\t\tcounter name ip6 daddr map @default_deny_ingress6\n\t\tdrop\n/, 'db now admits nobody');
      assert.doesNotMatch(applied[1]!, /10\.0\.0\.3/);

      const text = (await get('/metrics')).text;
      assert.match(text, /^palisade_agent_objects\{kind="Pod"\} 2$/m);
      assert.match(text, /^palisade_agent_synced 1$/m);
      assert.match(text, /^palisade_agent_rounds_total\{outcome="applied"\} 2$/m);
      assert.match(text, /^palisade_agent_applies_total\{how="changes"\} 1$/m);
      assert.match(text, /^palisade_agent_event_to_enforced_seconds_count [1-9]/m);
      assert.match(text, /^palisade_agent_ruleset_rules [1-9]\d*$/m);
      assert.match(text, /^palisade_agent_watch_events_total [1-9]/m);
      assert.match(text, /^palisade_agent_last_apply_timestamp_seconds \d/m);
      assert.equal((await get('/nothing')).status, 404);
    } finally {
      stop();
      await status.close();
    }
  });
});

test('/readyz is 503 until a ruleset is enforced', async () => {
  const metrics = new AgentMetrics();
  const status = await startStatusServer('127.0.0.1:0', metrics, () => false);
  try {
    const res = await fetch(`http://${status.address}/readyz`);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /not ready/);
  } finally {
    await status.close();
  }
});

test('after random changes through the API, the ruleset the agent built object by object equals one compiled afresh from the whole state', async () => {
  await withCluster(async (server, watch) => {
    const random = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const apps = ['db', 'web', 'cache', 'batch'];
    const namespaces = ['shop', 'team-a', 'team-b'];
    for (const name of namespaces) server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { tier: pick(['front', 'back']) } } });
    const podAt = (i: number): ApiObject => ({ ...pod(`p${i}`, pick(apps), `10.0.2.${i + 1}`, pick(['n1', 'n2'])), metadata: { name: `p${i}`, namespace: pick(namespaces), labels: { app: pick(apps) } } });
    const policyAt = (i: number): ApiObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np${i}`, namespace: pick(namespaces) },
      spec: {
        podSelector: { matchLabels: { app: pick(apps) } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: pick(['front', 'back']) } }, podSelector: { matchLabels: { app: pick(apps) } } }], ports: [{ port: pick([80, 443, 5432]) }] }],
      },
    });
    const pods = new Map<number, ApiObject>();
    const policies = new Map<number, ApiObject>();
    for (let i = 0; i < 12; i++) pods.set(i, server.create(podAt(i)));
    for (let i = 0; i < 4; i++) policies.set(i, server.create(policyAt(i)));

    const rulesets: RoundReport[] = [];
    const agent = new Agent(new KubernetesSource(watch, 'palisade-test', server.url), {
      node: 'n1',
      kubernetesVersion: LATEST_KUBERNETES_VERSION,
      log: () => undefined,
      apply: () => undefined,
      onRound: (r) => rulesets.push(r),
    });
    const stop = agent.run();
    try {
      await until(watch, () => rulesets.some((r) => r.outcome === 'applied'), 'the first ruleset');
      for (let step = 0; step < 60; step++) {
        const which = random();
        const i = Math.floor(random() * 16);
        // Pods and policies come and go (each keeps its namespace: moving one is a delete and a create), and namespaces are relabelled.
        if (which < 0.45) {
          const old = pods.get(i);
          if (old && random() < 0.3) {
            server.delete(old);
            pods.delete(i);
          } else {
            const next = podAt(i);
            pods.set(i, old ? server.update({ ...next, metadata: { ...next.metadata, namespace: old.metadata.namespace } }) : server.create(next));
          }
        } else if (which < 0.8) {
          const old = policies.get(i % 6);
          if (old && random() < 0.3) {
            server.delete(old);
            policies.delete(i % 6);
          } else {
            const next = policyAt(i % 6);
            policies.set(i % 6, old ? server.update({ ...next, metadata: { ...next.metadata, namespace: old.metadata.namespace } }) : server.create(next));
          }
        } else {
          server.update({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: pick(namespaces), labels: { tier: pick(['front', 'back']) } } });
        }
        if (step % 5 === 4) await new Promise((r) => setTimeout(r, 5)); // some rounds take one change, some several
      }
      await until(watch, () => watch.stats.events >= 60, 'every event seen');
      await new Promise((r) => setTimeout(r, 200));
      const manifests = new KubernetesSource(watch, 'palisade-test', server.url).load()!;
      const fresh = rulesetText(compileRuleset(Engine.compile(clusterOf(manifests, validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION }))), 'n1'));
      assert.ok(rulesets.filter((r) => r.outcome === 'applied').length > 3, 'several rounds applied changes');
      assert.equal(rulesetText(rulesets.at(-1)!.ruleset!), fresh);
    } finally {
      stop();
    }
  });
});
