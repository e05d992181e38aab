/**
 * The node compiler after changes: what it compiles incrementally (keeping
 * what a change did not touch) is exactly what a fresh compile of the same
 * engine gives, on random clusters through random changes, for each node and
 * for all pods; and it does keep the untouched chains.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../engine/engine.js';
import { emptyBuckets } from '../model/kinds.js';
import { applyChange, changeIntentArb, clusterArb, NODE_NAMES, resolveChange, type ClusterChange } from '../reference/arbitraries.js';
import { rulesetText } from './nft-text.js';
import { compileRuleset, NodeCompiler, type Ruleset } from './ruleset.js';

const RUNS = Number(process.env['PALISADE_PROPERTY_RUNS'] ?? 0) || undefined;

test('compiling again after each change gives what a fresh compile gives', (t) => {
  let compared = 0;
  const scenario = fc.record({ cluster: clusterArb, intents: fc.array(changeIntentArb, { minLength: 1, maxLength: 8 }), ipBlockMatchesPods: fc.boolean() });
  fc.assert(
    fc.property(scenario, ({ cluster, intents, ipBlockMatchesPods }) => {
      const engine = Engine.compile(cluster, { ipBlockMatchesPods });
      const compilers = [...NODE_NAMES, null].map((node) => new NodeCompiler(engine, node));
      for (const c of compilers) c.compile();
      let current = cluster;
      const applied: ClusterChange[] = [];
      intents.forEach((intent, i) => {
        const change = resolveChange(current, intent, i);
        if (!change) return;
        current = applyChange(current, change);
        applied.push(change);
        const touched = engine.apply(change);
        for (const c of compilers) {
          c.forget(touched);
          const incremental = rulesetText(c.compile());
          const fresh = rulesetText(compileRuleset(engine, c.node));
          if (incremental !== fresh) assert.equal(incremental, fresh, `node ${c.node ?? '(all)'} after ${JSON.stringify(applied.map(describe))}`);
          compared++;
        }
      });
    }),
    { numRuns: RUNS ?? 300, includeErrorInReport: true },
  );
  assert.ok(compared > 0);
  t.diagnostic(`${compared} rulesets compared`);
});

function describe(c: ClusterChange): string {
  return c.op === 'upsert' ? `upsert ${c.object.kind} ${c.object.metadata.namespace ?? ''}/${c.object.metadata.name}` : `delete ${c.kind} ${c.namespace ?? ''}/${c.name}`;
}

const pod = (name: string, app: string, ip: string, role = 'server') => ({
  apiVersion: 'v1',
  kind: 'Pod' as const,
  metadata: { name, namespace: 'shop', labels: { app, role } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] },
  status: { podIP: ip },
});

/** Selects the pods of `app`, and lets the clients in. */
const policy = (name: string, app: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy' as const,
  metadata: { name, namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }] },
});

test('a relabelled pod rewrites its own chains only: the others are kept as they were', () => {
  const apps = ['a', 'b', 'c', 'd'];
  const engine = Engine.compile({
    ...emptyBuckets(),
    pods: [...apps.map((app, i) => pod(`${app}-0`, app, `10.0.0.${i + 1}`)), pod('client', 'client', '10.0.0.9', 'client')],
    policies: apps.map((app) => policy(`allow-${app}`, app)),
  } as never);
  const compiler = new NodeCompiler(engine, 'n1');
  const before = compiler.compile();
  compiler.forget(engine.apply({ op: 'upsert', object: pod('a-0', 'a2', '10.0.0.1') as never }));
  const after = compiler.compile();
  // a-0 is no longer selected by allow-a: its chain goes; b, c and d keep theirs, the very same objects.
  const kept = after.chains.filter((c) => before.chains.includes(c));
  assert.equal(after.chains.length, 3);
  assert.equal(kept.length, 3);
  assert.equal(rulesetText(after), rulesetText(compileRuleset(engine, 'n1')));
});

test('a client leaving an identity its twins stay in leaves the address set, as in an engine compiled afresh', () => {
  const client = (i: number, role = 'client') => pod(`client-${i}`, 'client', `10.0.0.${4 + i}`, role);
  const cluster = (pods: object[]) => ({ ...emptyBuckets(), pods: [pod('web-0', 'web', '10.0.0.1'), ...pods], policies: [policy('allow-web', 'web')] }) as never;
  // Three clients of one identity; client-1 leaves it, then client-3 joins it.
  const engine = Engine.compile(cluster([client(0), client(1), client(2)]));
  const compiler = new NodeCompiler(engine, 'n1');
  const elements = (r: Ruleset) => r.sets.find((s) => s.name.startsWith('a_'))!.elements;
  assert.deepEqual(elements(compiler.compile()), ['10.0.0.4/31', '10.0.0.6']);
  compiler.forget(engine.apply({ op: 'upsert', object: client(1, 'other') as never }));
  assert.deepEqual(elements(compiler.compile()), ['10.0.0.4', '10.0.0.6']);
  compiler.forget(engine.apply({ op: 'upsert', object: client(3) as never }));
  const after = compiler.compile();
  assert.deepEqual(elements(after), ['10.0.0.4', '10.0.0.6/31']);
  assert.equal(rulesetText(after), rulesetText(compileRuleset(Engine.compile(cluster([client(0), client(1, 'other'), client(2), client(3)])), 'n1')));
});
