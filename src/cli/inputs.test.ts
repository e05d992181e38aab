/** `-k DIR` on the command line: the objects a kustomization builds, with kubectl or kustomize, and clear errors without them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { palisade } from './run-cli.test.helper.js';
import { tempFiles } from './temp-files.test.helper.js';

const { dir, file } = tempFiles('palisade-kustomize-');

/** Runs palisade in `dir`; `path` replaces PATH, to choose which kubectl or kustomize it finds. */
function run(args: string[], path = process.env['PATH']) {
  return palisade(args, undefined, { cwd: dir, env: { PATH: path } });
}

// A base with a namespace and a policy, and an overlay whose patch makes the policy invalid.
file('base/kustomization.yaml', 'resources: [ns.yaml, policy.yaml]\n');
file('base/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
file(
  'base/policy.yaml',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: 80\n',
);
file('prod/kustomization.yaml', 'resources: [../base]\npatches: [{path: patch.yaml}]\n');
file(
  'prod/patch.yaml',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ingress:\n  - ports:\n    - port: 80\n      endPort: 70\n',
);

function kubectlKustomizeMissing(): string | false {
  const r = spawnSync('kubectl', ['kustomize', join(dir, 'base')], { encoding: 'utf8' });
  if (r.error) return 'kubectl is not installed';
  return r.status === 0 ? false : `kubectl kustomize does not work here: ${r.stderr.trim()}`;
}

test('-k with the real kubectl: what the overlay builds is read and located in its output', { skip: kubectlKustomizeMissing() }, () => {
  const r = run(['validate', '-k', 'prod']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^<kubectl kustomize prod>:\d+:\d+: error: NetworkPolicy shop\/web\n {2}spec\.ingress\[0\]\.ports\[0\]\.endPort: Invalid value: 80/m);
  assert.match(r.stdout, /^read 1 file, 2 documents: 1 namespace, 0 pods, 0 workloads, 1 network policy$/m);
  const get = run(['get', '-k', 'base', '-o', 'json']);
  assert.equal(get.code, 0, get.stderr);
  assert.deepEqual((JSON.parse(get.stdout) as { name: string }[]).map((o) => o.name), ['shop', 'web']);
});

test('-f on a kustomization says to use -k, exit 2', () => {
  const r = run(['matrix', '-f', 'prod']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /prod is a Kustomize directory.*\n.*hint: read what it builds with -k prod/);
});

test('-k without kubectl uses kustomize build; with neither, a clear exit 2', () => {
  const bin = join(dir, 'bin-kustomize');
  file(
    'bin-kustomize/kustomize',
    `#!/bin/sh\n[ "$1" = build ] && [ "$2" = prod ] || exit 3\nprintf 'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: built\\n'\n`,
    0o755,
  );
  const r = run(['get', '-k', 'prod'], bin);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Namespace\s+built\s+.*<kustomize build prod>:1$/m);
  const none = run(['validate', '-k', 'prod'], join(dir, 'empty'));
  assert.equal(none.code, 2);
  assert.match(none.stdout, /^prod: error\n {2}cannot build the kustomization: neither kubectl nor kustomize is on PATH\n {2}hint: install kubectl/m);
  const matrix = run(['matrix', '-k', 'prod'], join(dir, 'empty'));
  assert.equal(matrix.code, 2);
  assert.match(matrix.stderr, /neither kubectl nor kustomize is on PATH/);
});

test('-k when kubectl fails: its message, without klog noise; its warnings become warnings', () => {
  const failing = join(dir, 'bin-failing');
  file(
    'bin-failing/kubectl',
    `#!/bin/sh\necho 'E1130 02:43:49.475097    9251 run.go:72] "command failed" err="accumulating resources: \\"nope\\" missing"' >&2\nexit 1\n`,
    0o755,
  );
  const r = run(['validate', '-k', 'prod'], failing);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^ {2}kubectl kustomize prod exited with status 1: accumulating resources: "nope" missing$/m);
  const warning = join(dir, 'bin-warning');
  file('bin-warning/kubectl', `#!/bin/sh\necho "# Warning: 'commonLabels' is deprecated." >&2\nprintf 'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: built\\n'\n`, 0o755);
  const w = run(['validate', '-k', 'prod'], warning);
  assert.equal(w.code, 0, w.stdout);
  assert.match(w.stdout, /^<kubectl kustomize prod>: warning\n {2}kubectl kustomize: # Warning: 'commonLabels' is deprecated\.$/m);
});

test('agent takes -k only with --once: it cannot watch what a kustomization names', () => {
  const r = run(['agent', '--node', 'n1', '-k', 'prod']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /-k works only with --once/);
});
