/**
 * `npm run screenshots`: the pictures of the page in docs/ (and the README),
 * taken in Chromium from pages `palisade ui` exports, so they show what the
 * page shows today.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { generateCluster } from '../bench/generate-cluster.js';
import { chromiumPath } from './chromium-path.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const executablePath = chromiumPath();
if (!executablePath) throw new Error('no chromium or chromium-browser on PATH (Debian: apt-get install chromium)');

const dir = mkdtempSync(join(tmpdir(), 'palisade-screenshots-'));
const browser = await chromium.launch({ executablePath });

/** The page of `palisade ui ARGS`, open and ready. */
async function open(args: string[]): Promise<Page> {
  const out = mkdtempSync(join(dir, 'page-'));
  const r = spawnSync(process.execPath, [CLI, 'ui', ...args, '--export', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  await page.goto(pathToFileURL(join(out, 'index.html')).href);
  await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ROOT, 'docs', `ui-${name}.png`) });
  process.stdout.write(`wrote docs/ui-${name}.png\n`);
}

try {
  // Map: the conformance example on a port with edges, an edge's verdict in the inspector.
  let page = await open(['-f', 'examples/lab-conformance']);
  for (const port of await page.locator('#port option').allTextContents()) {
    const [k] = await page.selectOption('#port', { label: port });
    await page.waitForSelector(`body[data-drawn="map:${k}"]`);
    if ((await page.locator('.edge-list button[data-from]').count()) > 0) break;
  }
  await page.locator('.edge-list button[data-from]').first().click();
  await page.waitForFunction(() => !['', '…'].includes(document.getElementById('inspector')!.textContent!));
  await shoot(page, 'map');

  // ClusterNetworkPolicy tiers on the map.
  page = await open(['-f', 'examples/cluster-network-policy']);
  await shoot(page, 'map-tiers');

  // Matrix: the seed's table of pods, a denied cell's verdict.
  page = await open(['-f', 'examples/seed']);
  await page.click('#tab-matrix');
  await page.locator('button.cell.denied').first().click();
  await page.waitForFunction(() => !['', '…'].includes(document.getElementById('inspector')!.textContent!));
  await shoot(page, 'matrix');

  // Editor: a mistake underlined, in palisade validate's words.
  await page.click('#tab-editor');
  await page.click('#editor-text .cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(readFileSync(join(ROOT, 'examples/seed/network-policy.yaml'), 'utf8').replace('protocol: TCP', 'protocol: HTTP'));
  await page.waitForSelector('#editor-diagnostics li');
  await shoot(page, 'editor');

  // Heat map: a generated cluster of 600 pods, grouped by identity.
  writeFileSync(join(dir, 'generated.yaml'), generateCluster({ namespaces: 30, pods: 600, policies: 120 }));
  page = await open(['-f', join(dir, 'generated.yaml')]);
  await page.click('#tab-matrix');
  await page.waitForSelector('body[data-drawn="matrix:0"]');
  await shoot(page, 'heatmap');

  // Diff: the seed with its policy's port changed, against the seed.
  const head = join(dir, 'head');
  cpSync(join(ROOT, 'examples/seed'), head, { recursive: true });
  writeFileSync(join(head, 'network-policy.yaml'), readFileSync(join(head, 'network-policy.yaml'), 'utf8').replace('port: 6379', 'port: 6380'));
  page = await open(['-f', head, '--base', 'examples/seed']);
  await page.click('#tab-diff');
  const [port] = await page.selectOption('#port', { label: '6379/TCP' });
  await page.waitForSelector(`body[data-drawn="diff:${port}"]`);
  await shoot(page, 'diff');
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
