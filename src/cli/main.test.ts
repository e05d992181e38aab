/** How the command behaves as a Unix tool: closed pipes and usage mistakes. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { CLI, palisade, ROOT } from './run-cli.test.helper.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-main-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI, reads one line of `stream`, closes that pipe, and reports how the process ended and what else it said. */
async function closeAfterOneLine(args: string[], stream: 'stdout' | 'stderr') {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  const other: Readable = stream === 'stdout' ? child.stderr : child.stdout;
  let otherText = '';
  other.setEncoding('utf8').on('data', (chunk: string) => (otherText += chunk));
  const lines = createInterface({ input: child[stream] });
  const first = (await lines[Symbol.asyncIterator]().next()).value as string | undefined;
  lines.close();
  child[stream].destroy();
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  return { first: first ?? '', code, signal, other: otherText };
}

/** `count` pods with an address each: a matrix of count² rows. */
function manyPods(count: number, extra = ''): string {
  const file = join(dir, `pods-${count}.yaml`);
  const docs = Array.from(
    { length: count },
    (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: big, labels: {app: a${i}}}\nspec: {containers: [{name: c}]}\nstatus: {podIP: 10.0.${i >> 8}.${i & 255}}\n${extra}`,
  );
  writeFileSync(file, docs.join('---\n'));
  return file;
}

test('a reader that stops early (| head -1) ends palisade quietly with the SIGPIPE status 141', async () => {
  const file = manyPods(150); // 22,500 rows, far more than a pipe buffer holds
  const r = await closeAfterOneLine(['matrix', '-f', file, '--group-by', 'pod', '--ports', '80', '-o', 'csv'], 'stdout');
  assert.equal(r.first, 'from,to,port,allowed');
  assert.equal(r.other, '', 'no stack and no message on stderr');
  assert.deepEqual([r.code, r.signal], [141, null]);
});

test('stderr closed early while warnings are written: same quiet exit', async () => {
  // Each pod whose IP is no IP is one warning line on stderr before the answer.
  const pods = Array.from({ length: 1000 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p-${i}-${'x'.repeat(200)}, namespace: big}\nspec: {containers: [{name: c}]}\nstatus: {podIP: not-an-ip-${i}}\n`);
  const file = join(dir, 'odd-ips.yaml');
  writeFileSync(file, pods.join('---\n'));
  const r = await closeAfterOneLine(['matrix', '-f', file], 'stderr');
  assert.match(r.first, /^palisade: warning: big\/p-0-x+: pod IP "not-an-ip-0" is not an IP address/);
  assert.deepEqual([r.code, r.signal], [141, null]);
});

test('a usage mistake prints the error and the one usage line of that command, not the whole help; exit 2', () => {
  const r = palisade(['matrix', '-f', 'examples/seed', '--xyzzy']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, "error: unknown option '--xyzzy'\nUsage: palisade matrix [options]\nRun 'palisade matrix --help' for more.\n");
  const missing = palisade(['lab', 'exec', 'shop/web']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, "error: missing required argument 'command'\nUsage: palisade lab exec [options] <pod> <command...>\nRun 'palisade lab exec --help' for more.\n");
  const unknown = palisade(['nonsense']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^error: unknown command 'nonsense'\nUsage: palisade \[options\] \[command\]\nRun 'palisade --help' for more\.\n$/);
});
