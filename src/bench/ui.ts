/** Issue #14's targets for the page of `palisade ui` at 10,000 pods, measured in Chromium (ui-worker.ts). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../ui/chromium-path.js';
import { TYPING_PAUSE_MS } from '../ui/protocol.js';
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
    loadMs: number;
    firstMs: number;
    laterMs: number;
    workerMs: number;
    phases: Record<string, number>;
    checks: Record<string, number>;
  };
  const text = (timings: Record<string, number>) => Object.entries(timings).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(row('page interactive (navigation to first port drawn), median of 3', `${f.readyMs.toFixed(0)} ms`, `${verdict(f.readyMs, 3000)} (<= 3000 ms); last run, ms: ${text(f.phases)}`));
  // Each edit: from the text's change to its diagnostics and diff shown; the typing pause is part of it.
  const edit = (label: string, ms: number, extra = '') => console.log(row(`editor: ${label}`, `${ms.toFixed(0)} ms`, `${verdict(ms, 200)} (<= 200 ms, a ${TYPING_PAUSE_MS} ms typing pause included)${extra}`));
  edit('a loaded policy put in the editor, median', f.loadMs);
  edit('the first change typed after it (gains connections), median', f.firstMs);
  edit('the changes typed after that, median of 12', f.laterMs, `; the worker's check ${f.workerMs.toFixed(0)} ms of it (last, ms: ${text(f.checks)})`);
}
