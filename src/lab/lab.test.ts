/**
 * Real packets between network namespaces must do what the engine says.
 * Needs root, iproute2 and nftables; without them these tests are skipped
 * with the reason, never passed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { replaceTableScript } from '../dataplane/nft-text.js';
import { compileRuleset } from '../dataplane/ruleset.js';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { loadManifests, loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { Lab } from './lab.js';
import { RemoteApiServer } from './remote-api-server.js';
import { manifestObjects } from '../sources/live/serve-manifests.test.helper.js';
import { addNamespace, deleteNamespace, inNamespace, labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab, probePorts } from './plan.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${ROOT}dist/cli/main.js`;
const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;
if (unavailable) process.stderr.write(`lab tests ${skip}\n`);

function palisade(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

function clusterFrom(paths: string[]) {
  const m = loadManifests(paths.map((p) => `${ROOT}${p}`));
  return clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION }));
}

test('lab: the seed example, packets agree with the engine on every probe', { skip }, () => {
  const r = palisade(['lab', '-f', 'examples/seed', '--timeout', '2000']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const summary = /(\d+) probes, (\d+) difference\(s\)/.exec(r.stdout);
  assert.ok(summary, r.stdout);
  assert.ok(Number(summary[1]) > 100, `only ${summary[1]} probes`);
  assert.equal(summary[2], '0');
  assert.match(r.stdout, /✓/, 'some connections get through');
  assert.match(r.stdout, /·/, 'some are blocked');
});

test('lab --cluster: the seed example read from an API server gets the same probes, and packets agree', { skip }, async () => {
  const server = await RemoteApiServer.start();
  try {
    await server.createAll(manifestObjects(`${ROOT}examples/seed`));
    const live = palisade(['lab', '--cluster', '--kubeconfig', await server.writeKubeconfig(), '--timeout', '2000']);
    const files = palisade(['lab', '-f', 'examples/seed', '--timeout', '2000']);
    assert.equal(live.status, 0, live.stdout + live.stderr);
    const summary = (out: string) => /(\d+) probes, (\d+) difference\(s\)/.exec(out)?.slice(1);
    assert.deepEqual(summary(live.stdout), summary(files.stdout));
    assert.equal(summary(live.stdout)?.[1], '0');
  } finally {
    await server.stop();
  }
});

test('lab: the conformance cluster, two nodes, TCP and UDP, IPv4 and IPv6', { skip }, () => {
  const r = palisade(['lab', '-f', 'examples/lab-conformance', '--timeout', '2000']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, / 0 difference\(s\) between packets and engine/);
  assert.match(r.stderr, /built 2 node\(s\), 7 pod\(s\)/);
  assert.match(r.stdout, /53\/UDP/);
  assert.match(r.stdout, /fd00:10::9/, 'IPv6 outside addresses are probed');
});

test('lab: with ipBlock restricted to addresses outside the cluster, packets still agree', { skip }, () => {
  const r = palisade(['lab', '-f', 'examples/lab-conformance', '--timeout', '2000', '--no-ipblock-matches-pods']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, / 0 difference\(s\) between packets and engine/);
});

test('lab: a node without its ruleset shows up as differences (the lab can fail)', { skip }, async () => {
  const plan = planLab(clusterFrom(['examples/seed']), 1);
  const lab = new Lab(plan, { timeoutMs: 500 });
  try {
    lab.build();
    const { probed } = probePorts(lab.portsOfInterest());
    await lab.startAgents(probed);
    // Nothing applied: isolated pods are open, which the engine does not allow.
    const results = await lab.probeAll(probed);
    const wrong = results.filter((x) => x.observed !== x.expected);
    assert.ok(wrong.length > 0);
    assert.ok(wrong.every((x) => x.observed && !x.expected), 'without rules, only denied connections differ');
  } finally {
    lab.teardown();
  }
  assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
});

test('lab: a failure half-way through still removes every namespace', { skip }, () => {
  const plan = planLab(clusterFrom(['examples/seed']), 1);
  plan.pods[1]!.node = 'no-such-node'; // building this pod fails
  const lab = new Lab(plan);
  assert.throws(() => lab.build());
  assert.ok(namespacesWithPrefix(lab.prefix).length > 0);
  lab.teardown();
  assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
});

/** A `palisade lab` run, once it has said which namespaces it builds. */
async function labRun(): Promise<{ child: ChildProcessWithoutNullStreams; prefix: string }> {
  const child = spawn(process.execPath, [CLI, 'lab', '-f', 'examples/lab-conformance'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  const prefix = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /as namespaces (\S+)\*/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`lab exited before building: ${stderr}`)));
  });
  return { child, prefix };
}

test('lab: Ctrl-C removes the lab', { skip }, async () => {
  const { child, prefix } = await labRun();
  child.kill('SIGINT');
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 130);
  assert.deepEqual(namespacesWithPrefix(prefix), []);
});

test('lab: a closed stderr (| head) ends the run quietly and still removes the lab', { skip }, async () => {
  const { child, prefix } = await labRun();
  child.stderr.destroy();
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 141);
  assert.deepEqual(namespacesWithPrefix(prefix), []);
});

const EXTRA = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: sctp-v6-named, namespace: team-a}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}}]
    ports: [{protocol: SCTP, port: 3868}, {protocol: SCTP}, {port: 1000, endPort: 2000}]
  egress:
  - to: [{podSelector: {}}]
    ports: [{port: http}, {port: dns, protocol: UDP}, {protocol: SCTP, port: 9}]
`;

test('compile: every ruleset passes nft -c, and the same input gives the same text', { skip }, () => {
  const ns = `plcheck${process.pid}`;
  addNamespace(ns);
  try {
    const inputs = [clusterFrom(['examples/seed']), clusterFrom(['examples/lab-conformance'])];
    const extra = loadText(EXTRA);
    const withExtra = clusterFrom(['examples/lab-conformance']);
    withExtra.policies.push(...extra.policies);
    inputs.push(withExtra);
    for (const cluster of inputs) {
      for (const ipBlockMatchesPods of [true, false]) {
        const text = replaceTableScript(compileRuleset(Engine.compile(cluster, { ipBlockMatchesPods }), null));
        inNamespace(ns, 'nft', ['-c', '-f', '-'], text);
        assert.equal(replaceTableScript(compileRuleset(Engine.compile(cluster, { ipBlockMatchesPods }), null)), text, 'deterministic');
      }
    }
    // A node's ruleset holds only that node's pods.
    const node1 = compileRuleset(Engine.compile(inputs[1]!), 'node-1');
    assert.deepEqual(node1.pods.map((p) => p.ref).sort(), ['team-a/db', 'team-a/dual', 'team-a/web', 'team-b/web']);
  } finally {
    deleteNamespace(ns);
  }
});
