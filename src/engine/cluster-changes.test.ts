/**
 * A snapshot's changes, applied to an engine of the snapshot before, give the
 * engine of the snapshot after: the same node rulesets and the same verdicts,
 * on random clusters through random changes.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRuleset, type Ruleset } from '../dataplane/ruleset.js';
import type { Cluster } from './cluster.js';
import { Engine } from './engine.js';
import { BUCKETS } from '../model/kinds.js';
import type { KubeObject } from '../model/objects.js';
import { truthTable } from './truth-table.js';
import { applyChange, changeIntentArb, clusterArb, NODE_NAMES, resolveChange } from '../reference/arbitraries.js';
import { clusterChanges } from './cluster-changes.js';

const RUNS = Number(process.env['PALISADE_PROPERTY_RUNS'] ?? 0) || undefined;

test('the changes between two snapshots bring an engine of the first to the second', () => {
  const scenario = fc.record({ cluster: clusterArb, intents: fc.array(changeIntentArb, { minLength: 0, maxLength: 8 }) });
  fc.assert(
    fc.property(scenario, ({ cluster, intents }) => {
      let after = cluster;
      intents.forEach((intent, i) => {
        const change = resolveChange(after, intent, i);
        if (change) after = applyChange(after, change);
      });
      const changes = clusterChanges(cluster, after);
      const updated = Engine.compile(cluster);
      for (const change of changes) updated.apply(change);
      const fresh = Engine.compile(after);
      // Policies an update brings come after those the engine had, so rules may come in another order: NetworkPolicy rules only allow, in any order.
      for (const node of [...NODE_NAMES, null]) assert.deepEqual(podRules(compileRuleset(updated, node)), podRules(compileRuleset(fresh, node)), `node ${node ?? '(all)'}`);
      const refs = fresh.endpoints().map((e) => e.ref).sort();
      assert.deepEqual(updated.endpoints().map((e) => e.ref).sort(), refs);
      const ports = fresh.portsOfInterest();
      const byRef = (e: Engine) => refs.map((r) => e.resolve(r)) as Parameters<typeof truthTable>[1];
      const [a, b] = [truthTable(updated, byRef(updated), ports), truthTable(fresh, byRef(fresh), ports)];
      ports.forEach((_, k) => assert.deepEqual(a.bitMatrix(k).words, b.bitMatrix(k).words, `port ${k}`));
    }),
    { numRuns: RUNS ?? 200, includeErrorInReport: true },
  );
});

/**
 * Each pod's rules per direction, in order of text, with the sets they use
 * and, where an admin chain goes below, the pod's chain of the tiers below
 * written out (chains are named by their rules in order, which may differ
 * where the order means nothing).
 */
function podRules(r: Ruleset): Record<string, { ingress: string[]; egress: string[] }> {
  const sets = new Map(r.sets.map((x) => [x.name, `{ ${x.elements.join(', ')} }`]));
  const byName = new Map(r.chains.map((c) => [c.name, c.rules]));
  const rulesOf = (chain: string | null, below: string | null): string[] =>
    (chain === null ? [] : byName.get(chain)!)
      .map((rule) => rule.replace(/@([a-z]_[0-9a-f]+)/g, (_, name: string) => sets.get(name)!).replace(/goto below_(?:ingress|egress)/g, () => `goto { ${rulesOf(below, null).join('; ')} }`))
      .sort();
  return Object.fromEntries(r.pods.map((p) => [p.ref, { ingress: rulesOf(p.ingress, p.belowIngress), egress: rulesOf(p.egress, p.belowEgress) }]));
}

test('an unchanged snapshot has no changes, whatever files its objects were read from', () => {
  fc.assert(
    fc.property(clusterArb, (cluster) => {
      const elsewhere = <T extends { origin: object }>(o: T): T => ({ ...o, origin: { ...o.origin, file: 'elsewhere.yaml' } });
      const moved = Object.fromEntries(BUCKETS.map((b) => [b, (cluster[b] as KubeObject[]).map(elsewhere)])) as unknown as Cluster;
      assert.deepEqual(clusterChanges(cluster, moved), []);
    }),
    { numRuns: RUNS ?? 50 },
  );
});
