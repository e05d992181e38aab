/**
 * The page of `palisade ui` on a 10,000-pod / 2,000-policy cluster, in
 * Chromium: from navigation to interactive (the worker has loaded and the
 * first port is drawn), with the worker's phases; then the editor's check
 * of a policy, from the text's change to its diagnostics and diff shown:
 * a loaded policy put in the editor, then a change typed into it.
 * Prints one JSON object. Usage: node ui-worker.js CHROMIUM
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { generateCluster, TARGET_SIZE } from './generate-cluster.js';
import { median } from './measure.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const RUNS = 3;

const dir = mkdtempSync(join(tmpdir(), 'palisade-ui-bench-'));
const browser = await chromium.launch({ executablePath: process.argv[2]! });
try {
  writeFileSync(join(dir, 'cluster.yaml'), generateCluster(TARGET_SIZE));
  const r = spawnSync(process.execPath, [CLI, 'ui', '-f', join(dir, 'cluster.yaml'), '--export', join(dir, 'page')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const ready: number[] = [];
  const loads: number[] = [];
  const firsts: number[] = [];
  const laters: number[] = [];
  const workers: number[] = [];
  let phases: Record<string, number> = {};
  let checks: Record<string, number> = {};
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(pathToFileURL(join(dir, 'page', 'index.html')).href);
    await page.waitForSelector('body[data-ready]', { timeout: 600_000 });
    ready.push(await page.evaluate(() => performance.now()));
    phases = await page.evaluate(() => (window as unknown as { palisadeTimings: Record<string, number> }).palisadeTimings);
    await page.click('#tab-editor');
    // The editor's first check (of its template) done, the timed ones start from a quiet worker.
    await page.waitForFunction(() => document.getElementById('editor-diff')!.textContent !== 'Checking…', undefined, { timeout: 600_000 });
    /** From `act` to the check's diagnostics and diff shown, in the page's time; with the worker's own timings. */
    const timed = async (act: () => Promise<void>) => {
      const answered = page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const start = performance.now();
            document.getElementById('editor')!.addEventListener('edited', () => resolve(performance.now() - start), { once: true });
          }),
      );
      await act();
      const ms = await answered;
      checks = JSON.parse(await page.evaluate(() => document.getElementById('editor')!.dataset.timings!)) as Record<string, number>;
      return ms;
    };
    // A loaded policy into the editor; then changes typed at its end, each gaining connections: the first after opening, then more.
    loads.push(await timed(() => page.selectOption('#editor-start', '0').then(() => undefined)));
    await page.click('#editor-text .cm-content');
    await page.keyboard.press('Control+End');
    firsts.push(await timed(() => page.keyboard.insertText('  ingress:\n  - from: [{podSelector: {matchLabels: {tier: web}}}]\n')));
    for (const tier of ['api', 'worker', 'db', 'cache']) {
      laters.push(await timed(() => page.keyboard.insertText(`  - from: [{podSelector: {matchLabels: {tier: ${tier}}}}]\n`)));
      workers.push(Object.values(checks).reduce((x, y) => x + y, 0));
    }
    await page.close();
  }
  process.stdout.write(JSON.stringify({ readyMs: median(ready), loadMs: median(loads), firstMs: median(firsts), laterMs: median(laters), workerMs: median(workers), phases, checks }));
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
