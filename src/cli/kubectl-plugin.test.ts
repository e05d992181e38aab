/**
 * `kubectl palisade`: the package installs `kubectl-palisade`, which kubectl
 * finds on PATH and runs for `kubectl palisade ...`; help and usage lines then
 * name the command that way.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KUBECTL, kubectl, NO_KUBECTL } from './kubectl.test.helper.js';
import { palisade, ROOT } from './run-cli.test.helper.js';

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const PLUGIN = join(ROOT, PACKAGE.bin['kubectl-palisade'] ?? 'missing');

function plugin(args: string[]) {
  const r = spawnSync(process.execPath, [PLUGIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('package.json installs kubectl-palisade next to palisade, as a script node runs', () => {
  assert.deepEqual(Object.keys(PACKAGE.bin).sort(), ['kubectl-palisade', 'palisade']);
  assert.match(readFileSync(PLUGIN, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('run as kubectl-palisade, help and usage lines say `kubectl palisade`; the answers are palisade\'s', () => {
  assert.match(plugin(['--help']).stdout, /^Usage: kubectl palisade \[options\] \[command\]\n/);
  assert.match(plugin(['validate', '--help']).stdout, /^Usage: kubectl palisade validate \[options\]/);
  const mistake = plugin(['validate', '--xyzzy']);
  assert.equal(mistake.code, 2);
  assert.equal(mistake.stderr, "error: unknown option '--xyzzy'\nUsage: kubectl palisade validate [options]\nRun 'kubectl palisade validate --help' for more.\n");
  const direct = palisade(['validate', '-f', 'examples/seed']);
  assert.deepEqual(plugin(['validate', '-f', 'examples/seed']), direct);
});

test('kubectl palisade completion prints the script for the palisade command, the one word a shell can complete', () => {
  const script = plugin(['completion', 'bash']);
  assert.equal(script.code, 0);
  assert.equal(script.stdout, palisade(['completion', 'bash']).stdout);
  assert.match(script.stdout, /^complete -F _palisade palisade$/m);
});

/** A directory for PATH holding kubectl-palisade, a shim like the one npm installs, running this build. */
const home = mkdtempSync(join(tmpdir(), 'palisade-kubectl-plugin-'));
after(() => rmSync(home, { recursive: true, force: true }));
const shim = join(home, 'kubectl-palisade');
writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${PLUGIN}' "$@"\n`);
chmodSync(shim, 0o755);
const run = (args: string[]) => kubectl(args, { cwd: ROOT, home, env: { PATH: home } });

test('kubectl plugin list lists kubectl-palisade on PATH, without warnings', { skip: KUBECTL ? false : NO_KUBECTL }, async () => {
  const r = await run(['plugin', 'list']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(r.stdout.split('\n').filter((l) => l.startsWith('/')), [shim]);
});

test('kubectl palisade runs palisade: --version, --help and validate, with the same answers', { skip: KUBECTL ? false : NO_KUBECTL }, async () => {
  const version = await run(['palisade', '--version']);
  assert.deepEqual(version, { code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
  assert.match((await run(['palisade', '--help'])).stdout, /^Usage: kubectl palisade \[options\] \[command\]\n/);
  const direct = palisade(['validate', '-f', 'examples/seed']);
  assert.equal(direct.code, 0);
  assert.deepEqual(await run(['palisade', 'validate', '-f', 'examples/seed']), direct);
});
