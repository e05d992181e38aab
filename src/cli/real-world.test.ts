/**
 * Every command on manifests nobody on this project wrote (examples/real-world):
 * each answers every question about them with exit 0 or 1, never an internal
 * error or a stack trace. Every endpoint pair × every port of interest goes
 * through `check --flows` in both output modes, and the two modes must agree.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { portQueryText } from '../engine/ports.js';
import { engineFor, inputArgs, namespaceArgs, REAL_WORLD, realWorldDirectories, ROOT } from './real-world.test.helper.js';

const CLI = join(ROOT, 'dist/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'palisade-real-world-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Addresses outside every example's cluster, one per family. */
const OUTSIDE = ['203.0.113.7', '2001:db8::7'];

interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

function palisade(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ args, code, stdout, stderr }));
  });
}

/** Many commands, a few at a time (the machine is small); the runs in the commands' order. */
async function palisadeAll(commands: string[][], parallel = 3): Promise<Run[]> {
  const runs: Run[] = [];
  let next = 0;
  const worker = async () => {
    while (next < commands.length) {
      const i = next++;
      runs[i] = await palisade(commands[i]!);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return runs;
}

/** Exit 0 or 1 (an answer, or a finding), nothing that looks like a crash. */
function assertAnswered(r: Run): void {
  const what = `palisade ${r.args.join(' ')}`;
  assert.ok(r.code === 0 || r.code === 1, `${what} exited ${r.code}:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|^\s+at .+:\d+:\d+\)?$/m, `${what} printed a stack trace`);
}

test('every directory of examples/real-world is in the list the tests run over', () => {
  assert.deepEqual(realWorldDirectories(), REAL_WORLD.map((e) => e.name).sort());
});

for (const example of REAL_WORLD) {
  describe(`real-world example ${example.name}`, () => {
    const input = inputArgs(example);
    const engine = engineFor(example);
    const endpoints = engine.endpoints().map((e) => e.ref);
    const ports = engine.portsOfInterest();

    test('its manifests are valid, and the kinds Palisade does not read are skipped and counted', async () => {
      const [r] = await palisadeAll([['validate', ...input]]);
      assert.equal(r!.code, 0, r!.stdout + r!.stderr);
      assert.match(r!.stdout, /skipped \d+ \w+/);
      assert.ok(endpoints.length >= 5 && ports.length >= 1, `${endpoints.length} endpoints, ${ports.length} ports`);
    });

    test('check --flows: every endpoint pair × every port of interest, in text and JSON, agreeing', async () => {
      const all = [...endpoints, ...OUTSIDE];
      const flows = all.flatMap((from) => all.filter((to) => !(OUTSIDE.includes(from) && OUTSIDE.includes(to))).flatMap((to) => ports.map((q) => ({ from, to, port: q.port, protocol: q.protocol }))));
      const file = join(tmp, `${example.name}-flows.json`);
      writeFileSync(file, JSON.stringify(flows));
      const [json, text] = await palisadeAll([
        ['check', ...input, '--flows', file, '-o', 'json'],
        ['check', ...input, '--flows', file],
      ]);
      for (const r of [json!, text!]) assertAnswered(r);
      const verdicts = JSON.parse(json!.stdout) as { from: string; to: string; allowed?: boolean; error?: string }[];
      assert.equal(verdicts.length, flows.length);
      assert.deepEqual(verdicts.filter((v) => v.error !== undefined), []);
      const allowed = verdicts.map((v) => v.allowed);
      assert.ok(allowed.includes(true) && allowed.includes(false), 'the policies allow some of these flows and deny others');
      assert.equal(json!.code, 1, 'some flow is denied: exit 1');
      const textVerdicts = text!.stdout.split('\n').flatMap((l) => (/^(ALLOWED|DENIED) /.test(l) ? [l.startsWith('ALLOWED')] : []));
      assert.deepEqual(textVerdicts, allowed, 'text and JSON give the same verdicts in the same order');
      assert.equal(text!.code, json!.code);
    });

    test('explain, matrix, audit, lint, compile, get: every output format', async () => {
      const formats: [string, string[]][] = [
        ['explain', ['table', 'json']],
        ['matrix', ['table', 'json', 'csv', 'markdown']],
        ['audit', ['table', 'markdown', 'json']],
        ['lint', ['table', 'json', 'sarif']],
        ['compile', ['nft', 'json']],
        ['get', ['table', 'json']],
      ];
      const commands = formats.flatMap(([cmd, outputs]) => outputs.map((o) => [cmd, ...input, '-o', o]));
      commands.push(['matrix', ...input, '--group-by', 'identity', '-o', 'json'], ['matrix', ...input, '--group-by', 'pod']);
      for (const r of await palisadeAll(commands)) {
        assertAnswered(r);
        assert.notEqual(r.stdout.trim(), '', `palisade ${r.args.join(' ')} printed nothing`);
        if (r.args.includes('json') || r.args.includes('sarif')) assert.doesNotThrow(() => JSON.parse(r.stdout), `palisade ${r.args.join(' ')}`);
      }
    });

    test('reach: every endpoint, on every port of interest, in text and JSON', async () => {
      const commands = endpoints.flatMap((ep) => [['reach', ...input, ep], ['reach', ...input, ep, '-o', 'json']]);
      const runs = await palisadeAll(commands);
      for (const r of runs) {
        assertAnswered(r);
        if (r.args.includes('json')) {
          const out = JSON.parse(r.stdout) as { reachedFrom: { port: string }[]; reaches: { port: string }[] };
          assert.deepEqual(out.reachedFrom.map((x) => x.port), ports.map(portQueryText));
          assert.deepEqual(out.reaches.map((x) => x.port), ports.map(portQueryText));
        }
      }
    });

    test('diff: against a copy where one policy names another port, every format counts the same changes', async () => {
      const head = join(tmp, `${example.name}-head`);
      cpSync(join(ROOT, example.dir), head, { recursive: true });
      const { file, from, to } = changeOnePolicyPort(head);
      const runs = await palisadeAll(['table', 'markdown', 'json'].map((o) => ['diff', '--base', example.dir, '--head', head, ...namespaceArgs(example), '-o', o]));
      runs.forEach(assertAnswered);
      const json = JSON.parse(runs.find((r) => r.args.includes('json'))!.stdout) as { ports: string[]; gained: number; lost: number };
      assert.ok(json.ports.includes(`${from}/TCP`) && json.ports.includes(`${to}/TCP`), `${file}: port ${from} became ${to}: both are compared`);
      for (const r of runs) {
        assert.equal(r.code, json.gained + json.lost > 0 ? 1 : 0, `exit 1 exactly when something changed: ${r.stdout}`);
        if (!r.args.includes('json')) assert.match(r.stdout, new RegExp(`\\+${json.gained} gained, [-−]${json.lost} lost`));
      }
    });
  });
}

/** Move the first numeric port of the first NetworkPolicy file to the next number. */
function changeOnePolicyPort(dir: string): { file: string; from: number; to: number } {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const f of files) {
    const path = join(dir, f);
    const text = readFileSync(path, 'utf8');
    if (!/^kind: NetworkPolicy$/m.test(text)) continue;
    const m = /^(\s+-? ?port: )(\d+)$/m.exec(text);
    if (!m) continue;
    const from = Number(m[2]);
    writeFileSync(path, text.slice(0, m.index) + m[1] + String(from + 1) + text.slice(m.index + m[0].length));
    return { file: f, from, to: from + 1 };
  }
  throw new Error(`no NetworkPolicy with a numeric port under ${dir}`);
}
