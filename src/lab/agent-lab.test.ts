/**
 * Real `palisade agent` processes on the lab's nodes: changes made to the
 * manifests while they run reach the kernel, and packets keep agreeing with
 * the engine; invalid input keeps the last good ruleset; a killed agent
 * leaves its ruleset in place. Needs root and nftables, like the lab.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { clusterOf } from '../engine/cluster.js';
import { portQueryText } from '../engine/ports.js';
import { loadManifests, loadText, type Manifests } from '../sources/load.js';
import { manifestObjects } from '../sources/live/serve-manifests.test.helper.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { Lab, type ProbeResult } from './lab.js';
import { addNamespace, deleteNamespace, inNamespace, labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab, probePorts } from './plan.js';
import type { ApiObject } from './test-api-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${ROOT}dist/cli/main.js`;
const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;

/** A one-node lab plan of the valid objects read. */
function planOf(m: Manifests) {
  return planLab(clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION })), 1);
}

function planFrom(dir: string) {
  return planOf(loadManifests([dir]));
}

const differences = (rs: ProbeResult[]) => rs.filter((r) => r.observed !== r.expected).map((r) => `${r.from} → ${r.to} ${portQueryText(r.port)}`);
const verdict = (rs: ProbeResult[], from: string, to: string, port: number) => rs.find((r) => r.from === from && r.to === to && r.port.port === port)?.observed;

test('agents on the lab nodes follow label and policy changes while they run', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-agent-lab-'));
  const file = join(dir, 'cluster.yaml');
  copyFileSync(`${ROOT}examples/lab-conformance/cluster.yaml`, file);
  const lab = new Lab(planFrom(dir), { timeoutMs: 1500 });
  try {
    lab.build();
    lab.startNodeAgents(['-f', dir]);
    const first = await lab.nodeAgentsReconciled(0);
    assert.ok(first.filter((l) => l['msg'] === 'applied' && l['applied'] === 'whole table').length >= 2, JSON.stringify(first));
    const { probed } = probePorts(lab.portsOfInterest());
    await lab.startAgents(probed);
    const before = await lab.probeAll(probed);
    assert.deepEqual(differences(before), []);
    assert.equal(verdict(before, 'team-a/api', 'team-a/db', 5432), true);
    assert.equal(verdict(before, 'team-b/client', 'team-a/web', 8080), true);

    // The client loses its label; the db policy moves to another port.
    const text = readFileSync(file, 'utf8')
      .replace('metadata: {name: client, namespace: team-b, labels: {app: client}}', 'metadata: {name: client, namespace: team-b, labels: {app: other}}')
      .replace('ports: [{port: 5432}]', 'ports: [{port: 5433}]');
    let mark = lab.nodeAgentLogMark();
    writeFileSync(file, text);
    const updated = await lab.nodeAgentsReconciled(mark);
    assert.ok(updated.some((l) => l['msg'] === 'applied' && l['applied'] === 'changes'), `a change is applied as changes only: ${JSON.stringify(updated)}`);
    lab.expect(planFrom(dir));
    const after = await lab.probeAll(probed);
    assert.deepEqual(differences(after), []);
    assert.equal(verdict(after, 'team-a/api', 'team-a/db', 5432), false);
    assert.equal(verdict(after, 'team-b/client', 'team-a/web', 8080), false);

    // Invalid input: the agents complain and keep the last good ruleset.
    mark = lab.nodeAgentLogMark();
    writeFileSync(file, text.replace('ports: [{port: 5433}]', 'ports: [{port: 5433, protocol: tcp}]'));
    const deadline = Date.now() + 10_000;
    let errors: unknown[] = [];
    while (errors.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      errors = lab.nodeAgentLogsSince(mark).filter((l) => l['level'] === 'error');
    }
    assert.equal(errors.length, 2, 'each node agent reports the error');
    assert.deepEqual(differences(await lab.probeAll(probed)), [], 'packets still follow the last good state');
  } finally {
    lab.teardown();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
});

test('agents reading the API server (--cluster) follow changes made through it, a dropped watch, a 410 relist and a server restart', { skip }, async () => {
  const objects = manifestObjects(`${ROOT}examples/lab-conformance/cluster.yaml`);
  const named = (kind: string, namespace: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name)!;
  /** Writes one object to the server and to what the lab expects. */
  const write = (o: ApiObject) => objects.splice(objects.indexOf(named(o.kind, o.metadata.namespace!, o.metadata.name)), 1, o);
  const planOfObjects = () => planOf(loadText(objects.map((o) => JSON.stringify(o)).join('\n---\n')));
  const lab = new Lab(planOfObjects(), { timeoutMs: 1500 });
  try {
    lab.build();
    const server = await lab.serveApi();
    await server.createAll(objects);
    lab.startNodeAgents(['--cluster', '--kubeconfig', await server.writeKubeconfig()]);
    await lab.nodeAgentsReconciled(0);
    const { probed } = probePorts(lab.portsOfInterest());
    await lab.startAgents(probed);
    assert.deepEqual(differences(await lab.probeAll(probed)), []);

    /** After `change`, every node agent reconciles and the packets agree with the engine on the objects as they now are. */
    const step = async (what: string, change: () => Promise<unknown>) => {
      const mark = lab.nodeAgentLogMark();
      await change();
      const logs = await lab.nodeAgentsReconciled(mark);
      lab.expect(planOfObjects());
      const results = await lab.probeAll(probed);
      assert.deepEqual(differences(results), [], what);
      return { logs, results };
    };

    const client = named('Pod', 'team-b', 'client');
    const relabelled = { ...client, metadata: { ...client.metadata, labels: { app: 'other' } } };
    const { results: afterRelabel } = await step('a pod relabelled', () => (write(relabelled), server.update(relabelled)));
    assert.equal(verdict(afterRelabel, 'team-b/client', 'team-a/web', 8080), false);

    const db = objects.find((o) => o.kind === 'NetworkPolicy' && JSON.stringify(o).includes('5432'))!;
    const moved = JSON.parse(JSON.stringify(db).replace('5432', '5433')) as ApiObject;
    const { results: afterMove } = await step('a policy changed while the watch was down', async () => {
      await server.dropWatches();
      write(moved);
      await server.update(moved);
    });
    assert.equal(verdict(afterMove, 'team-a/api', 'team-a/db', 5432), false);

    const { logs } = await step('a change the watch cannot replay (410): listed again', () => (write(db), server.expireWatches(db)));
    assert.ok(logs.some((l) => /listing again/.test(String(l['msg']))), JSON.stringify(logs));

    await step('a change after the API server restarted', async () => {
      await server.restart();
      write(client);
      await server.update(client);
    });
  } finally {
    lab.teardown();
  }
  assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
});

test('agent: a killed agent leaves its ruleset in place, a restarted one converges, --cleanup removes it', { skip }, async () => {
  const ns = `plagent${process.pid}`;
  addNamespace(ns);
  const agent = (...args: string[]) => ['netns', 'exec', ns, process.execPath, CLI, 'agent', ...args];
  try {
    const running = spawn('ip', agent('--node', 'node-a', '-f', `${ROOT}examples/seed`, '--log-format', 'json'), { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let log = '';
      running.stderr.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('"msg":"applied"')) resolve();
      });
      running.once('exit', () => reject(new Error(`agent exited: ${log}`)));
    });
    const table = inNamespace(ns, 'nft', ['list', 'table', 'inet', 'palisade']);
    running.kill('SIGKILL');
    await new Promise((r) => running.once('exit', r));
    assert.equal(inNamespace(ns, 'nft', ['list', 'table', 'inet', 'palisade']), table, 'the ruleset outlives the agent');
    const restarted = spawnSync('ip', agent('--node', 'node-a', '-f', `${ROOT}examples/seed`, '--once', '--log-format', 'json'), { encoding: 'utf8' });
    assert.equal(restarted.status, 0, restarted.stderr);
    assert.match(restarted.stderr, /"msg":"applied"/);
    assert.equal(inNamespace(ns, 'nft', ['list', 'table', 'inet', 'palisade']), table, 'converges to the same ruleset');
    const cleanup = spawnSync('ip', agent('--cleanup'), { encoding: 'utf8' });
    assert.equal(cleanup.status, 0, cleanup.stderr);
    assert.doesNotMatch(inNamespace(ns, 'nft', ['list', 'tables']), /palisade/);
  } finally {
    deleteNamespace(ns);
  }
});
