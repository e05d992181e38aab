/**
 * PAL011 rule-shadowed: a ClusterNetworkPolicy rule that no traffic ever
 * reaches, because earlier rules of its tier (earlier in its policy, or in
 * policies before it: lower priority, or equal priority and an earlier name)
 * decide all it matches first, for every pod it applies to.
 *
 * Asked of the engine per pod it applies to (one identity per distinct
 * side), over every far end and port atom (`decisionsOf`): its tier's
 * entries walked as a side, and the rule walked alone (what it matches). The
 * rule is reached when the first walk hands it some part to decide. Other tiers are not counted: what the Admin tier decides before a
 * Baseline rule, or NetworkPolicies isolating its pods (PAL014), are the
 * tiers working as designed.
 */
import type { Engine, Identity } from '../../engine/engine.js';
import type { CompiledPolicy, CompiledRule } from '../../engine/policies.js';
import { decisionsOf } from '../../engine/side-coverage.js';
import { orderedSide, type SideEntry } from '../../engine/side-policy.js';
import type { Direction } from '../../engine/types.js';
import { DIRECTIONS, listed, rulePath, type LintContext, type RawFinding } from './context.js';
import { entryOf, tierRuleText } from './tier-rules.js';

export function ruleShadowed(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const policy of ctx.clusterPolicies) {
    for (const d of DIRECTIONS) {
      const subjects = ctx.sideIdentities(ctx.selected(policy, d), d);
      for (const rule of policy.rules[d]) {
        const by = shadowedBy(ctx.engine, subjects, d, policy, rule);
        if (!by) continue;
        const refs = [...new Set([...by].map((e) => tierRuleText(e.policy, e.rule)))];
        out.push({
          check: 'PAL011',
          object: policy.source,
          path: rulePath(d, rule.index),
          message: `this rule is never reached (with the pods known now): for every pod it applies to, all it matches is decided first by ${listed(refs, 4)}`,
          hint: 'put the rule before the rules that shadow it (earlier in the policy, or a lower priority for its policy), narrow them, or remove this rule',
        });
      }
    }
  }
  return out;
}

/**
 * The earlier entries of the rule's tier that decide what it matches, when
 * they decide all of it for every subject; null when it decides something
 * for some subject, or matches nothing at all (PAL001, PAL002: selectors
 * that select nothing).
 */
function shadowedBy(engine: Engine, subjects: readonly Identity[], d: Direction, policy: CompiledPolicy, rule: CompiledRule): Set<SideEntry> | null {
  const by = new Set<SideEntry>();
  let matches = false;
  for (const identity of subjects) {
    const entry = entryOf(engine, identity, d, policy, rule);
    const tier = orderedSide(d, [], engine.compiledSide(identity, d).entries.filter((e) => e.tier === policy.tier));
    const reached = decisionsOf(engine, identity, d, [tier, orderedSide(d, [], [entry])], (ops, [inTier, alone]) => {
      const mine = alone!.get(entry);
      if (mine === undefined) return false;
      matches = true;
      if (inTier!.has(entry)) return true;
      for (const [e, part] of inTier!) if (!ops.isEmpty(ops.and(part, mine))) by.add(e);
      return false;
    });
    if (reached) return null;
  }
  return matches ? by : null;
}
