/**
 * `palisade counters` reads the node ruleset's counters from the kernel of
 * where it runs (here a network namespace of the test's own): a table of
 * what counted, every counter with --all, JSON, and a plain word when the
 * node has no palisade table.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { addNamespace, deleteNamespace, inNamespace, labUnavailable } from '../lab/netns.js';
import { CLI, ROOT } from './run-cli.test.helper.js';

const unavailable = labUnavailable();

describe('palisade counters', { skip: unavailable }, () => {
  const ns = `plcount${process.pid}`;
  const counters = (...args: string[]) => {
    const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, CLI, 'counters', ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  before(() => addNamespace(ns));
  after(() => deleteNamespace(ns));

  test('no palisade table: says so, exit 0, and JSON has no counters', () => {
    const r = counters();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /no palisade table/);
    assert.deepEqual(JSON.parse(counters('-o', 'json').stdout), { counters: [] });
  });

  test('the counters of the compiled ruleset: only those that counted, unless --all; as JSON', () => {
    const compiled = spawnSync(process.execPath, [CLI, 'compile', '-f', 'examples/seed', '--node', 'node-a'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
    inNamespace(ns, 'nft', ['-f', '-'], compiled.stdout);
    const quiet = counters();
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(quiet.stderr, /4 counter\(s\) counted nothing \(--all shows them\)/);
    const all = counters('--all');
    assert.match(all.stdout, /^PACKETS\s+BYTES\s+COUNTS$/m);
    assert.match(all.stdout, /^0\s+0\s+default\/test-network-policy ingress\[0\] allow$/m);
    assert.match(all.stdout, /^0\s+0\s+default\/db egress default-deny$/m);
    const json = JSON.parse(counters('--all', '-o', 'json').stdout) as { counters: { counts: string; packets: number; bytes: number; name: string }[] };
    assert.deepEqual(json.counters.map((c) => c.counts).sort(), ['default/db egress default-deny', 'default/db ingress default-deny', 'default/test-network-policy egress[0] allow', 'default/test-network-policy ingress[0] allow']);
    assert.ok(json.counters.every((c) => c.packets === 0 && /^[cd]_[0-9a-f]{12}$/.test(c.name)));
  });
});
