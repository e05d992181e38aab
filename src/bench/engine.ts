/**
 * Issue #3's targets: each cluster size in its own process (so peak memory is
 * its own), plus the whole `palisade check --flows` process on 100,000 flows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCluster, TARGET_SIZE, type ClusterSize } from './generate-cluster.js';
import { median, row, timeMs, verdict } from './measure.js';

const WORKER = fileURLToPath(new URL('./engine-worker.js', import.meta.url));
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export interface Figures {
  loadMs: number;
  compileMs: number;
  endpoints: number;
  identities: number;
  matrixMs: number;
  matrixBytes: number;
  matrixMaterialized: string;
  referencePerCheckUs?: number;
  referenceExtrapolatedS?: number;
  checkMedianUs: number;
  checkP99Us: number;
  checkExplainedMedianUs: number;
  relabelMedianMs: number;
  peakRssMB: number;
}

/** One cluster size in a process of its own; `full` adds the pod-by-pod bits of the truth table and the reference evaluator's sample. */
export function runSize(size: ClusterSize, full: boolean): Figures {
  const counts = [size.pods, size.namespaces, size.policies, size.clusterPolicies ?? 0].map(String);
  const out = execFileSync(process.execPath, [WORKER, ...counts, ...(full ? ['--full'] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as Figures;
}

export function benchEngine(): void {
  console.log('\nengine (targets for 10,000 pods, 500 namespaces, 2,000 policies)');
  const f = runSize(TARGET_SIZE, true);
  // Load and compile again in two more processes of their own: their median is the figure.
  const runs = [f, runSize(TARGET_SIZE, false), runSize(TARGET_SIZE, false)];
  const loadCompile = median(runs.map((r) => r.loadMs + r.compileMs));
  console.log(row('endpoints, identities', `${f.endpoints}`, `${f.identities} identities`));
  console.log(
    row(
      'load + validate + compile, median of 3 processes',
      `${loadCompile.toFixed(0)} ms`,
      `${verdict(loadCompile, 1500)} (<= 1500 ms); issue #9: ${verdict(loadCompile, 800)} (<= 800 ms); load ${median(runs.map((r) => r.loadMs)).toFixed(0)}, compile ${median(runs.map((r) => r.compileMs)).toFixed(0)}`,
    ),
  );
  console.log(row('every pod-by-pod verdict on 3 ports (bit matrix)', `${f.matrixMs.toFixed(0)} ms`, `${verdict(f.matrixMs, 3000)} (<= 3000 ms); ${(f.matrixBytes / 1e6).toFixed(1)} MB of answer bits`));
  if (f.referenceExtrapolatedS !== undefined) {
    const ratio = (f.referenceExtrapolatedS * 1000) / f.matrixMs;
    console.log(
      row(
        'reference evaluator, same verdicts (extrapolated)',
        `${f.referenceExtrapolatedS.toFixed(0)} s`,
        `${f.referencePerCheckUs!.toFixed(0)} us per check measured on 300 samples; engine is ${ratio.toExponential(1)}x faster (${verdict(1000, ratio)} >= 1000x)`,
      ),
    );
  }
  console.log(row('one check query after compiling, median', `${f.checkMedianUs.toFixed(1)} us`, `${verdict(f.checkMedianUs, 10)} (<= 10 us); p99 ${f.checkP99Us.toFixed(1)} us`));
  console.log(row('  the same, reading every denial reason too', `${f.checkExplainedMedianUs.toFixed(1)} us`, 'reasons are worded when first read'));
  console.log(row('relabel one pod + re-derive its verdicts', `${f.relabelMedianMs.toFixed(2)} ms`, `${verdict(f.relabelMedianMs, 5)} (<= 5 ms); median of 20, every identity x 3 ports x both directions`));
  console.log(row('peak memory (process RSS)', `${f.peakRssMB.toFixed(0)} MB`, `${verdict(f.peakRssMB, 400)} (<= 400 MB)`));

  for (const output of ['json', 'jsonl'] as const) {
    const flows = benchFlows(output);
    console.log(row(`check --flows -o ${output} on 100,000 flows, whole process`, `${flows.toFixed(0)} ms`, `${verdict(flows, 1500)} (<= 1500 ms), median of 3`));
  }

  console.log('\nengine at 50,000 pods, 2,500 namespaces, 10,000 policies');
  const bigRuns = [1, 2, 3].map(() => runSize({ pods: 50_000, namespaces: 2_500, policies: 10_000 }, false));
  const big = bigRuns[0]!;
  const bigLoadCompile = median(bigRuns.map((r) => r.loadMs + r.compileMs));
  console.log(row('load + validate + compile, median of 3 processes', `${bigLoadCompile.toFixed(0)} ms`, `issue #9: ${verdict(bigLoadCompile, 5000)} (<= 5000 ms); ${big.identities} identities`));
  console.log(row('every verdict on 3 ports (identity level)', `${big.matrixMs.toFixed(0)} ms`, 'completes'));
  console.log(row('one check query, median', `${big.checkMedianUs.toFixed(1)} us`, ''));
  console.log(row('relabel one pod + re-derive its verdicts', `${big.relabelMedianMs.toFixed(2)} ms`, ''));
  console.log(row('peak memory (process RSS)', `${big.peakRssMB.toFixed(0)} MB`, `${verdict(big.peakRssMB, 2048)} (<= 2 GB)`));
}

function benchFlows(output: 'json' | 'jsonl'): number {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-flows-'));
  try {
    const cluster = join(dir, 'cluster.yaml');
    const text = generateCluster(TARGET_SIZE);
    writeFileSync(cluster, text);
    const pods = [...text.matchAll(/^kind: Pod\nmetadata:\n {2}name: ([^\n]+)\n {2}namespace: ([^\n]+)$/gm)].map((m) => `${m[2]}/${m[1]}`);
    const ports = [8080, 5432, 9090, 6379];
    const flows = Array.from({ length: 100_000 }, (_, i) => ({
      from: pods[(i * 7919) % pods.length],
      to: pods[(i * 104_729 + 13) % pods.length],
      port: ports[i % ports.length],
      protocol: 'TCP',
    }));
    const flowsFile = join(dir, 'flows.json');
    writeFileSync(flowsFile, JSON.stringify(flows));
    const times = [1, 2, 3].map(() =>
      timeMs(() => {
        const r = spawnSync(process.execPath, [CLI, 'check', '-f', cluster, '--flows', flowsFile, '-o', output], { stdio: ['ignore', 'ignore', 'pipe'] });
        if (r.status === 2) throw new Error(`palisade check --flows failed: ${r.stderr}`);
      }),
    );
    return median(times);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
