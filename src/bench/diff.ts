/** Issue #5's target: two 10,000-pod snapshots compared in at most 5 s. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCluster, TARGET_SIZE } from './generate-cluster.js';
import { median, row, timeMs, verdict } from './measure.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export function benchDiff(): void {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-diff-bench-'));
  try {
    const base = generateCluster(TARGET_SIZE);
    // Changes of the kinds a pull request makes: namespaces relabelled, a policy's port changed, a policy gone.
    const head = base
      .replace(/^( {4}team: team-3)$/gm, '    team: team-x')
      .replace('port: 443}', 'port: 8443}')
      .replace(/---\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}name: pol-1\n[\s\S]*?(?=---\n)/, '');
    writeFileSync(join(dir, 'base.yaml'), base);
    writeFileSync(join(dir, 'head.yaml'), head);
    let out = '';
    const times = [1, 2, 3].map(() =>
      timeMs(() => {
        const r = spawnSync(process.execPath, [CLI, 'diff', '--base', join(dir, 'base.yaml'), '--head', join(dir, 'head.yaml'), '-o', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
        if (r.status === 2) throw new Error(r.stderr);
        out = r.stdout;
      }),
    );
    const diff = JSON.parse(out) as { gained: number; lost: number; ports: string[] };
    const t = median(times);
    console.log('\ndiff (two 10,000-pod, 2,000-policy snapshots)');
    console.log(row('whole `palisade diff -o json` process, median of 3', `${t.toFixed(0)} ms`, `${verdict(t, 5000)} (<= 5000 ms); ${diff.gained} gained, ${diff.lost} lost group pairs on ${diff.ports.length} ports`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
