/**
 * The one walk over a compiled side, on every tier and action (which
 * NetworkPolicy alone never produces): over sets it admits exactly the far
 * ends it admits one by one, and one by one it follows the order of
 * evaluation written literally: the admin tier's first match, then the
 * namespace tier (any allow, else denied when isolated), then the baseline
 * tier's first match, then allow.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Bitset } from './bitset.js';
import type { CompiledPolicy, CompiledRule } from './policies.js';
import { bitsetOps } from './side-matches.js';
import { evaluateSide, ONE, orderedSide, type Action, type CompiledSide, type SideEntry, type Tier } from './side-policy.js';

const FAR_ENDS = 8;

interface Draft {
  tier: Tier;
  action: Action;
  /** The far ends (0..7) the entry matches. */
  matches: number[];
}

const draftArb: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({ tier: fc.constant<Tier>('admin'), action: fc.constantFrom<Action>('allow', 'deny', 'pass'), matches: fc.uniqueArray(fc.nat(FAR_ENDS - 1)) }),
  fc.record({ tier: fc.constant<Tier>('namespace'), action: fc.constant<Action>('allow'), matches: fc.uniqueArray(fc.nat(FAR_ENDS - 1)) }),
  fc.record({ tier: fc.constant<Tier>('baseline'), action: fc.constantFrom<Action>('allow', 'deny'), matches: fc.uniqueArray(fc.nat(FAR_ENDS - 1)) }),
);

/** Entries (put in tier order by the side), each standing for a rule that matches its far ends. */
function sideOf(drafts: Draft[], isolated: boolean): { side: CompiledSide; matches: Map<SideEntry, Set<number>> } {
  const matches = new Map<SideEntry, Set<number>>();
  const entries = drafts.map((d, i): SideEntry => {
    const entry: SideEntry = { tier: d.tier, action: d.action, policy: { ref: `p${i}` } as CompiledPolicy, rule: { index: i } as CompiledRule, peers: null };
    matches.set(entry, new Set(d.matches));
    return entry;
  });
  const policies = isolated || drafts.some((d) => d.tier === 'namespace') ? [{ ref: 'isolating' } as CompiledPolicy] : [];
  return { side: orderedSide('ingress', policies, entries), matches };
}

/** The order of evaluation, written out for one far end. */
function literal(side: CompiledSide, matches: Map<SideEntry, Set<number>>, far: number): boolean {
  const firstMatch = (tier: Tier) => side.entries.find((e) => e.tier === tier && matches.get(e)!.has(far));
  const admin = firstMatch('admin');
  if (admin?.action === 'allow') return true;
  if (admin?.action === 'deny') return false;
  if (side.policies.length > 0) return side.entries.some((e) => e.tier === 'namespace' && matches.get(e)!.has(far));
  const baseline = firstMatch('baseline');
  return baseline ? baseline.action === 'allow' : true;
}

test('a side admits, over a set of far ends, what it admits one by one, and that follows the order of evaluation', () => {
  fc.assert(
    fc.property(fc.array(draftArb, { maxLength: 8 }), fc.boolean(), (drafts, isolated) => {
      const { side, matches } = sideOf(drafts, isolated);
      const all = new Bitset(FAR_ENDS);
      all.fill(FAR_ENDS);
      const asSet = evaluateSide(side, bitsetOps(all), (e) => {
        const bits = new Bitset(FAR_ENDS);
        for (const far of matches.get(e)!) bits.add(far);
        return bits;
      });
      for (let far = 0; far < FAR_ENDS; far++) {
        const one = evaluateSide(side, ONE, (e) => matches.get(e)!.has(far));
        const want = literal(side, matches, far);
        assert.equal(one, want, `far end ${far}, one by one`);
        assert.equal(asSet.has(far), want, `far end ${far}, as a set`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('every allowing rule of the namespace tier is reported when asked, only the deciding one of the other tiers', () => {
  const { side, matches } = sideOf(
    [
      { tier: 'admin', action: 'pass', matches: [0] },
      { tier: 'admin', action: 'deny', matches: [0, 1] },
      { tier: 'namespace', action: 'allow', matches: [0] },
      { tier: 'namespace', action: 'allow', matches: [0, 1] },
    ],
    true,
  );
  const decidedFor = (far: number) => {
    const by: string[] = [];
    const allowed = evaluateSide(side, ONE, (e) => matches.get(e)!.has(far), { every: true, decided: (e) => by.push(`${e.tier} ${e.action}`) });
    return { allowed, by };
  };
  assert.deepEqual(decidedFor(0), { allowed: true, by: ['admin pass', 'namespace allow', 'namespace allow'] });
  assert.deepEqual(decidedFor(1), { allowed: false, by: ['admin deny'] });
  assert.deepEqual(decidedFor(2), { allowed: false, by: [] }, 'isolated, and no rule allows');
});
