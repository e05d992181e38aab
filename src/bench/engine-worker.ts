/**
 * One benchmark size in a process of its own, so its peak memory is its own.
 * Prints one JSON object of figures.
 * Usage: engine-worker PODS NAMESPACES POLICIES [CLUSTER_POLICIES] [--full]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { identityVerdictsOf, truthTable } from '../engine/truth-table.js';
import type { PortQuery } from '../engine/types.js';
import { referenceCheck } from '../reference/evaluator.js';
import { loadManifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { generateCluster, prng } from './generate-cluster.js';
import { median, timeMs } from './measure.js';

const [pods, namespaces, policies, clusterPolicies] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number) as [number, number, number, number | undefined];
const full = process.argv.includes('--full');
const PORTS: PortQuery[] = [
  { protocol: 'TCP', port: 8080 },
  { protocol: 'TCP', port: 5432 },
  { protocol: 'UDP', port: 53 },
];

const dir = mkdtempSync(join(tmpdir(), 'palisade-bench-'));
const file = join(dir, 'cluster.yaml');
writeFileSync(file, generateCluster({ namespaces, pods, policies, clusterPolicies }));
const figures: Record<string, number | string> = {};
try {
  let cluster!: ReturnType<typeof clusterOf>;
  figures['loadMs'] = timeMs(() => {
    const m = loadManifests([file]);
    cluster = clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION }));
  });
  let engine!: Engine;
  figures['compileMs'] = timeMs(() => (engine = Engine.compile(cluster)));
  const endpoints = engine.endpoints();
  figures['endpoints'] = endpoints.length;
  figures['identities'] = engine.identities.filter(Boolean).length;

  // Every pod-by-pod verdict on 3 ports, as bits.
  let cells = 0;
  figures['matrixMs'] = timeMs(() => {
    const table = truthTable(engine, endpoints, PORTS);
    if (full) PORTS.forEach((_, k) => (cells += table.bitMatrix(k).words.length * 32));
  });
  figures['matrixBytes'] = (endpoints.length * endpoints.length * PORTS.length) / 8;
  figures['matrixMaterialized'] = full ? 'pod-by-pod bits' : 'identity level only';

  const random = prng(7);
  const pick = () => endpoints[Math.floor(random() * endpoints.length)]!;

  // The literal reference on a sample, extrapolated to every pair and port.
  const samples = full ? 300 : 0;
  if (samples > 0) {
    const perCheck = timeMs(() => {
      for (let i = 0; i < samples; i++) referenceCheck(cluster, pick(), pick(), PORTS[i % 3]!);
    }) / samples;
    figures['referencePerCheckUs'] = perCheck * 1000;
    figures['referenceExtrapolatedS'] = (perCheck * endpoints.length * endpoints.length * PORTS.length) / 1000;
  }

  // Single queries after compilation, each timed on its own.
  const latencies: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const from = pick();
    const to = pick();
    const q = PORTS[i % 3]!;
    const start = process.hrtime.bigint();
    engine.check(from, to, q);
    latencies.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  latencies.sort((a, b) => a - b);
  figures['checkMedianUs'] = median(latencies);
  figures['checkP99Us'] = latencies[Math.floor(latencies.length * 0.99)]!;
  const explained: number[] = [];
  for (let i = 0; i < 5_000; i++) {
    const from = pick();
    const to = pick();
    const start = process.hrtime.bigint();
    const v = engine.check(from, to, PORTS[i % 3]!);
    void v.egress.denials.length;
    void v.ingress.denials.length;
    explained.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  figures['checkExplainedMedianUs'] = median(explained);

  // One pod relabelled, and its row and column of verdicts re-derived.
  const target = endpoints.find((e) => e.kind === 'pod')!;
  const source = cluster.pods.find((p) => `${p.metadata.namespace}/${p.metadata.name}` === target.ref)!;
  const relabel: number[] = [];
  for (let i = 0; i < 21; i++) {
    const labels = { ...source.metadata.labels, app: `app-${i % 3}` };
    const pod = { ...source, metadata: { ...source.metadata, labels } };
    relabel.push(
      timeMs(() => {
        engine.apply({ op: 'upsert', object: pod });
        identityVerdictsOf(engine, engine.resolve(target.ref) as typeof target, PORTS);
      }),
    );
  }
  figures['relabelMedianMs'] = median(relabel.slice(1));
  figures['peakRssMB'] = process.resourceUsage().maxRSS / 1024;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(figures) + '\n');
