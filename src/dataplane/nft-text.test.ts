/**
 * Changing the table by what differs must leave exactly the table a whole
 * replacement would: checked in the kernel (a private network namespace), on
 * random clusters and random changes from the property tests' generators.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { Engine } from '../engine/engine.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { addNamespace, deleteNamespace, inNamespace, labUnavailable } from '../lab/netns.js';
import { applyChange, changeIntentArb, clusterArb, NODE_NAMES, resolveChange } from '../reference/arbitraries.js';
import { replaceTableScript, updateTableScript } from './nft-text.js';
import { MAX_COMMENT } from './nft-names.js';
import { compileRuleset, NodeCompiler, TABLE, type Ruleset } from './ruleset.js';

const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;

/** The table as the kernel holds it, without handles, in an order that does not depend on how it was built. */
function listed(ns: string): string {
  const { nftables } = JSON.parse(inNamespace(ns, 'nft', ['-j', 'list', 'table', 'inet', TABLE])) as { nftables: Record<string, Record<string, unknown>>[] };
  return nftables
    .map((o) => {
      const [kind, body] = Object.entries(o)[0]!;
      const rest = { ...body };
      delete rest['handle'];
      return JSON.stringify({ [kind]: rest });
    })
    .sort()
    .join('\n');
}

/** For all pods, or for one node (whose pod CIDRs, when its Node has them, add the pod range sets). */
const pairs = fc
  .record({ cluster: clusterArb, intents: fc.array(changeIntentArb, { minLength: 1, maxLength: 4 }), node: fc.constantFrom(null, ...NODE_NAMES) })
  .map(({ cluster, intents, node }) => {
    let after = cluster;
    intents.forEach((intent, i) => {
      const change = resolveChange(after, intent, i);
      if (change) after = applyChange(after, change);
    });
    const ruleset = (c: typeof cluster): Ruleset => compileRuleset(Engine.compile(c), node);
    return { before: ruleset(cluster), after: ruleset(after) };
  });

test('a ruleset changed by what differs is the ruleset replaced whole, in the kernel', { skip }, () => {
  const ns = `pal-upd-${process.pid}`;
  addNamespace(ns);
  try {
    let changedSomething = 0;
    let withPodRanges = 0;
    const seed = Number(process.env['PALISADE_LAB_SEED'] ?? Date.now() % 2 ** 31);
    for (const { before, after } of fc.sample(pairs, { numRuns: 40, seed })) {
      inNamespace(ns, 'nft', ['-f', '-'], replaceTableScript(before));
      const update = updateTableScript(before, after);
      inNamespace(ns, 'nft', ['-f', '-'], update);
      const changed = listed(ns);
      inNamespace(ns, 'nft', ['-f', '-'], replaceTableScript(after));
      assert.equal(changed, listed(ns), `replay with PALISADE_LAB_SEED=${seed}; the update script:\n${update}`);
      if (update.split('\n').length > 2) changedSomething++;
      if (before.podRanges.length + after.podRanges.length > 0) withPodRanges++;
    }
    assert.ok(changedSomething > 0, 'some changes changed the ruleset');
    assert.ok(withPodRanges > 0, 'some rulesets had pod range sets');
  } finally {
    deleteNamespace(ns);
  }
  assert.throws(() => execFileSync('ip', ['netns', 'pids', ns], { stdio: 'pipe' }), 'the namespace is gone');
});

const POD = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.1}
`;
const PASSING = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: pass-then-deny}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {}}
  ingress:
  - {action: Pass, from: [{namespaces: {matchLabels: {team: a}}}]}
  - {action: Deny, from: [{namespaces: {}}]}
`;

function rulesetOf(yaml: string): Ruleset {
  return compileRuleset(Engine.compile(clusterOfText(yaml)), null);
}

test('a change that removes a passing chain and the chain it goes to applies in the kernel', { skip }, () => {
  const ns = `pal-pass-${process.pid}`;
  addNamespace(ns);
  try {
    const passing = rulesetOf(`${POD}---${PASSING}`);
    const after = rulesetOf(POD);
    assert.ok(passing.chains.some((c) => c.rules.some((r) => r.startsWith('goto '))), 'the admin chain passes with a goto');
    // Chains are named by a hash of their rules: either may come first.
    for (const before of [passing, { ...passing, chains: [...passing.chains].reverse() }]) {
      inNamespace(ns, 'nft', ['-f', '-'], replaceTableScript(before));
      inNamespace(ns, 'nft', ['-f', '-'], updateTableScript(before, after));
      const changed = listed(ns);
      inNamespace(ns, 'nft', ['-f', '-'], replaceTableScript(after));
      assert.equal(changed, listed(ns));
    }
  } finally {
    deleteNamespace(ns);
  }
});

const client = (n: number, role: string) => `
apiVersion: v1
kind: Pod
metadata: {name: p${n}, namespace: a, labels: {role: ${role}}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.0.0.${n}}
`;
const SERVER = `
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: a, labels: {role: server}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.0.1.1}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-clients, namespace: a}
spec:
  podSelector: {matchLabels: {role: server}}
  ingress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]
`;

test('relabels move a pod between address sets element by element, merged ranges included, in the kernel', { skip }, () => {
  const ns = `pal-set-${process.pid}`;
  addNamespace(ns);
  try {
    const roles = ['client', 'client', 'other', 'client'];
    const engine = Engine.compile(clusterOfText([SERVER, ...roles.map((role, i) => client(4 + i, role))].join('---')));
    const compiler = new NodeCompiler(engine, 'n1');
    let applied = compiler.compile();
    const clients = (r: Ruleset) => r.sets.find((s) => s.name.startsWith('a_'))!;
    assert.deepEqual(clients(applied).elements, ['10.0.0.4/31', '10.0.0.7']);
    inNamespace(ns, 'nft', ['-f', '-'], replaceTableScript(applied));
    // 10.0.0.6 joins: one range 10.0.0.4/30; then 10.0.0.5 leaves: 10.0.0.4 and 10.0.0.6/31.
    for (const [n, role, elements] of [[6, 'client', ['10.0.0.4/30']], [5, 'other', ['10.0.0.4', '10.0.0.6/31']]] as const) {
      compiler.forget(engine.apply({ op: 'upsert', object: clusterOfText(client(n, role)).pods[0]! }));
      const next = compiler.compile();
      assert.equal(clients(next).name, clients(applied).name, 'the set keeps its name');
      assert.deepEqual(clients(next).elements, elements);
      const update = updateTableScript(applied, next);
      assert.doesNotMatch(update, /^table |^delete set|^delete chain/m, 'no set or chain comes or goes');
      inNamespace(ns, 'nft', ['-f', '-'], update);
      const changed = listed(ns);
      inNamespace(ns, 'nft', ['-f', '-'], replaceTableScript(next));
      assert.equal(changed, listed(ns), update);
      applied = next;
    }
  } finally {
    deleteNamespace(ns);
  }
});

test('a policy with the longest name Kubernetes allows gets a comment nft takes: cut in the middle, both ends and the rule kept', { skip }, () => {
  const namespace = `n${'s'.repeat(61)}x`;
  const name = `p${'o'.repeat(251)}y`;
  const ruleset = rulesetOf(`${POD.replace('namespace: a', `namespace: ${namespace}`)}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  podSelector: {}
  ingress: [{ports: [{port: 80}]}]
`);
  const comments = ruleset.chains.flatMap((c) => c.rules).flatMap((r) => /comment "([^"]*)"/.exec(r)?.[1] ?? []);
  assert.ok(comments.length > 0);
  for (const c of comments) {
    assert.ok(c.length <= MAX_COMMENT, `${c.length} characters: ${c}`);
    assert.match(c, /^nsss+\.\.\.o+y ingress\[0\]$/);
  }
  const ns = `pal-long-${process.pid}`;
  addNamespace(ns);
  try {
    inNamespace(ns, 'nft', ['-f', '-'], replaceTableScript(ruleset));
    assert.match(inNamespace(ns, 'nft', ['list', 'table', 'inet', TABLE]), /\.\.\.o+y ingress\[0\]/);
  } finally {
    deleteNamespace(ns);
  }
});
