/**
 * Issue #2's speed target: reading and validating a 5 MB manifest set
 * (10,000 pods, 2,000 policies) in at most 1 s, positions included.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsyaml from 'js-yaml';
import { loadManifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { generateCluster, TARGET_SIZE } from './generate-cluster.js';
import { median, medianOf, row, timeMs, verdict } from './measure.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const opts = { kubernetesVersion: LATEST_KUBERNETES_VERSION };

export function benchReadValidate(): void {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-bench-'));
  try {
    const text = generateCluster(TARGET_SIZE);
    const clean = join(dir, 'cluster.yaml');
    writeFileSync(clean, text);
    // The same set with a typo in every policy: 2,000 warnings, each located in the text.
    const typos = join(dir, 'typos.yaml');
    writeFileSync(typos, text.replace(/^ {2}podSelector:/gm, '  podselector: {}\n  podSelector:'));

    const run = (file: string) => validateManifests(loadManifests([file]), opts);
    const first = timeMs(() => run(clean));
    const report = run(clean);
    const m = loadManifests([clean]);
    const warm = medianOf(5, () => run(clean));
    const located = medianOf(5, () => run(typos));
    const warnings = run(typos).diagnostics.filter((d) => d.type === 'UnknownField' && d.line !== undefined).length;
    const cli = median(
      [1, 2, 3].map(() =>
        timeMs(() => {
          const r = spawnSync(process.execPath, [CLI, 'validate', '-f', clean, '-o', 'json'], { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`palisade validate failed: ${r.stderr}`);
        }),
      ),
    );

    console.log('read + validate (target: 5 MB, 10,000 pods, 2,000 policies in <= 1000 ms)');
    console.log(
      row('input', `${(text.length / 1e6).toFixed(1)} MB`, `${m.pods.length} pods, ${m.policies.length} policies, ${m.namespaces.length} namespaces, ${report.diagnostics.length} diagnostics`),
    );
    console.log(row('in process, first run (cold)', `${first.toFixed(0)} ms`, verdict(first, 1000)));
    console.log(row('in process, median of 5 warm runs', `${warm.toFixed(0)} ms`, verdict(warm, 1000)));
    console.log(row('`palisade validate -o json` process, median of 3', `${cli.toFixed(0)} ms`, `${verdict(cli, 1000)}; issue #9: ${verdict(cli, 800)} (<= 800 ms)`));
    console.log(
      row(`with ${warnings} located warnings, median of 5`, `${located.toFixed(0)} ms`, `${(located / warm).toFixed(2)}x the clean run (cost of positions)`),
    );

    // A `kubectl get ... -o json` dump: one List document, every error located inside it (issue #9: <= 600 ms both).
    // The documents themselves, as the API returns objects.
    const list = jsyaml.loadAll(text) as Record<string, unknown>[];
    for (const [label, items] of [
      ['all valid', list],
      ['85 invalid', withInvalidPolicies(list, 85)],
    ] as const) {
      const file = join(dir, 'list.json');
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      const t = median(
        [1, 2, 3, 4, 5].map(() =>
          timeMs(() => {
            const r = spawnSync(process.execPath, [CLI, 'validate', '-f', file, '-o', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
            if (r.status === 2) throw new Error(`palisade validate failed: ${r.stderr}`);
          }),
        ),
      );
      console.log(row(`validate process, one JSON List, ${label}, median of 5`, `${t.toFixed(0)} ms`, `${verdict(t, 600)} (<= 600 ms), ${(statSync(file).size / 1e6).toFixed(1)} MB`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withInvalidPolicies(items: Record<string, unknown>[], count: number): Record<string, unknown>[] {
  let left = count;
  return items.map((o) => (o['kind'] === 'NetworkPolicy' && left-- > 0 ? { ...o, spec: { ...(o['spec'] as object), policyTypes: ['Ingres'] } } : o));
}
