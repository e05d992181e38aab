/**
 * `palisade ui` in a real browser (Chromium, found on PATH): the exported
 * page from file:// and the served page show the truth table `palisade
 * matrix` prints and the verdicts `palisade check` prints, answer the
 * keyboard, and send no request anywhere else.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MapView } from './views/map.js';
import { generateCluster } from '../bench/generate-cluster.js';
import { CLI, ROOT, palisade } from '../cli/run-cli.test.helper.js';

/** What the page puts on window for the tests. */
interface MapWindow {
  palisadeMap: MapView;
}

const chromiumPath = ['chromium', 'chromium-browser'].flatMap((name) => (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name))).find((p) => existsSync(p));
const skip = chromiumPath ? false : 'no chromium or chromium-browser on PATH (Debian: apt-get install chromium)';

interface MatrixJson {
  ports: string[];
  rows: { name: string }[];
  allowed: Record<string, string[]>;
}

describe('palisade ui', { skip }, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'palisade-ui-'));
  let server: ChildProcess | undefined;

  before(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath! });
  });
  after(async () => {
    server?.kill();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A page that records every request it makes, opened at `url` and ready (the worker has answered). */
  async function open(url: string): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('body[data-ready]', { timeout: 20_000 }).catch((e: Error) => assert.fail(`${e.message}; page errors: ${errors.join('; ')}`));
    return { page, requests };
  }

  function exported(example: string): string {
    const out = join(dir, example);
    const r = palisade(['ui', '-f', `examples/${example}`, '--export', out]);
    assert.equal(r.code, 0, r.stderr);
    return pathToFileURL(join(out, 'index.html')).href;
  }

  /** Per port shown, each row's cells as `palisade matrix -o json` writes them. */
  async function shownMatrix(page: Page): Promise<{ rows: string[]; allowed: Record<string, string[]> }> {
    await page.click('#tab-matrix');
    const ports = await page.locator('#port option').allTextContents();
    const allowed: Record<string, string[]> = {};
    for (const [k, port] of ports.entries()) {
      await page.selectOption('#port', String(k));
      allowed[port] = await page.locator('#matrix tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('button.cell')).map((c) => (c.classList.contains('allowed') ? '1' : '0')).join('')));
    }
    const rows = await page.locator('#matrix tbody th[scope=row] button').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).title));
    return { rows, allowed };
  }

  async function assertSameAsCli(page: Page, example: string): Promise<void> {
    const cli = JSON.parse(palisade(['matrix', '-f', `examples/${example}`, '-o', 'json', '--group-by', 'pod']).stdout) as MatrixJson;
    const shown = await shownMatrix(page);
    assert.deepEqual(shown.rows, cli.rows.map((r) => r.name));
    assert.deepEqual(shown.allowed, cli.allowed);
  }

  /** Clicks (or presses Enter on) a cell and returns the inspector's text once the worker has answered. */
  async function inspectorAfter(page: Page, act: () => Promise<void>): Promise<string> {
    await page.locator('#inspector').evaluate((e) => (e.textContent = ''));
    await act();
    await page.waitForFunction(() => !['', '…'].includes(document.getElementById('inspector')!.textContent!));
    return (await page.locator('#inspector').textContent())!;
  }

  function onlyLocal(requests: string[], origin?: string): void {
    const foreign = requests.filter((u) => !/^(file|blob|data):/.test(u) && !(origin && u.startsWith(origin)));
    assert.deepEqual(foreign, []);
    assert.ok(requests.some((u) => u.startsWith('blob:')), 'the worker comes from a blob');
  }

  for (const example of ['seed', 'audit-mode']) {
    it(`exported page of examples/${example} from file:// shows the truth table palisade matrix prints`, async () => {
      const { page, requests } = await open(exported(example));
      await assertSameAsCli(page, example);
      onlyLocal(requests);
      await page.close();
    });
  }

  it('a click on a denied cell shows what palisade check prints; Tab reaches a cell and Enter asks', async () => {
    const { page, requests } = await open(exported('seed'));
    await page.click('#tab-matrix');
    const port = await page.locator('#port option:checked').textContent();
    const denied = page.locator('button.cell.denied').first();
    const [from, to] = [await denied.getAttribute('data-from'), await denied.getAttribute('data-to')];
    assert.match((await denied.getAttribute('aria-label'))!, new RegExp(`^${from} → ${to} ${port}: denied$`));
    const check = palisade(['check', '-f', 'examples/seed', from!, to!, port!]);
    assert.equal(check.code, 1);
    assert.equal(await inspectorAfter(page, () => denied.click()), check.stdout.trimEnd());

    await page.focus('#port');
    for (let i = 0; i < 100 && !(await page.evaluate(() => document.activeElement?.classList.contains('cell'))); i++) await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ ...(document.activeElement as HTMLElement).dataset }));
    assert.ok(focused.from && focused.to, 'Tab reaches a cell');
    const expected = palisade(['check', '-f', 'examples/seed', focused.from, focused.to, port!]).stdout.trimEnd();
    assert.equal(await inspectorAfter(page, () => page.keyboard.press('Enter')), expected);
    onlyLocal(requests);
    await page.close();
  });

  it('an endpoint header shows the policies selecting it and palisade reach for the port', async () => {
    const { page } = await open(exported('seed'));
    await page.click('#tab-matrix');
    const header = page.locator('#matrix tbody th[scope=row] button').first();
    const ref = (await header.getAttribute('title'))!;
    const text = await inspectorAfter(page, () => header.click());
    assert.match(text, new RegExp(`^Policies selecting ${ref} for ingress: `));
    assert.match(text, new RegExp(`\nWho can reach ${ref}\n`));
    await page.close();
  });

  it('lists the validation diagnostics as palisade validate words them', async () => {
    const { page } = await open(exported('invalid'));
    const shown = await page.locator('#diagnostics pre').allTextContents();
    assert.ok(shown.length > 0);
    const validate = palisade(['validate', '-f', 'examples/invalid']);
    assert.ok(validate.stdout.startsWith(shown.join('\n') + '\n\n'), `${shown.join('\n')}\n---\n${validate.stdout}`);
    await page.close();
  });

  it('warns of policies of kinds it does not evaluate, in the words the commands warn with', async () => {
    const input = join(dir, 'with-cilium');
    mkdirSync(input, { recursive: true });
    for (const file of ['namespaces.yaml', 'pods.yaml', 'network-policy.yaml']) writeFileSync(join(input, file), readFileSync(join(ROOT, 'examples/seed', file)));
    writeFileSync(join(input, 'cilium.yaml'), 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: lock, namespace: default}\nspec: {endpointSelector: {}}\n');
    const out = join(dir, 'with-cilium-page');
    assert.equal(palisade(['ui', '-f', input, '--export', out]).code, 0);
    const { page } = await open(pathToFileURL(join(out, 'index.html')).href);
    const shown = await page.locator('#ignored-policies pre').textContent();
    const warned = palisade(['matrix', '-f', input]).stderr;
    const words = warned.slice(warned.indexOf('the input holds'), warned.indexOf('\n  (--fail-on-ignored-policies'));
    assert.match(words, /1 CiliumNetworkPolicy .*cilium\.yaml:1 default\/lock/);
    assert.equal(shown, words);
    assert.equal(await exportedWithout(), true, 'no warning without such policies');
    await page.close();
  });

  /** The seed's page shows no ignored-policies warning. */
  async function exportedWithout(): Promise<boolean> {
    const { page } = await open(exported('seed'));
    const hidden = await page.locator('#ignored-policies').isHidden();
    await page.close();
    return hidden;
  }

  it('the map: an edge asks for the verdict palisade check prints; a collapsed namespace expands on click', async () => {
    const { page } = await open(exported('lab-conformance'));
    const ports = await page.locator('#port option').allTextContents();
    // The first port the map draws edges on.
    let port = -1;
    for (const [k] of ports.entries()) {
      await page.selectOption('#port', String(k));
      if ((await page.locator('.edge-list button[data-from]').count()) > 0) {
        port = k;
        break;
      }
    }
    assert.ok(port >= 0, 'some port has an edge between groups');
    const edge = page.locator('.edge-list button[data-from]').first();
    const [from, to] = [(await edge.getAttribute('data-from'))!, (await edge.getAttribute('data-to'))!];
    const check = palisade(['check', '-f', 'examples/lab-conformance', from, to, ports[port]!]);
    assert.equal(check.code, 0, 'a drawn edge is an allowed connection');
    assert.equal(await inspectorAfter(page, () => edge.click()), check.stdout.trimEnd());

    await page.getByRole('button', { name: 'Collapse all' }).click();
    const collapsed = await page.evaluate(() => (window as unknown as MapWindow).palisadeMap.cy.nodes('.collapsed').map((n) => n.id()));
    assert.ok(collapsed.length > 0);
    const target = collapsed[0]!;
    const at = await page.evaluate((id) => {
      const { cy } = (window as unknown as MapWindow).palisadeMap;
      const box = cy.container()!.getBoundingClientRect();
      const p = cy.getElementById(id).renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    }, target);
    await page.mouse.click(at.x, at.y);
    const children = await page.evaluate((id) => (window as unknown as MapWindow).palisadeMap.cy.getElementById(id).children().map((n) => n.id()), target);
    assert.ok(children.length > 0, `${target} shows its groups once clicked`);
    await page.close();
  });

  it('above 40 endpoints the matrix is a heat map of identity groups: hover names the pair as matrix --group-by identity, a click and Enter ask palisade check', async () => {
    const input = join(dir, 'generated.yaml');
    writeFileSync(input, generateCluster({ namespaces: 4, pods: 60, policies: 12 }));
    const out = join(dir, 'generated-page');
    assert.equal(palisade(['ui', '-f', input, '--export', out]).code, 0);
    const { page } = await open(pathToFileURL(join(out, 'index.html')).href);
    await page.click('#tab-matrix');
    const port = (await page.locator('#port option:checked').textContent())!;
    const cli = JSON.parse(palisade(['matrix', '-f', input, '-o', 'json', '--group-by', 'identity']).stdout) as MatrixJson & { rows: { name: string; members: string[] }[] };
    const canvas = page.locator('canvas.heatmap');
    const box = (await canvas.boundingBox())!;
    const n = cli.rows.length;
    const cell = Math.min(16, Math.max(1, Math.floor(720 / n)));
    const pairs = [[0, 1], [n - 1, 0], [2, 2]] as const;
    for (const [i, j] of pairs) {
      await page.mouse.move(box.x + j * cell + cell / 2, box.y + i * cell + cell / 2);
      const verdict = cli.allowed[port]![i]![j] === '1' ? 'allowed' : 'denied';
      assert.equal(await page.locator('#heatmap-hover').textContent(), `${cli.rows[i]!.name} → ${cli.rows[j]!.name} ${port}: ${verdict}`);
      const from = cli.rows[i]!.members[0]!;
      const to = cli.rows[j]!.members.find((m) => m !== from) ?? cli.rows[j]!.members[0]!;
      const expected = palisade(['check', '-f', input, from, to, port]).stdout.trimEnd();
      assert.equal(await inspectorAfter(page, () => page.mouse.click(box.x + j * cell + cell / 2, box.y + i * cell + cell / 2)), expected);
    }
    // The keyboard cursor starts where the last click was: one step right, then Enter.
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    const [i, j] = [2, 3];
    const from = cli.rows[i]!.members[0]!;
    const to = cli.rows[j]!.members.find((m) => m !== from) ?? cli.rows[j]!.members[0]!;
    assert.equal(await inspectorAfter(page, () => page.keyboard.press('Enter')), palisade(['check', '-f', input, from, to, port]).stdout.trimEnd());
    await page.close();
  });

  it('served: 403 without the token, the same page with it', async () => {
    server = spawn(process.execPath, [CLI, 'ui', '-f', 'examples/seed'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.setEncoding('utf8').on('data', (d: string) => {
        const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec((out += d));
        if (found) resolve(found[0]);
      });
      server!.on('exit', (code) => reject(new Error(`palisade ui exited ${code}: ${out}`)));
    });
    const { origin } = new URL(url);
    assert.equal((await fetch(origin)).status, 403);
    assert.equal((await fetch(`${origin}/?token=wrong`)).status, 403);
    assert.equal((await fetch(url)).status, 200);
    const { page, requests } = await open(url);
    await assertSameAsCli(page, 'seed');
    onlyLocal(requests, origin);
    await page.close();
  });
});
