/**
 * The graph outputs, read back strictly (graph.test.helper.ts): `matrix -o
 * dot|mermaid` holds exactly the connections `-o list-json` lists,
 * `explain -o dot|mermaid` exactly what `explain -o json` says, block by
 * block, rule by rule, and `diff -o markdown`'s Mermaid graph the changes
 * `diff -o json` lists, while they are few enough to read.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ConnectivityDiff } from '../analysis/diff.js';
import type { Explanation, TierRule } from '../engine/explain-targets.js';
import { nodeName, readDot, readMermaid, type ReadGraph } from './graph.test.helper.js';
import { palisade } from './run-cli.test.helper.js';

const READERS = { dot: readDot, mermaid: readMermaid };

/** Both graphs of a command, read back; the command must succeed. */
function graphs(args: string[]): [format: keyof typeof READERS, graph: ReadGraph][] {
  return (['dot', 'mermaid'] as const).map((format) => {
    const r = palisade([...args, '-o', format]);
    assert.equal(r.code, 0, r.stderr);
    return [format, READERS[format](r.stdout)];
  });
}

interface Listed {
  from: string;
  to: string;
  connections: string;
}

for (const args of [['-f', 'examples/seed'], ['-f', 'examples/seed', '--focus', 'default/db'], ['-f', 'examples/cluster-network-policy']]) {
  test(`matrix ${args.join(' ')}: -o dot and -o mermaid draw the connections -o list-json lists`, () => {
    const listed = JSON.parse(palisade(['matrix', ...args, '-o', 'list-json']).stdout) as Listed[];
    const expected = listed.map((c) => `${c.from} => ${c.to} : ${c.connections}`).sort();
    assert.ok(expected.length > 0);
    for (const [format, graph] of graphs(['matrix', ...args])) {
      const drawn = graph.edges.map((e) => `${nodeName(graph, e.from)} => ${nodeName(graph, e.to)} : ${e.label.join('\n')}`).sort();
      assert.deepEqual(drawn, expected, format);
      // Addresses outside the cluster, and only they, are ovals on their own.
      for (const n of graph.nodes.values()) assert.equal(n.shape === 'oval', n.cluster === undefined, `${format}: ${n.label.join(' ')}`);
    }
  });
}

/** One box of `explain`'s picture, as the test compares it: its subject, the policies selecting it, the arrows of its rules. */
interface Block {
  subject: string[];
  policies: string[];
  rules: string[];
}

const ISOLATION = (ingress: boolean, egress: boolean) =>
  ingress && egress ? 'isolated for ingress and egress' : ingress ? 'isolated for ingress' : egress ? 'isolated for egress' : 'not isolated by NetworkPolicies';

/** A box lists 8 refs, then counts the rest. */
const shown = (refs: string[]) => (refs.length <= 8 ? refs : [...refs.slice(0, 8), `and ${refs.length - 8} more`]);

/** A rule's arrow as `direction: peer / whom it matches today | policy rule N "name" / action ports`. */
function ruleText(direction: string, peer: string[], label: string[]): string {
  return `${direction}: ${peer.join(' / ')} | ${label.join(' / ')}`;
}

/** What the picture must hold, from `explain -o json` alone. */
function expectedBlocks(e: Explanation): { blocks: Block[]; unselected: string[] | undefined } {
  const tiers = new Map<string, string>();
  const tierRules = (rules: TierRule[], tier: string) => rules.forEach((r) => tiers.set(r.policy, `${tier} tier, priority ${r.priority}`));
  for (const t of e.targets) {
    for (const d of ['ingress', 'egress'] as const) {
      tierRules(t[d].admin, 'Admin');
      tierRules(t[d].baseline, 'Baseline');
    }
  }
  for (const p of e.policiesSelectingNothing) if (p.tier) tiers.set(p.policy, `${p.tier} tier, priority ${p.priority}`);
  const policy = (ref: string) => [ref, ...(tiers.has(ref) ? [tiers.get(ref)!] : [])].join(' / ');
  const podPeer = (peer: string) => /^(all )?pods/.test(peer);
  const blocks = e.targets.map((t) => ({
    subject: [...shown(t.endpoints), ISOLATION(t.ingress.isolated, t.egress.isolated)],
    policies: t.policies.map(policy).sort(),
    rules: (['ingress', 'egress'] as const)
      .flatMap((d) =>
        // The baseline tier is not asked of a side NetworkPolicies isolate.
        [...t[d].admin, ...t[d].allows, ...(t[d].isolated ? [] : t[d].baseline)].map((r) => {
          const today = r.matches.length > 0 ? shown(r.matches) : podPeer(r.peer) ? ['no pod today'] : [];
          const tier = 'action' in r ? (r as TierRule) : undefined;
          const name = tier?.name ? ` "${tier.name}"` : '';
          return ruleText(d, today.length > 0 ? [`${r.peer}:`, ...today] : [r.peer], [`${r.policy} rule ${r.rule}${name}`, `${tier ? `${tier.action} ` : ''}${r.ports}`]);
        }),
      )
      .sort(),
  }));
  for (const p of e.policiesSelectingNothing) {
    blocks.push({
      subject: [p.selects, 'no pod or workload in the input'],
      policies: [policy(p.policy)],
      rules: (['ingress', 'egress'] as const)
        .flatMap((d) => p[d].allows.flatMap((r) => r.peers.map((peer) => ruleText(d, [peer], [`${p.policy} rule ${r.rule}${r.name ? ` "${r.name}"` : ''}`, `${r.action ? `${r.action} ` : ''}${r.ports}`]))))
        .sort(),
    });
  }
  return { blocks, unselected: e.unselected.length > 0 ? [...shown(e.unselected), 'selected by no policy: not isolated'] : undefined };
}

/** The picture read back into blocks: one per cluster, its subject the node its policies' dashed `selects` arrows point at. */
function drawnBlocks(graph: ReadGraph): { blocks: Block[]; unselected: string[] | undefined } {
  const label = (id: string) => graph.nodes.get(id)!.label;
  const blocks = graph.clusters.map((_, i): Block => {
    const inside = [...graph.nodes.values()].filter((n) => n.cluster === i).map((n) => n.id);
    const edges = graph.edges.filter((e) => inside.includes(e.from) || inside.includes(e.to));
    for (const e of edges) assert.ok(inside.includes(e.from) && inside.includes(e.to), `an arrow leaves its box: ${label(e.from).join(' ')} -> ${label(e.to).join(' ')}`);
    const selects = edges.filter((e) => e.label.join() === 'selects');
    const subjects = [...new Set(selects.map((e) => e.to))];
    assert.equal(subjects.length, 1, 'one subject per box');
    const subject = subjects[0]!;
    for (const e of selects) {
      assert.equal(graph.nodes.get(e.from)!.shape, 'hexagon', 'policies are hexagons');
      assert.ok(e.dashed, 'selects is dashed');
    }
    const rules = edges.filter((e) => !selects.includes(e));
    for (const e of rules) assert.ok((e.to === subject) !== (e.from === subject), 'each rule arrow joins the subject and a peer');
    return {
      subject: label(subject),
      policies: selects.map((e) => label(e.from).join(' / ')).sort(),
      rules: rules.map((e) => (e.to === subject ? ruleText('ingress', label(e.from), e.label) : ruleText('egress', label(e.to), e.label))).sort(),
    };
  });
  const alone = [...graph.nodes.values()].filter((n) => n.cluster === undefined);
  assert.ok(alone.length <= 1, 'only the unselected endpoints stand outside the boxes');
  assert.ok(!graph.edges.some((e) => alone.some((n) => n.id === e.from || n.id === e.to)), 'unselected endpoints have no arrows');
  return { blocks, unselected: alone[0]?.label };
}

const EXPLAINED = [
  ['-f', 'examples/seed'],
  ['-f', 'examples/cluster-network-policy'],
  ['-f', 'examples/clean'],
  ['-f', 'examples/lint'],
  ['-f', 'examples/lint', '-n', 'shop'],
  ['-f', 'examples/lint/pal010-rules-ignored.yaml', '-f', 'examples/lint/pal001-policy-selects-nothing.yaml'],
];

for (const args of EXPLAINED) {
  test(`explain ${args.join(' ')}: -o dot and -o mermaid draw exactly what -o json explains`, () => {
    const explanation = JSON.parse(palisade(['explain', ...args, '-o', 'json']).stdout) as Explanation;
    const expected = expectedBlocks(explanation);
    assert.ok(expected.blocks.length > 0);
    for (const [format, graph] of graphs(['explain', ...args])) {
      assert.deepEqual(drawnBlocks(graph), expected, format);
      for (const n of graph.nodes.values()) assert.equal(n.bold, n.label.some((l) => l.startsWith('isolated for') || l === 'not isolated by NetworkPolicies'), `${format}: only the targets are bold`);
    }
  });
}

test('explain -o dot and -o mermaid: the examples show each kind of node and rule, so the comparison above covers them', () => {
  const kinds = new Set<string>();
  for (const args of EXPLAINED) {
    const e = JSON.parse(palisade(['explain', ...args, '-o', 'json']).stdout) as Explanation;
    if (e.unselected.length > 0) kinds.add('unselected');
    if (e.policiesSelectingNothing.length > 0) kinds.add('selects nothing');
    for (const t of e.targets) {
      for (const d of ['ingress', 'egress'] as const) {
        if (t[d].isolated && t[d].allows.length === 0) kinds.add('isolated, nothing allowed');
        if (t[d].isolated && t[d].baseline.length > 0) kinds.add('baseline not asked');
        for (const r of [...t[d].admin, ...t[d].baseline]) kinds.add(r.action);
        for (const a of t[d].allows) kinds.add(a.matches.length > 0 ? 'peer with matches' : /^(all )?pods/.test(a.peer) ? 'no pod today' : 'addresses');
        if ([...t[d].admin, ...t[d].allows, ...t[d].baseline].some((r) => r.matches.length > 8)) kinds.add('more than 8 matches');
      }
    }
  }
  assert.deepEqual([...kinds].sort(), ['Accept', 'Deny', 'Pass', 'addresses', 'baseline not asked', 'isolated, nothing allowed', 'more than 8 matches', 'no pod today', 'peer with matches', 'selects nothing', 'unselected']);
});

test('explain -o mermaid: the colours of ClusterNetworkPolicy actions, and quotes in rule names written as entities', () => {
  const r = palisade(['explain', '-f', 'examples/cluster-network-policy', '-o', 'mermaid']);
  assert.match(r.stdout, /\|"cluster-guardrails rule 0 #34;no-metadata-service#34;<br>Deny on any port"\|/);
  const graph = readMermaid(r.stdout);
  for (const e of graph.edges) {
    const action = /^(Accept|Deny|Pass) /.exec(e.label[1] ?? '')?.[1];
    const expected = e.label[0] === 'selects' || action === 'Pass' ? 'gray' : action === 'Deny' ? 'red' : undefined;
    assert.equal(e.tone, expected, e.label.join(' '));
  }
});

const dir = mkdtempSync(join(tmpdir(), 'palisade-graph-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A folder of `count` pods, each with labels of its own, and the given policies. */
function cluster(name: string, count: number, policies = ''): string {
  const path = join(dir, name);
  mkdirSync(path);
  const pods = Array.from(
    { length: count },
    (_, i) => `---
apiVersion: v1
kind: Pod
metadata: {name: p${i}, namespace: default, labels: {app: p${i}}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 80}]}]}
status: {podIP: 10.0.0.${i + 1}}
`,
  );
  writeFileSync(join(path, 'cluster.yaml'), pods.join('') + policies);
  return path;
}

const allowInto = (from: string, ports: number[]) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: into-p1, namespace: default}
spec:
  podSelector: {matchLabels: {app: p1}}
  ingress: [{from: [{podSelector: {matchLabels: {app: ${from}}}}], ports: [${ports.map((p) => `{port: ${p}}`).join(', ')}]}]
`;

/** `diff -o markdown` and `-o json` of the same two folders. */
function diffBoth(base: string, head: string): { markdown: string; json: ConnectivityDiff } {
  const md = palisade(['diff', '--base', base, '--head', head, '-o', 'markdown']);
  assert.equal(md.code, 1, md.stderr);
  return { markdown: md.stdout, json: JSON.parse(palisade(['diff', '--base', base, '--head', head, '-o', 'json']).stdout) as ConnectivityDiff };
}

test('diff -o markdown: below the table, a Mermaid graph of the gained and lost connections, told apart by sign and line', () => {
  // p0 may reach p1 on 80; after, p2 may on 80 and 8080 instead.
  const { markdown, json } = diffBoth(cluster('small-base', 3, allowInto('p0', [80])), cluster('small-head', 3, allowInto('p2', [80, 8080])));
  const block = /\n\| ➕ gained .*\n\n```mermaid\n([\s\S]*?)\n```\n/.exec(markdown);
  assert.ok(block, `the graph follows the table: ${markdown}`);
  const graph = readMermaid(block[1]!);
  const drawn = graph.edges.map((e) => `${nodeName(graph, e.from)} => ${nodeName(graph, e.to)} : ${e.label.join('\n')} (${e.dashed ? 'dashed' : 'solid'} ${e.tone})`).sort();
  assert.deepEqual(drawn, ['default/p0 => default/p1 : − 80/TCP (dashed red)', 'default/p2 => default/p1 : + 80/TCP, 8080/TCP (solid green)']);
  // The changes -o json lists, one arrow per pair and kind of change with its ports.
  const pairs = new Map<string, string[]>();
  for (const c of json.changes) {
    const key = `${c.from.label} => ${c.to.label} : ${c.change === 'gained' ? '+' : '−'}`;
    pairs.set(key, [...(pairs.get(key) ?? []), c.port]);
  }
  assert.deepEqual([...pairs].map(([key, ports]) => `${key} ${ports.join(', ')}`).sort(), drawn.map((d) => d.replace(/ \(.*\)$/, '')));
});

test('diff -o markdown: with more changed pairs than a graph shows readably, one line says the graph is left out and why', () => {
  const denyAll = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: default}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
  const { markdown, json } = diffBoth(cluster('many-base', 6, denyAll), cluster('many-head', 6));
  const pairs = new Set(json.changes.map((c) => `${c.change} ${c.from.label} ${c.to.label}`)).size;
  assert.ok(pairs > 30, `six pods reachable from each other and from outside: ${pairs} pairs`);
  assert.doesNotMatch(markdown, /```mermaid/);
  assert.match(markdown, new RegExp(`\\n\\| ➕ gained .*\\n\\n_The graph of these changes is left out: it would have ${pairs} arrows \\(one per pair of endpoints gained or lost\\), more than the 30 that read clearly; the table lists every change\\._\\n`));
});
