/**
 * The live-cluster figures, in a process of its own (it measures its own
 * memory): `palisade check --cluster` against a 10,000-pod and a 50,000-pod
 * cluster served by a test API server (in another process), and the agent
 * fed by the API server: event to node ruleset enforced for pod relabels,
 * and memory over 100,000 events. With `--apply`, the agent applies with nft
 * as `palisade agent` does (the bench runs this process in a network
 * namespace of its own for that); else to nothing (said in the figures).
 * Prints one JSON object. Usage: node --expose-gc live-worker.js [--apply]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { Agent, type RoundReport } from '../agent/agent.js';
import { KubernetesSource } from '../agent/source.js';
import { NftShell } from '../agent/nft-shell.js';
import { RemoteApiServer } from '../lab/remote-api-server.js';
import type { ApiObject } from '../lab/test-api-server.js';
import { ApiClient } from '../sources/live/api-client.js';
import { ClusterWatch } from '../sources/live/cluster-watch.js';
import { loadKubeConfig } from '../sources/live/kube-config.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { generateCluster, TARGET_SIZE, type ClusterSize } from './generate-cluster.js';
import { median } from './measure.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const figures: Record<string, number | string> = {};

/** A test API server process holding a generated cluster; `relabel` flips the tier of the pods of a node in turn, one write each. */
async function serve(size: ClusterSize) {
  const server = await RemoteApiServer.start({ crds: ['policy.networking.k8s.io/v1alpha2/clusternetworkpolicies'] });
  const objects = parseAllDocuments(generateCluster(size)).map((d) => d.toJS() as ApiObject);
  for (let i = 0; i < objects.length; i += 5000) await server.createAll(objects.slice(i, i + 5000));
  const kubeconfig = await server.writeKubeconfig({ context: 'bench' });
  const local = objects.filter((o) => o.kind === 'Pod' && (o['spec'] as { nodeName?: string }).nodeName === 'node-0');
  let flips = 0;
  const relabel = (count: number) => {
    const changed: ApiObject[] = [];
    for (let i = 0; i < count; i++, flips++) {
      const at = flips % local.length;
      const pod = local[at]!;
      const labels = pod.metadata['labels'] as Record<string, string>;
      // Every write changes what selects the pod: its tier flips.
      local[at] = { ...pod, metadata: { ...pod.metadata, labels: { ...labels, tier: labels['tier'] === 'relabelled' ? 'web' : 'relabelled' } } };
      changed.push(local[at]);
    }
    return server.updateAll(changed);
  };
  return { kubeconfig, relabel, stop: () => server.stop() };
}

type Served = Awaited<ReturnType<typeof serve>>;

/** The agent of node-0 (500 of the pods) fed by the server: its first ruleset, relabel latencies, memory over 100,000 events. */
async function agentFigures(big: Served): Promise<void> {
  const inKernel = process.argv.includes('--apply');
  if (!inKernel) figures['applied'] = 'to nothing (not root, or no nft)';
  const nft = new NftShell();
  const apply = inKernel ? (script: string) => nft.apply(script) : () => undefined;
  const client = new ApiClient(loadKubeConfig({ kubeconfig: big.kubeconfig }));
  const watch = new ClusterWatch(client, { log: () => undefined });
  let waiting: ((r: RoundReport) => void) | undefined;
  const agent = new Agent(new KubernetesSource(watch, 'bench', client.target.server), {
    node: 'node-0',
    kubernetesVersion: LATEST_KUBERNETES_VERSION,
    log: () => undefined,
    apply,
    onRound: (r) => {
      if (r.outcome === 'applied' || r.outcome === 'unchanged') waiting?.(r);
    },
  });
  const enforced = () => new Promise<RoundReport>((resolve) => (waiting = resolve));
  const started = performance.now();
  const first = enforced();
  const stop = agent.run();
  await first;
  figures['agentFirstApplyMs'] = performance.now() - started;

  // One relabel at a time: from the write (sent to the server) and from the watch event (as the agent counts) to enforced.
  const fromWrite: number[] = [];
  const fromEvent: number[] = [];
  for (let i = 0; i < 200; i++) {
    const done = enforced();
    const sent = performance.now();
    await big.relabel(1);
    const round = await done;
    fromWrite.push(performance.now() - sent);
    fromEvent.push(round.eventToEnforcedMs ?? NaN);
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  figures['relabelP50Ms'] = pct(fromEvent, 50);
  figures['relabelP99Ms'] = pct(fromEvent, 99);
  figures['relabelFromWriteP50Ms'] = pct(fromWrite, 50);
  figures['relabelFromWriteP99Ms'] = pct(fromWrite, 99);

  // Memory over 100,000 events: the first 10,000 warm up, then the heap (after GC) and RSS are compared after 90,000 more.
  const memory = () => {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
  };
  const flood = async (events: number) => {
    for (let sent = 0; sent < events; sent += 1000) {
      await big.relabel(1000);
      await new Promise((r) => setTimeout(r, 20));
    }
    while (watch.stats.events < target) await new Promise((r) => setTimeout(r, 20));
    // Let the last rounds finish before memory is read.
    await new Promise((r) => setTimeout(r, 500));
  };
  let target = watch.stats.events + 10_000;
  await flood(10_000);
  const warm = memory();
  target += 90_000;
  await flood(90_000);
  const end = memory();
  figures['heapAfter10kEventsMiB'] = warm.heap;
  figures['heapAfter100kEventsMiB'] = end.heap;
  figures['rssAfter10kEventsMiB'] = warm.rss;
  figures['rssAfter100kEventsMiB'] = end.rss;
  figures['events'] = watch.stats.events;
  stop();
  nft.close();
}

/** Wall-clock milliseconds of `palisade check --cluster`, its exit status checked. */
function checkMs(kubeconfig: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'check', '--cluster', '--kubeconfig', kubeconfig, 'ns-0/app-0-0', 'ns-1/app-0-1', '8080'], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`check --cluster failed (${r.status}): ${r.stderr}`);
  return performance.now() - started;
}

const big = await serve(TARGET_SIZE);
try {
  figures['check10kMs'] = median([checkMs(big.kubeconfig), checkMs(big.kubeconfig), checkMs(big.kubeconfig)]);

  await agentFigures(big);
} finally {
  await big.stop();
}

const huge = await serve({ namespaces: 2_500, pods: 50_000, policies: 10_000 });
try {
  figures['check50kMs'] = checkMs(huge.kubeconfig);
} finally {
  await huge.stop();
}
console.log(JSON.stringify(figures));
