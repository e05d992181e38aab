/** Issue #14's targets for the page of `palisade ui` at 10,000 pods, measured in Chromium (ui-worker.ts). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../ui/chromium-path.js';
import { row, verdict } from './measure.js';

const WORKER = fileURLToPath(new URL('./ui-worker.js', import.meta.url));

export function benchUi(): void {
  console.log('\npalisade ui (10,000 pods, 2,000 policies, in Chromium)');
  const chromium = chromiumPath();
  if (!chromium) {
    console.log('  skipped: no chromium or chromium-browser on PATH (Debian: apt-get install chromium)');
    return;
  }
  const f = JSON.parse(execFileSync(process.execPath, [WORKER, chromium], { encoding: 'utf8' })) as {
    readyMs: number;
    editMs: number;
    typedMs: number;
    workerMs: number;
    phases: Record<string, number>;
  };
  const phases = Object.entries(f.phases).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(row('page interactive (navigation to first port drawn), median of 3', `${f.readyMs.toFixed(0)} ms`, `${verdict(f.readyMs, 3000)} (<= 3000 ms); last run, ms: ${phases}`));
  console.log(row('editor: a loaded policy checked, diagnostics and diff shown, median', `${f.editMs.toFixed(0)} ms`, `${verdict(f.editMs, 200)} (<= 200 ms); 150 ms of it is the typing pause`));
  console.log(
    row('editor: a typed change that gains connections, the same, median', `${f.typedMs.toFixed(0)} ms`, `${verdict(f.typedMs, 200)} (<= 200 ms); the worker's check ${f.workerMs.toFixed(0)} ms of it`),
  );
}
