/**
 * The agent's reconcile loop, with a fake state source and a fake kernel
 * (runs anywhere); then `palisade agent` itself against real nftables, in a
 * network namespace of its own (root and nft; skipped elsewhere).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { addNamespace, deleteNamespace, inNamespace, labUnavailable } from '../lab/netns.js';
import { loadText, type Manifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { Agent } from './agent.js';
import { FileSource, type StateSource } from './source.js';

const CLUSTER = `apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: n2, containers: [{name: c}]}
status: {podIP: 10.0.0.3}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
`;

class TextSource implements StateSource {
  readonly name = 'test';
  constructor(public text: string) {}
  load(): Manifests {
    return loadText(this.text, 'cluster.yaml');
  }
  /** Never says it changed: tests call reconcile themselves. */
  watch(_changed: () => void): () => void {
    return () => undefined;
  }
}

function setup(opts: { node?: string; requireKnownNode?: boolean; source?: StateSource } = {}) {
  const source = new TextSource(CLUSTER);
  const logs: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const applied: string[] = [];
  let failNext = false;
  const agent = new Agent(opts.source ?? source, {
    node: opts.node ?? 'n1',
    requireKnownNode: opts.requireKnownNode ?? false,
    kubernetesVersion: LATEST_KUBERNETES_VERSION,
    log: (level, msg, fields = {}) => logs.push({ level, msg, fields }),
    apply: (script) => {
      if (failNext) throw new Error('nft: syntax error');
      applied.push(script);
    },
  });
  return { source, logs, applied, agent, failNext: () => (failNext = true) };
}

test('applies the node ruleset as one whole-table replacement, then only on change', async () => {
  const { source, logs, applied, agent } = setup();
  assert.equal(await agent.reconcile(), 'applied');
  assert.equal(applied.length, 1);
  assert.match(applied[0]!, /^add table inet palisade\ndelete table inet palisade\n/);
  assert.match(applied[0]!, /10\.0\.0\.2 : jump in_/, 'the node-1 pod is protected');
  assert.doesNotMatch(applied[0]!, /10\.0\.0\.3 :/, 'the other node’s pod is not this node’s business');
  assert.deepEqual(logs.at(-1)!.fields['podsChanged'], ['shop/db']);
  assert.equal(typeof logs.at(-1)!.fields['compileMs'], 'number');
  assert.equal(await agent.reconcile(), 'unchanged');
  assert.equal(logs.at(-1)!.msg, 'no change');
  source.text = CLUSTER.replace('ports: [{port: 5432}]', 'ports: [{port: 5433}]');
  assert.equal(await agent.reconcile(), 'applied');
  assert.equal(applied.length, 2);
  assert.deepEqual(logs.at(-1)!.fields['chains'], { added: 1, removed: 1 });
});

test('after the first round the engine is given only the objects that changed', async () => {
  const { source, logs, applied, agent } = setup();
  await agent.reconcile();
  assert.equal(logs.at(-1)!.fields['changes'], 'all');
  // web (on n2) no longer matches db's peer: db's chain on n1 changes.
  source.text = CLUSTER.replace('labels: {app: web}}', 'labels: {app: web2}}');
  assert.equal(await agent.reconcile(), 'applied');
  assert.equal(logs.at(-1)!.fields['changes'], 1);
  assert.doesNotMatch(applied.at(-1)!, /10\.0\.0\.3/, 'web is no longer allowed to reach db');
  source.text = CLUSTER;
  assert.equal(await agent.reconcile(), 'applied');
  assert.match(applied.at(-1)!, /10\.0\.0\.3/, 'and is again');
});

test('an AdminNetworkPolicy and the BaselineAdminNetworkPolicy are enforced: written, changed and deleted, each as a change of their own', async () => {
  const { source, logs, applied, agent } = setup();
  await agent.reconcile();
  const anp = (action: string) =>
    `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard-db}\nspec:\n  priority: 5\n  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}\n  ingress: [{name: web, action: ${action}, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}], ports: [{portNumber: {port: 5432}}]}]\n`;
  source.text = CLUSTER + anp('Deny');
  assert.equal(await agent.reconcile(), 'applied');
  assert.equal(logs.at(-1)!.fields['changes'], 1);
  assert.match(applied.at(-1)!, /AdminNetworkPolicy\/guard-db ingress\[0\]/, 'the rule, named as the engine names it');
  assert.doesNotMatch(logs.map((l) => l.msg).join('\n'), /does not evaluate/);
  source.text = CLUSTER + anp('Pass');
  assert.equal(await agent.reconcile(), 'applied');
  const banp = `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{networks: [0.0.0.0/0]}]}]\n`;
  source.text = CLUSTER + anp('Pass') + banp;
  assert.equal(await agent.reconcile(), 'applied');
  assert.match(applied.at(-1)!, /BaselineAdminNetworkPolicy\/default egress\[0\]/);
  source.text = CLUSTER;
  assert.equal(await agent.reconcile(), 'applied');
  assert.doesNotMatch(applied.at(-1)!, /AdminNetworkPolicy/, 'both deleted');
  assert.equal(logs.at(-1)!.fields['changes'], 2);
});

test('a running agent makes one round of changes that come close together, and never runs two rounds at once', async () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let fire = () => undefined as void;
  const source = new (class extends TextSource {
    override watch(changed: () => void): () => void {
      fire = changed;
      return () => undefined;
    }
  })(CLUSTER);
  let inFlight = 0;
  let most = 0;
  const outcomes: string[] = [];
  const agent = new Agent(source, {
    node: 'n1',
    kubernetesVersion: LATEST_KUBERNETES_VERSION,
    log: (_level, msg) => void outcomes.push(msg),
    apply: async () => {
      most = Math.max(most, ++inFlight);
      await sleep(30);
      inFlight--;
    },
  });
  const stop = agent.run(40);
  // The changes come after the first round: a cold first compile longer than the batch would otherwise split them.
  while (outcomes.length === 0) await sleep(5);
  for (const port of [5433, 5434, 5435, 5436, 5437]) {
    source.text = CLUSTER.replace('ports: [{port: 5432}]', `ports: [{port: ${port}}]`);
    fire();
    await sleep(5);
  }
  await sleep(250);
  stop();
  assert.deepEqual(outcomes, ['applied', 'applied'], 'the first round, then one for the five changes');
  assert.equal(most, 1);
});

test('input with errors keeps the last good ruleset and says why', async () => {
  const { source, logs, applied, agent } = setup();
  await agent.reconcile();
  source.text = CLUSTER.replace('ports: [{port: 5432}]', 'ports: [{port: 5432, protocol: tcp}]');
  assert.equal(await agent.reconcile(), 'invalid');
  assert.equal(applied.length, 1);
  const error = logs.at(-1)!;
  assert.equal(error.level, 'error');
  assert.match(error.msg, /keeping the last good ruleset/);
  assert.match(String((error.fields['errors'] as string[])[0]), /cluster\.yaml:\d+:\d+: NetworkPolicy shop\/db: spec\.ingress\[0\]\.ports\[0\]\.protocol: Unsupported value: "tcp"/);
});

test('a ruleset nft refuses is reported and the last good one stays', async () => {
  const { source, logs, applied, agent, failNext } = setup();
  await agent.reconcile();
  failNext();
  source.text = CLUSTER.replace('app: web}}}]', 'app: web2}}}]');
  assert.equal(await agent.reconcile(), 'refused');
  assert.equal(applied.length, 1);
  assert.match(logs.at(-1)!.msg, /nft refused the ruleset/);
});

test('policies Palisade does not evaluate: the ruleset is applied, a warning names them, and the caller hears of them', async () => {
  const logs: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const applied: string[] = [];
  const heard: string[][] = [];
  const source = new TextSource(`${CLUSTER}---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {}\n`);
  const agent = new Agent(source, {
    node: 'n1',
    kubernetesVersion: LATEST_KUBERNETES_VERSION,
    log: (level, msg, fields = {}) => logs.push({ level, msg, fields }),
    apply: (script) => void applied.push(script),
    onIgnoredPolicies: (policies) => heard.push(policies.map((p) => `${p.kind} ${p.namespace}/${p.name}`)),
  });
  assert.equal(await agent.reconcile(), 'applied');
  assert.equal(applied.length, 1);
  const warning = logs.find((l) => l.level === 'warn')!;
  assert.match(warning.msg, /policies Palisade does not evaluate: the ruleset ignores them/);
  const line = CLUSTER.split('\n').length + 1; // after CLUSTER and the --- line
  assert.deepEqual(warning.fields['ignoredPolicies'], [`cluster.yaml:${line} CiliumNetworkPolicy shop/deny (cilium.io/v2)`]);
  assert.deepEqual(heard, [['CiliumNetworkPolicy shop/deny']]);
  source.text = CLUSTER;
  await agent.reconcile();
  assert.equal(heard.length, 1, 'no longer heard once the policy is gone');
});

test('a manifest that cannot be read applies nothing and says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-agent-'));
  try {
    const { logs, applied, agent } = setup({ source: new FileSource([join(dir, 'missing.yaml')]) });
    assert.equal(await agent.reconcile(), 'unreadable');
    assert.deepEqual(applied, []);
    assert.equal(logs.at(-1)!.level, 'error');
    assert.match(logs.at(-1)!.msg, /^input could not be read: keeping the last good ruleset$/);
    assert.match(String((logs.at(-1)!.fields['errors'] as string[])[0]), /missing\.yaml: cannot read: no such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a node no pod names: a running agent applies the empty ruleset and warns once, naming the nodes the input has', async () => {
  const { source, logs, applied, agent } = setup({ node: 'n3' });
  assert.equal(await agent.reconcile(), 'applied');
  assert.doesNotMatch(applied[0]!, / : jump /, 'no pod of this node to protect');
  const warnings = () => logs.filter((l) => l.level === 'warn');
  assert.equal(warnings().length, 1);
  assert.equal(warnings()[0]!.msg, "no pod in the input runs on node n3 (spec.nodeName): applying an empty ruleset until one does; did you mean n1 or n2? the input's pods run on n1, n2");
  assert.deepEqual(warnings()[0]!.fields['nodes'], ['n1', 'n2']);
  source.text = CLUSTER.replace('ports: [{port: 5432}]', 'ports: [{port: 5433}]');
  await agent.reconcile();
  assert.equal(warnings().length, 1, 'said once');
  source.text = CLUSTER.replace('nodeName: n1', 'nodeName: n3');
  assert.equal(await agent.reconcile(), 'applied');
  assert.match(applied.at(-1)!, /10\.0\.0\.2 : jump /, 'the pod that came to the node is protected');
  assert.equal(warnings().length, 1);
});

test('requireKnownNode (agent --once): a node no pod names applies nothing', async () => {
  const { logs, applied, agent } = setup({ node: 'm1', requireKnownNode: true });
  assert.equal(await agent.reconcile(), 'unknown-node');
  assert.deepEqual(applied, []);
  assert.equal(logs.at(-1)!.level, 'error');
  assert.match(logs.at(-1)!.msg, /^no pod in the input runs on node m1 \(spec\.nodeName\): nothing applied; did you mean n1\? /);
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;

/** A network namespace and a folder for one test, removed whatever happens. */
async function inPrivateNetwork(name: string, body: (ns: string, dir: string) => Promise<void> | void): Promise<void> {
  const ns = `pl${name}${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'palisade-agent-'));
  addNamespace(ns);
  try {
    await body(ns, dir);
  } finally {
    deleteNamespace(ns);
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasTable = (ns: string) => /table inet palisade/.test(inNamespace(ns, 'nft', ['list', 'tables']));

test('agent --once: exit 0 only when it applied; 1 input with errors, 2 unreadable input or no pod on --node, 3 nft refused, each applying nothing', { skip }, () =>
  inPrivateNetwork('once', (ns, dir) => {
    const once = (args: string[], wrap: string[] = []) =>
      spawnSync('ip', ['netns', 'exec', ns, ...wrap, process.execPath, CLI, 'agent', '--once', '--log-format', 'json', ...args], { encoding: 'utf8' });
    const seed = ['-f', `${ROOT}examples/seed`];

    const missing = once(['--node', 'node-a', '-f', join(dir, 'missing.yaml')]);
    assert.equal(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /"msg":"input could not be read: keeping the last good ruleset"/);

    const invalid = join(dir, 'invalid.yaml');
    writeFileSync(invalid, readFileSync(`${ROOT}examples/seed/network-policy.yaml`, 'utf8').replace('protocol: TCP', 'protocol: tcp'));
    const bad = once(['--node', 'node-a', ...seed, '-f', invalid]);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /"msg":"input has errors: keeping the last good ruleset"/);

    const typo = once(['--node', 'node-c', ...seed]);
    assert.equal(typo.status, 2, typo.stderr);
    assert.match(typo.stderr, /"level":"error","msg":"no pod in the input runs on node node-c \(spec\.nodeName\): nothing applied; did you mean node-a or node-b\? the input's pods run on node-a, node-b"/);

    // nft without the right to change this network namespace: the kernel refuses, as on a node without the capability.
    const refused = once(['--node', 'node-a', ...seed], ['unshare', '--user']);
    assert.equal(refused.status, 3, refused.stderr);
    assert.match(refused.stderr, /"msg":"nft refused the ruleset: keeping the last good one".*Operation not permitted/);

    assert.equal(hasTable(ns), false, 'none of them applied anything');
    const applied = once(['--node', 'node-a', ...seed]);
    assert.equal(applied.status, 0, applied.stderr);
    assert.equal(hasTable(ns), true);
  }));

test('agent (running): a node no pod names gets the empty ruleset and one warning; the agent keeps running and protects the pods that come', { skip }, () =>
  inPrivateNetwork('wait', async (ns, dir) => {
    for (const f of ['namespaces.yaml', 'network-policy.yaml', 'pods.yaml']) copyFileSync(`${ROOT}examples/seed/${f}`, join(dir, f));
    const agent = spawn('ip', ['netns', 'exec', ns, process.execPath, CLI, 'agent', '--node', 'node-c', '-f', dir, '--interval', '50', '--log-format', 'json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let partial = '';
    agent.stderr.on('data', (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop()!;
      lines.push(...parts.map((l) => JSON.parse(l) as Record<string, unknown>));
    });
    /** The `n`th log line with this message, once the agent has written it. */
    const logged = async (msg: string, n: number) => {
      const deadline = Date.now() + 10_000;
      while (lines.filter((l) => l['msg'] === msg).length < n) {
        assert.equal(agent.exitCode, null, `the agent exited: ${JSON.stringify(lines)}`);
        assert.ok(Date.now() < deadline, `no "${msg}" #${n}: ${JSON.stringify(lines)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return lines.filter((l) => l['msg'] === msg)[n - 1]!;
    };
    try {
      assert.equal((await logged('applied', 1))['pods'], 0);
      const pods = join(dir, 'pods.yaml');
      writeFileSync(pods, readFileSync(pods, 'utf8').replace('nodeName: node-b', 'nodeName: node-b2'));
      await logged('no change', 1);
      const warnings = lines.filter((l) => l['level'] === 'warn');
      assert.equal(warnings.length, 1, JSON.stringify(lines));
      assert.match(String(warnings[0]!['msg']), /^no pod in the input runs on node node-c \(spec\.nodeName\): applying an empty ruleset until one does; did you mean node-a or node-b\? /);
      writeFileSync(pods, readFileSync(pods, 'utf8').replace('nodeName: node-a', 'nodeName: node-c'));
      const protecting = await logged('applied', 2);
      assert.deepEqual(protecting['podsChanged'], ['default/db'], 'the db pod that came to node-c is protected');
      assert.match(inNamespace(ns, 'nft', ['list', 'map', 'inet', 'palisade', 'ingress4']), /172\.17\.0\.10 : jump in_/);
      assert.equal(lines.filter((l) => l['level'] === 'warn').length, 1, 'the warning was said once');
    } finally {
      agent.kill('SIGKILL');
    }
  }));
