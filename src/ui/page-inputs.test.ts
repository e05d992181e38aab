/**
 * `palisade ui` reads what the other commands read from the same options
 * (-k, --cluster, -n, --base/--head as diff): the page's data, read by the
 * page's own engine (run here, as the page's worker runs it), gives the endpoints and
 * the truth table `palisade matrix -o json --group-by pod` prints, and the
 * diagnostics `palisade validate` prints, with files and live objects named
 * as the commands name them. And --open hands the URL to the browser.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TestApiServer } from '../lab/test-api-server.js';
import { serveManifests } from '../sources/live/serve-manifests.test.helper.js';
import { CLI, ROOT, palisadeAsync, type Run } from '../cli/run-cli.test.helper.js';
import { exportedPageData } from './exported-page.test.helper.js';
import { tempFiles } from '../cli/temp-files.test.helper.js';
import { PageEngine } from './page-engine.js';
import type { Loaded, PageData } from './protocol.js';

const { dir, file } = tempFiles('palisade-ui-inputs-');

const SEED = ['namespaces.yaml', 'pods.yaml', 'network-policy.yaml'].map((f) => readFileSync(join(ROOT, 'examples/seed', f), 'utf8')).join('\n---\n');
/** The seed with its policy admitting 6380 instead of 6379: another truth table. */
const CHANGED = SEED.replace('port: 6379', 'port: 6380');

/** What the page's engine answers to the page's load of `data`, showing the version `which`. */
function load(data: PageData, which: 'head' | 'base' = 'head'): Loaded {
  const version = data[which];
  assert.ok(version, `the page holds no ${which} version`);
  const reply = new PageEngine().answer({ type: 'load', data: JSON.stringify({ ...data, head: version }) });
  if (reply.type !== 'loaded') assert.fail(`the page's engine did not load the page's data: ${JSON.stringify(reply)}`);
  return reply;
}

const exported = exportedPageData;

interface MatrixJson {
  ports: string[];
  rows: { name: string }[];
  allowed: Record<string, string[]>;
}

/** The worker's truth table is the one `palisade matrix -o json --group-by pod` printed. */
function assertSameAsMatrix(loaded: Loaded, matrix: Run): void {
  assert.equal(matrix.code, 0, matrix.stderr);
  const cli = JSON.parse(matrix.stdout) as MatrixJson;
  assert.ok(cli.rows.length > 0);
  assert.deepEqual(
    loaded.endpoints.map((e) => e.ref),
    cli.rows.map((r) => r.name),
  );
  assert.deepEqual(loaded.ports, cli.ports);
  assert.ok(loaded.allowed, 'a table of pods');
  assert.deepEqual(Object.fromEntries(loaded.ports.map((p, k) => [p, loaded.allowed![k]])), cli.allowed);
}

/** The worker's diagnostics are those `palisade validate` prints first, in its words. */
function assertSameAsValidate(loaded: Loaded, validate: Run): void {
  assert.ok(loaded.diagnostics.length > 0);
  assert.ok(validate.stdout.startsWith(loaded.diagnostics.join('\n') + '\n\n'), `${loaded.diagnostics.join('\n')}\n---\n${validate.stdout}`);
}

const matrix = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) => palisadeAsync(['matrix', ...args, '-o', 'json', '--group-by', 'pod'], opts);

test('-k: what the kustomization builds, named <kubectl kustomize DIR>, with kubectl\'s warnings', async () => {
  file('kustomize/built.yaml', SEED);
  file('kustomize/bin/kubectl', `#!/bin/sh\n[ "$1" = kustomize ] && [ "$2" = prod ] || exit 3\necho "# Warning: 'commonLabels' is deprecated." >&2\ncat "${join(dir, 'kustomize/built.yaml')}"\n`, 0o755);
  const opts = { cwd: dir, env: { PATH: `${join(dir, 'kustomize/bin')}${delimiter}${process.env['PATH']}` } };
  const data = await exported(['-k', 'prod'], opts);
  assert.equal(data.head.label, 'prod');
  assert.deepEqual(
    data.head.files.map((f) => f.name),
    ['<kubectl kustomize prod>'],
  );
  const loaded = load(data);
  assertSameAsMatrix(loaded, await matrix(['-k', 'prod'], opts));
  assertSameAsValidate(loaded, await palisadeAsync(['validate', '-k', 'prod'], opts));
  assert.ok(loaded.diagnostics.includes("<kubectl kustomize prod>: warning\n  kubectl kustomize: # Warning: 'commonLabels' is deprecated."), loaded.diagnostics.join('\n'));
});

test('-n: objects that name no namespace are in it, and the page shows its endpoints only, as matrix -n does', async () => {
  const input = file(
    'no-namespace/app.yaml',
    `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Pod, metadata: {name: web, labels: {app: web}}, spec: {containers: [{name: c}]}, status: {podIP: 10.0.0.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: db, labels: {app: db}}, spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}, status: {podIP: 10.0.0.2}}
- {apiVersion: v1, kind: Pod, metadata: {name: client, namespace: other, labels: {app: web}}, spec: {containers: [{name: c, ports: [{containerPort: 8443}]}]}, status: {podIP: 10.0.0.3}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
`,
  );
  const data = await exported(['-f', input, '-n', 'shop']);
  assert.equal(data.head.namespace, 'shop');
  const loaded = load(data);
  assert.deepEqual(
    loaded.endpoints.map((e) => e.ref),
    ['shop/web', 'shop/db'],
  );
  assertSameAsMatrix(loaded, await matrix(['-f', input, '-n', 'shop']));
  assertSameAsValidate(loaded, await palisadeAsync(['validate', '-f', input, '-n', 'shop']));
});

describe('--cluster: the live objects, under the files, named cluster:Kind/namespace/name', () => {
  let server: TestApiServer;
  let kubeconfig: string;
  let cluster: string[];
  before(async () => {
    server = await TestApiServer.start();
    serveManifests(server, 'examples/seed');
    server.create({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'typo', namespace: 'other' }, spec: { podSelector: {}, policyTypes: ['Ingres'] } });
    kubeconfig = server.writeKubeconfig({ context: 'kind-shop' });
    cluster = ['--cluster', '--kubeconfig', kubeconfig];
  });
  after(() => server.stop());

  test('the live state alone', async () => {
    const data = await exported(cluster);
    assert.equal(data.head.label, 'cluster kind-shop');
    assert.equal(data.head.cluster?.context, 'kind-shop');
    assert.deepEqual(data.head.files, []);
    const loaded = load(data);
    assertSameAsMatrix(loaded, await matrix(cluster));
    assertSameAsValidate(loaded, await palisadeAsync(['validate', ...cluster]));
    assert.match(loaded.diagnostics.join('\n'), /^cluster:NetworkPolicy\/other\/typo: error: NetworkPolicy other\/typo\n {2}spec\.policyTypes\[0\]: Unsupported value: "Ingres"/m);
  });

  test('-f over the live state, and --base laid over it too, as diff lays its sides', async () => {
    const old = file('overlay/old.yaml', SEED.slice(SEED.indexOf('apiVersion: networking.k8s.io/v1')));
    const changed = file('overlay/changed.yaml', CHANGED.slice(CHANGED.indexOf('apiVersion: networking.k8s.io/v1')));
    const data = await exported([...cluster, '-f', changed, '--base', old]);
    assert.deepEqual([data.base?.label, data.head.label], [`cluster kind-shop + ${old}`, `cluster kind-shop + ${changed}`]);
    assert.deepEqual(
      data.head.files.map((f) => f.name),
      [changed],
    );
    assertSameAsMatrix(load(data), await matrix([...cluster, '-f', changed]));
    assertSameAsMatrix(load(data, 'base'), await matrix([...cluster, '-f', old]));
    const diff = JSON.parse((await palisadeAsync(['diff', ...cluster, '--base', old, '--head', changed, '-o', 'json'])).stdout) as { base: string; head: string };
    assert.deepEqual([data.base?.label, data.head.label], [diff.base, diff.head]);
  });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
}

describe('--base: the version before, read as diff reads a side', () => {
  const repo = join(dir, 'repo');
  before(() => {
    mkdirSync(join(repo, 'k8s'), { recursive: true });
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'k8s', 'cluster.yaml'), SEED);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'base');
    writeFileSync(join(repo, 'k8s', 'cluster.yaml'), CHANGED);
    file('committed/cluster.yaml', SEED);
  });

  test('a git revision before the -f input, its files named REV:path', async () => {
    const data = await exported(['-f', 'k8s', '--base', 'HEAD', '--path', 'k8s'], { cwd: repo });
    assert.deepEqual([data.base?.label, data.head.label], ['HEAD', 'k8s']);
    assert.deepEqual(
      data.base?.files.map((f) => f.name),
      ['HEAD:k8s/cluster.yaml'],
    );
    const [base, head] = [load(data, 'base'), load(data)];
    assert.notDeepEqual(base.allowed, head.allowed, 'the versions differ');
    assertSameAsMatrix(base, await matrix(['-f', join(dir, 'committed')]));
    assertSameAsMatrix(head, await matrix(['-f', 'k8s'], { cwd: repo }));
  });

  test('with --head, both versions as diff has them, sharing -f (here standard input, read once)', async () => {
    writeFileSync(join(repo, 'policies.yaml'), CHANGED.slice(CHANGED.indexOf('apiVersion: networking.k8s.io/v1')));
    const pods = SEED.slice(0, SEED.indexOf('apiVersion: networking.k8s.io/v1'));
    const data = await exported(['--base', 'HEAD', '--head', 'policies.yaml', '--path', 'k8s', '-f', '-'], { cwd: repo, input: pods });
    const diff = JSON.parse((await palisadeAsync(['diff', '--base', 'HEAD', '--head', 'policies.yaml', '--path', 'k8s', '-f', '-', '-o', 'json'], { cwd: repo, input: pods })).stdout) as { base: string; head: string };
    assert.deepEqual([data.base?.label, data.head.label], [diff.base, diff.head]);
    assert.deepEqual(
      data.base?.files.map((f) => f.name),
      ['HEAD:k8s/cluster.yaml', '<stdin>'],
    );
    assert.deepEqual(
      data.head.files.map((f) => [f.name, f.text]),
      [
        ['policies.yaml', readFileSync(join(repo, 'policies.yaml'), 'utf8')],
        ['<stdin>', pods],
      ],
    );
    assertSameAsMatrix(load(data), await matrix(['-f', 'policies.yaml', '-f', '-'], { cwd: repo, input: pods }));
  });

  test('mistakes are usage errors that say what to give', async () => {
    const cases: [string[], RegExp][] = [
      [['-f', 'k8s', '--head', 'HEAD'], /--head HEAD: the page shows --head against the version before: add --base PATH\|REV/],
      [['-f', 'k8s', '--path', 'k8s'], /--path k8s: --path reads paths of a git revision given with --base/],
      [['-f', 'k8s', '--base', 'no-such-rev'], /"no-such-rev" is neither a path nor a git revision of the repository at/],
      [['-f', 'k8s', '--base', 'HEAD', '--path', 'nope'], /revision HEAD has none of --path nope .*: nothing to read in it/],
      [['--base', 'HEAD', '--path', 'k8s'], /no input: give manifests with -f PATH/],
      [['-f', 'k8s', '--context', 'prod'], /--kubeconfig and --context choose the cluster that --cluster reads: add --cluster/],
    ];
    for (const [args, message] of cases) {
      const r = await palisadeAsync(['ui', ...args, '--export', join(dir, 'never')], { cwd: repo });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.ok(!existsSync(join(dir, 'never')), 'no page is written');
  });
});

describe('--open', () => {
  /** A browser that writes the URL it was given to a file. */
  const browser = file('browser/record', `#!/bin/sh\nprintf '%s' "$1" > "${join(dir, 'browser/opened')}.tmp" && mv "${join(dir, 'browser/opened')}.tmp" "${join(dir, 'browser/opened')}"\n`, 0o755);
  const opened = async (): Promise<string> => {
    const path = join(dir, 'browser/opened');
    for (let i = 0; i < 200 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 25));
    const url = readFileSync(path, 'utf8');
    rmSync(path);
    return url;
  };

  test('--export: PALISADE_BROWSER is given the page\'s file URL', async () => {
    const out = join(dir, 'opened-page');
    const r = await palisadeAsync(['ui', '-f', 'examples/seed', '--export', out, '--open'], { env: { PALISADE_BROWSER: browser } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await opened(), pathToFileURL(join(out, 'index.html')).href);
  });

  test('served: PALISADE_BROWSER is given the URL with its token', async () => {
    const server = spawn(process.execPath, [CLI, 'ui', '-f', 'examples/seed', '--open'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', PALISADE_BROWSER: browser } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.setEncoding('utf8').on('data', (d: string) => {
          const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec((out += d));
          if (found) resolve(found[0]);
        });
        server.on('exit', (code) => reject(new Error(`palisade ui exited ${code}: ${out}`)));
      });
      assert.equal(await opened(), url);
    } finally {
      server.kill();
    }
  });

  test('no opener: said on stderr with the URL to open, and the page is still written', async () => {
    const out = join(dir, 'unopened-page');
    const url = pathToFileURL(join(out, 'index.html')).href;
    const missing = await palisadeAsync(['ui', '-f', 'examples/seed', '--export', out, '--open'], { env: { PALISADE_BROWSER: join(dir, 'no-such-browser') } });
    assert.equal(missing.code, 0, missing.stderr);
    assert.equal(missing.stderr, `palisade: cannot open a browser: ${join(dir, 'no-such-browser')} was not found (set PALISADE_BROWSER to the browser to use); open ${url}\n`);
    if (process.platform === 'linux') {
      // Without PALISADE_BROWSER, xdg-open; here a PATH without it.
      const r = await palisadeAsync(['ui', '-f', 'examples/seed', '--export', out, '--open'], { env: { PALISADE_BROWSER: '', PATH: join(dir, 'empty') } });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /cannot open a browser: xdg-open was not found .*; open file:\/\//);
    }
  });
});
