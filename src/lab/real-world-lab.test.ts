/**
 * Real packets on manifests nobody on this project wrote (examples/real-world):
 * each example built as network namespaces on two nodes, its rulesets applied,
 * every pod × pod and pod × outside address probed on the ports the pods
 * serve, and the packets compared with the engine. Needs root, iproute2 and
 * nftables; skipped with the reason otherwise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { inputArgs, REAL_WORLD, ROOT } from '../cli/real-world.test.helper.js';
import { deleteNamespace, labUnavailable, namespacesWithPrefix } from './netns.js';

const CLI = `${ROOT}dist/cli/main.js`;
const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;

for (const example of REAL_WORLD) {
  test(`lab: ${example.name}, packets agree with the engine on every probe`, { skip }, (t) => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'lab', ...inputArgs(example), '--nodes', '2', '--timeout', '2000'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      // A hung lab is stopped with SIGTERM, on which it removes what it built.
      timeout: 300_000,
    });
    // The lab removes what it built, even when it fails; make sure, and clean up after it if not.
    const prefix = /as namespaces (\S+)\*/.exec(r.stderr)?.[1];
    const left = prefix ? namespacesWithPrefix(prefix) : [];
    left.forEach(deleteNamespace);
    t.diagnostic(`${example.name}: ${((performance.now() - started) / 1000).toFixed(1)} s; ${r.stderr.split('\n').filter((l) => /built|probes in/.test(l)).join('; ')}`);

    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(prefix, r.stderr);
    assert.deepEqual(left, [], 'the lab left namespaces behind');
    assert.match(r.stderr, /built 2 node\(s\)/);
    const summary = /(\d+) probes, (\d+) difference\(s\)/.exec(r.stdout);
    assert.ok(summary, r.stdout);
    assert.equal(summary[2], '0', r.stdout);
    assert.ok(Number(summary[1]) > 100, `only ${summary[1]} probes`);
    assert.match(r.stdout, /✓/, 'some connections get through');
    assert.match(r.stdout, /·/, 'some are blocked');
  });
}
