/**
 * `palisade ui` in a real browser (Chromium, found on PATH): the exported
 * page from file:// and the served page show the truth table `palisade
 * matrix` prints and the verdicts `palisade check` prints, answer the
 * keyboard, and send no request anywhere else.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from './chromium-path.js';
import type { MapView } from './views/map.js';
import { generateCluster } from '../bench/generate-cluster.js';
import { CLI, ROOT, palisade } from '../cli/run-cli.test.helper.js';

/** What the page puts on window for the tests. */
interface MapWindow {
  palisadeMap: MapView;
}

const chromium = chromiumPath();
const skip = chromium ? false : 'no chromium or chromium-browser on PATH (Debian: apt-get install chromium)';

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
    browser = await playwright.launch({ executablePath: chromium! });
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

  it('the map: an edge asks for the verdict palisade check prints; a collapsed namespace expands on click, a group opens to its pods', async () => {
    const { page } = await open(exported('lab-conformance'));
    const ports = await page.locator('#port option').allTextContents();
    // The first port the map draws edges on.
    let port = -1;
    for (const [k] of ports.entries()) {
      await page.selectOption('#port', String(k));
      await page.waitForSelector(`body[data-drawn="map:${k}"]`);
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
    // A node's centre; an open node's just inside its top border, off its children.
    const clickNode = async (id: string) => {
      const at = await page.evaluate((id) => {
        const { cy } = (window as unknown as MapWindow).palisadeMap;
        const box = cy.container()!.getBoundingClientRect();
        const node = cy.getElementById(id);
        const p = node.renderedPosition();
        return { x: box.left + p.x, y: box.top + (node.isParent() ? node.renderedBoundingBox({ includeLabels: false }).y1 + 3 : p.y) };
      }, id);
      await page.mouse.click(at.x, at.y);
    };
    const childrenOf = (id: string) => page.evaluate((id) => (window as unknown as MapWindow).palisadeMap.cy.getElementById(id).children().map((n) => ({ id: n.id(), label: n.data('label') as string })), id);
    await clickNode(target);
    const groups = await childrenOf(target);
    assert.ok(groups.length > 0, `${target} shows its groups once clicked`);

    // A group opens to show its pods, each of which the inspector describes.
    const group = groups[0]!;
    await clickNode(group.id);
    const pods = (await childrenOf(group.id)).map((p) => `${target.slice('ns:'.length)}/${p.label}`);
    const rows = (JSON.parse(palisade(['matrix', '-f', 'examples/lab-conformance', '-o', 'json', '--group-by', 'identity']).stdout) as { rows: { members: string[] }[] }).rows;
    assert.ok(
      rows.some((r) => r.members.join() === pods.join()),
      `${group.id} shows the pods of one identity group of palisade matrix once clicked: ${pods.join(', ')}`,
    );
    const firstPod = (await childrenOf(group.id))[0]!.id;
    const text = await inspectorAfter(page, () => clickNode(firstPod));
    assert.match(text, new RegExp(`^Policies selecting ${pods[0]} for ingress: `));
    await clickNode(group.id);
    assert.deepEqual(await childrenOf(group.id), [], 'and closes on a second click');
    await page.close();
  });

  it('above 40 endpoints the matrix is a heat map of identity groups: hover names the pair as matrix --group-by identity, a click and Enter ask palisade check', async () => {
    const input = join(dir, 'generated.yaml');
    writeFileSync(input, generateCluster({ namespaces: 4, pods: 60, policies: 12 }));
    const out = join(dir, 'generated-page');
    assert.equal(palisade(['ui', '-f', input, '--export', out]).code, 0);
    const { page } = await open(pathToFileURL(join(out, 'index.html')).href);
    await page.click('#tab-matrix');
    await page.waitForSelector('body[data-drawn="matrix:0"]');
    const port = (await page.locator('#port option:checked').textContent())!;
    const cli = JSON.parse(palisade(['matrix', '-f', input, '-o', 'json', '--group-by', 'identity']).stdout) as MatrixJson & { rows: { name: string; members: string[] }[] };
    const canvas = page.locator('canvas.heatmap');
    const box = (await canvas.boundingBox())!;
    const n = cli.rows.length;
    const cell = Math.min(16, Math.max(1, Math.floor(720 / n)));
    // What `palisade check` prints for a cell: its row's first pod to its column's first other pod, as matrix decides a group's cell.
    const checked = (i: number, j: number) => {
      const from = cli.rows[i]!.members[0]!;
      const to = cli.rows[j]!.members.find((m) => m !== from) ?? cli.rows[j]!.members[0]!;
      return palisade(['check', '-f', input, from, to, port]).stdout.trimEnd();
    };
    const pairs = [[0, 1], [n - 1, 0], [2, 2]] as const;
    for (const [i, j] of pairs) {
      await page.mouse.move(box.x + j * cell + cell / 2, box.y + i * cell + cell / 2);
      const verdict = cli.allowed[port]![i]![j] === '1' ? 'allowed' : 'denied';
      assert.equal(await page.locator('#heatmap-hover').textContent(), `${cli.rows[i]!.name} → ${cli.rows[j]!.name} ${port}: ${verdict}`);
      assert.equal(await inspectorAfter(page, () => page.mouse.click(box.x + j * cell + cell / 2, box.y + i * cell + cell / 2)), checked(i, j));
    }
    // The keyboard cursor starts where the last click was: one step right, then Enter.
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await inspectorAfter(page, () => page.keyboard.press('Enter')), checked(2, 3));
    await page.close();
  });

  /** Polls `read` until it gives `expected` (the worker answers a while after the typing), then asserts on the last value read. */
  async function eventually<T>(read: () => Promise<T>, expected: T, what: string): Promise<void> {
    let last = await read();
    for (let i = 0; i < 100 && !isDeepStrictEqual(last, expected); i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = await read();
    }
    assert.deepEqual(last, expected, what);
  }

  /** The editor's text, from its lines (a small text has every line drawn). */
  const editorText = (page: Page) => page.locator('#editor-text .cm-line').evaluateAll((lines) => lines.map((l) => l.textContent).join('\n'));
  const editorDiagnostics = (page: Page) => page.locator('#editor-diagnostics li').allTextContents();

  /** Replaces the editor's text as one input, as a paste does (typing would auto-indent). */
  async function paste(page: Page, text: string): Promise<void> {
    await page.click('#editor-text .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  /** The page's last diff of the editor's text, as the section's `edited` event gave it. */
  async function recordDiffs(page: Page): Promise<() => Promise<unknown>> {
    await page.evaluate(() => document.getElementById('editor')!.addEventListener('edited', (e) => ((window as unknown as { lastDiff: unknown }).lastDiff = (e as CustomEvent).detail)));
    return () => page.evaluate(() => (window as unknown as { lastDiff: unknown }).lastDiff);
  }

  /** `palisade diff` of examples/seed against it with `text` read after its files (as the editor's text is), JSON without the labels, and the table with the page's labels. */
  function seedDiff(text: string): { json: Record<string, unknown>; table: string } {
    const head = mkdtempSync(join(dir, 'head-'));
    cpSync(join(ROOT, 'examples/seed'), head, { recursive: true });
    writeFileSync(join(head, 'zz-editor.yaml'), text);
    const run = (output: string) => palisade(['diff', '--base', 'examples/seed', '--head', head, '-o', output]);
    const { base, head: label, ...json } = JSON.parse(run('json').stdout) as Record<string, unknown>;
    assert.deepEqual([base, label], ['examples/seed', head]);
    return { json, table: run('table').stdout.trimEnd().replaceAll(head, 'examples/seed + <editor>') };
  }

  const BROKEN = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: editor-test
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: backend
  ingress:
  - from:
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - port: 80
      protocol: HTTP`;

  it('the editor underlines a broken policy where palisade validate places the error, in its words; the fix typed shows what palisade diff prints', async () => {
    const { page, requests } = await open(exported('seed'));
    await page.click('#tab-editor');
    const lastDiff = await recordDiffs(page);
    await paste(page, BROKEN);
    const validate = palisade(['validate', '-f', 'examples/seed', '-f', '-'], BROKEN);
    assert.equal(validate.code, 1);
    // Each diagnostic of the text: a line not indented starts one.
    const blocks = validate.stdout.split('\n\n')[0]!.split(/\n(?! )/).filter((b) => b.startsWith('<stdin>:'));
    assert.equal(blocks.length, 1, validate.stdout);
    const expected = blocks.map((b) => b.replace('<stdin>', '<editor>'));
    await eventually(() => editorDiagnostics(page), expected, 'the diagnostics listed');
    const [error] = (JSON.parse(palisade(['validate', '-f', 'examples/seed', '-f', '-', '-o', 'json'], BROKEN).stdout) as { diagnostics: { file: string; line: number; column: number }[] }).diagnostics.filter((d) => d.file === '<stdin>');
    const underline = await page.locator('.cm-lintRange-error').first().evaluate((span) => {
      const line = span.closest('.cm-line')!;
      const before = document.createRange();
      before.setStart(line, 0);
      before.setEndBefore(span);
      return { line: Array.from(line.parentElement!.querySelectorAll(':scope > .cm-line')).indexOf(line) + 1, column: before.toString().length + 1, text: span.textContent };
    });
    assert.deepEqual(underline, { line: error!.line, column: error!.column, text: 'protocol: HTTP' });
    // The lint panel (Ctrl-Shift-M, from the keyboard) says it in the same words.
    await page.keyboard.press('Control+Shift+M');
    assert.deepEqual(await page.locator('.cm-panel-lint li').allTextContents(), expected);
    await page.keyboard.press('Escape');
    // Refused as the API server would refuse it, the policy changes nothing.
    const refused = seedDiff(BROKEN);
    assert.deepEqual([refused.json['gained'], refused.json['lost']], [0, 0]);
    await eventually(lastDiff, refused.json, 'nothing changes while the policy is invalid');

    // The fix, typed: the last word, HTTP, becomes TCP.
    await page.click('#editor-text .cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.type('TCP');
    const fixed = BROKEN.replace(/HTTP$/, 'TCP');
    await eventually(() => editorText(page), fixed, 'the text typed');
    const cli = seedDiff(fixed);
    assert.ok((cli.json['lost'] as number) > 0, 'the fix isolates default/backend');
    await eventually(lastDiff, cli.json, 'the changes, as palisade diff -o json has them');
    assert.deepEqual(await editorDiagnostics(page), []);
    assert.equal(await page.locator('#editor-diff').textContent(), cli.table);
    // The map draws them: on the port it shows, an arrow per lost connection, none gained.
    await page.click('#tab-map');
    const port = (await page.locator('#port option:checked').textContent())!;
    const onPort = (cli.json['changes'] as { change: string; port: string }[]).filter((c) => c.port === port);
    assert.ok(onPort.length > 0, `the fix changes ${port}`);
    await eventually(() => page.locator('#view-map .edge-list li.lost').count(), onPort.filter((c) => c.change === 'lost').length, 'lost arrows on the map');
    assert.equal(await page.locator('#view-map .edge-list li.gained').count(), onPort.filter((c) => c.change === 'gained').length);
    onlyLocal(requests);
    await page.close();
  });

  it('the editor starts from a loaded policy as written; its edit replaces that policy with no Duplicate warning; Download saves the text', async () => {
    const { page, requests } = await open(exported('seed'));
    await page.click('#tab-editor');
    const lastDiff = await recordDiffs(page);
    // The worker lists the policies when the editor starts, which the tab's click only begins.
    await eventually(() => page.locator('#editor-start option').allTextContents(), ['a new NetworkPolicy', 'NetworkPolicy default/test-network-policy'], 'the policies to start from');
    await page.selectOption('#editor-start', { label: 'NetworkPolicy default/test-network-policy' });
    const written = readFileSync(join(ROOT, 'examples/seed/network-policy.yaml'), 'utf8');
    await eventually(() => editorText(page), written, 'the document as written, its comment too');
    // Unchanged, it changes nothing; the CLI reading it twice warns of a duplicate, the editor does not.
    const same = seedDiff(written);
    assert.deepEqual([same.json['gained'], same.json['lost']], [0, 0]);
    await eventually(lastDiff, same.json, 'no change');
    assert.deepEqual(await editorDiagnostics(page), []);

    // Keyboard only: into the editor, to the end of `port: 6379`, one more digit.
    await page.click('#editor-text .cm-content');
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 27; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type('0');
    const edited = written.replace('port: 6379', 'port: 63790');
    await eventually(() => editorText(page), edited, 'the text typed');
    const cli = seedDiff(edited);
    assert.ok((cli.json['gained'] as number) > 0 && (cli.json['lost'] as number) > 0);
    await eventually(lastDiff, cli.json, 'the changes, as palisade diff -o json has them');
    assert.deepEqual(await editorDiagnostics(page), [], 'replacing a loaded policy is what the editor is for: no Duplicate warning');
    assert.equal(await page.locator('#editor-diff').textContent(), cli.table);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#editor-download')]);
    assert.equal(download.suggestedFilename(), 'test-network-policy.yaml');
    assert.equal(readFileSync((await download.path())!, 'utf8'), edited);
    onlyLocal(requests);
    await page.close();
  });

  it('the Diff view of --base: the text palisade diff prints, and each port\'s gained and lost connections drawn', async () => {
    const head = join(dir, 'diff-head');
    cpSync(join(ROOT, 'examples/seed'), head, { recursive: true });
    writeFileSync(join(head, 'network-policy.yaml'), readFileSync(join(head, 'network-policy.yaml'), 'utf8').replace('port: 6379', 'port: 6380'));
    const out = join(dir, 'diff-page');
    assert.equal(palisade(['ui', '-f', head, '--base', 'examples/seed', '--export', out]).code, 0);
    const { page, requests } = await open(pathToFileURL(join(out, 'index.html')).href);
    await page.click('#tab-diff');
    const cli = palisade(['diff', '--base', 'examples/seed', '--head', head]);
    assert.equal(cli.code, 1, 'the versions differ');
    assert.equal(await page.locator('#diff-text').textContent(), cli.stdout.trimEnd());
    const changes = (JSON.parse(palisade(['diff', '--base', 'examples/seed', '--head', head, '-o', 'json']).stdout) as { changes: { change: string; port: string; from: { members: string[] }; to: { members: string[] } }[] }).changes;
    for (const port of ['6379/TCP', '6380/TCP']) {
      const k = await page.selectOption('#port', { label: port });
      await page.waitForSelector(`body[data-drawn="diff:${k[0]}"]`);
      const onPort = changes.filter((c) => c.port === port);
      assert.ok(onPort.length > 0);
      for (const kind of ['gained', 'lost']) {
        const drawn = page.locator(`#view-diff .edge-list li.${kind} button`);
        assert.equal(await drawn.count(), onPort.filter((c) => c.change === kind).length, `${kind} on ${port}`);
        for (const b of await drawn.all()) {
          const [from, to, endpoint] = [await b.getAttribute('data-from'), await b.getAttribute('data-to'), await b.getAttribute('data-endpoint')];
          const match = onPort.some((c) => c.change === kind && (endpoint ? [...c.from.members, ...c.to.members].includes(endpoint) : c.from.members.includes(from!) && c.to.members.includes(to!)));
          assert.ok(match, `${await b.textContent()} is a ${kind} change of palisade diff on ${port}`);
        }
      }
      assert.equal(await page.locator('#view-diff .edge-list li.allowed').count(), 0, 'only changes');
    }
    onlyLocal(requests);
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
