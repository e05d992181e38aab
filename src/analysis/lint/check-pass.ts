/**
 * PAL012 pass-allows-by-default: a `Pass` that in effect means `Accept`.
 *
 * - In the Admin tier, Pass hands traffic to the NetworkPolicies, and to the
 *   Baseline tier for pods none isolates. When, for every pod the rule
 *   applies to, no NetworkPolicy isolates it and no Baseline rule matches
 *   what the rule passes, that traffic ends allowed by default. Asked of the
 *   engine: each subject's whole side, walked over every far end and port
 *   atom (`decisionsOf`), says what the rule passed and which Baseline
 *   entries decided any of it.
 * - In the Baseline tier, Pass hands over to the default, which allows:
 *   always the same as Accept, whatever the cluster.
 *
 * Often meant (namespace owners are to decide, and have not yet), hence info.
 */
import type { Engine, Identity } from '../../engine/engine.js';
import type { CompiledPolicy, CompiledRule } from '../../engine/policies.js';
import { decisionsOf } from '../../engine/side-coverage.js';
import type { Direction } from '../../engine/types.js';
import { DIRECTIONS, endpointCount, listed, rulePath, type LintContext, type RawFinding } from './context.js';
import { entryOf } from './tier-rules.js';

export function passAllowsByDefault(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const policy of ctx.clusterPolicies) {
    for (const d of DIRECTIONS) {
      const pods = ctx.selected(policy, d);
      const subjects = ctx.sideIdentities(pods, d);
      for (const rule of policy.rules[d]) {
        if (rule.action !== 'pass') continue;
        const path = rulePath(d, rule.index).child('action');
        if (policy.tier === 'baseline') {
          out.push({
            check: 'PAL012',
            object: policy.source,
            path,
            message: 'in the Baseline tier, Pass hands the traffic to the default, which allows it: this rule means the same as Accept',
            hint: 'write action: Accept, which says what happens; to deny this traffic unless a NetworkPolicy allows it, write Deny',
          });
        } else if (endsByDefault(ctx.engine, subjects, d, policy, rule)) {
          out.push({
            check: 'PAL012',
            object: policy.source,
            path,
            message:
              `Pass hands what this rule matches to the NetworkPolicies, but none isolates the pods it applies to for ${d} ` +
              `(${endpointCount(pods.length)}: ${listed(pods.map((p) => p.ref), 3)}) and no Baseline rule matches it: it ends allowed by default, as with Accept (with the pods known now)`,
            hint: `write action: Accept if allowing is meant; for the namespaces' owners to decide, their NetworkPolicies must isolate these pods for ${d}; for a default that denies, add a Baseline Deny rule`,
          });
        }
      }
    }
  }
  return out;
}

/** Whether an Admin Pass rule passes something, and all it passes, for every subject, meets no isolating NetworkPolicy and no Baseline rule. */
function endsByDefault(engine: Engine, subjects: readonly Identity[], d: Direction, policy: CompiledPolicy, rule: CompiledRule): boolean {
  let passes = false;
  for (const identity of subjects) {
    const side = engine.compiledSide(identity, d);
    const entry = entryOf(engine, identity, d, policy, rule);
    const decidedBelow = decisionsOf(engine, identity, d, [side], (ops, [decided]) => {
      const passed = decided!.get(entry);
      if (passed === undefined) return false;
      passes = true;
      return side.policies.length > 0 || [...decided!].some(([e, part]) => e.tier === 'baseline' && !ops.isEmpty(ops.and(part, passed)));
    });
    if (decidedBelow) return false;
  }
  return passes;
}
