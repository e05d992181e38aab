/**
 * PAL013 same-priority-conflict: two ClusterNetworkPolicies of one tier at
 * the same priority that apply to some of the same pods and decide some of
 * the same traffic differently. The API leaves the order of equal priorities
 * to implementations, so the outcome depends on the implementation;
 * Palisade orders them by name.
 *
 * Asked of the engine per shared pod (one identity per distinct side), over
 * every far end and port atom (`decisionsOf`): the tier's lower priorities
 * followed by one policy's rules, and by the other's, walked as two sides;
 * two rules conflict when they decide a common part with different effects.
 * Whatever order an implementation puts them in (others of that priority
 * after both, or between: pairs are judged one by one), that part gets one
 * effect or the other.
 */
import type { Engine, Identity } from '../../engine/engine.js';
import { hasPriority, TIER_NAMES, type Action, type CompiledPolicy, type CompiledRule } from '../../engine/policies.js';
import { decisionsOf } from '../../engine/side-coverage.js';
import { orderedSide, type SideEntry } from '../../engine/side-policy.js';
import type { Direction } from '../../engine/types.js';
import { FieldPath } from '../../model/field-path.js';
import { DIRECTIONS, listed, type LintContext, type RawFinding } from './context.js';
import { ruleWords } from './tier-rules.js';

export function samePriorityConflict(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  const policies = ctx.clusterPolicies;
  for (const [i, a] of policies.entries()) {
    for (const b of policies.slice(i + 1)) {
      if (b.tier !== a.tier || b.priority !== a.priority) break; // in order of evaluation: the equals are next to each other
      const pairs = new Map<string, [CompiledRule, CompiledRule]>();
      const shared = new Set<string>();
      for (const d of DIRECTIONS) {
        const ofA = new Set(ctx.selected(a, d));
        const both = ctx.selected(b, d).filter((ep) => ofA.has(ep));
        for (const ep of both) shared.add(ep.ref);
        for (const identity of ctx.sideIdentities(both, d)) conflicts(ctx.engine, identity, d, a, b, pairs);
      }
      if (pairs.size === 0) continue;
      const texts = [...pairs.values()].map(([ra, rb]) => `${ruleWords(a, ra)} and ${ruleWords(b, rb)}`);
      // The BaselineAdminNetworkPolicy has no priority of its own (it is ordered as 1000): the finding is the other's.
      const at = hasPriority(b.ref) ? b : a;
      const tier = `the ${TIER_NAMES[a.tier as 'admin' | 'baseline']} tier`;
      const where = hasPriority(b.ref) ? `are both at priority ${a.priority} in ${tier}` : `are both last in ${tier} (${a.ref} at priority ${a.priority}, where Palisade orders the BaselineAdminNetworkPolicy)`;
      out.push({
        check: 'PAL013',
        object: at.source,
        path: FieldPath.root('spec', 'priority'),
        message:
          `${a.ref} and ${b.ref} ${where}, apply to the same pods (${listed([...shared].sort(), 3)}) ` +
          `and decide some of the same traffic differently: ${listed(texts, 3)}. The API leaves the order of equal priorities to implementations: ` +
          `Palisade applies ${a.ref} first (${a.kind === b.kind ? 'by name' : `a ClusterNetworkPolicy before ${b.kind === 'AdminNetworkPolicy' ? 'an' : 'the'} ${b.kind}`}), another implementation may apply ${b.ref} first`,
        hint: hasPriority(b.ref) ? 'give the two policies different priorities: the one that should win gets the lower number' : `give ${a.ref} a priority below 1000 if it should win, or move its rules into the BaselineAdminNetworkPolicy`,
      });
    }
  }
  return out;
}

/** What a rule does in effect: in the Baseline tier, Pass goes to the default, which allows. */
function effect(e: SideEntry): Action {
  return e.tier === 'baseline' && e.action === 'pass' ? 'allow' : e.action;
}

/** Adds to `pairs` the rules of `a` and `b` that decide a common part of `identity`'s traffic with different effects. */
function conflicts(engine: Engine, identity: Identity, d: Direction, a: CompiledPolicy, b: CompiledPolicy, pairs: Map<string, [CompiledRule, CompiledRule]>): void {
  const tier = engine.compiledSide(identity, d).entries.filter((e) => e.tier === a.tier);
  const earlier = tier.filter((e) => e.policy.priority < a.priority);
  const after = (p: CompiledPolicy) => orderedSide(d, [], [...earlier, ...tier.filter((e) => e.policy === p)]);
  decisionsOf(engine, identity, d, [after(a), after(b)], (ops, [byA, byB]) => {
    for (const [ea, pa] of byA!) {
      if (ea.policy !== a) continue;
      for (const [eb, pb] of byB!) {
        if (eb.policy === b && effect(ea) !== effect(eb) && !ops.isEmpty(ops.and(pa, pb))) pairs.set(`${d} ${ea.rule.index} ${eb.rule.index}`, [ea.rule, eb.rule]);
      }
    }
    return false;
  });
}
