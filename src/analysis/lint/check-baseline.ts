/**
 * PAL014 baseline-deny-overridden: a Baseline Deny rule of a policy all of
 * whose pods NetworkPolicies isolate in that direction. The Baseline tier is
 * consulted only for pods no NetworkPolicy isolates, so the rule never takes
 * effect: the NetworkPolicies decide, and what they allow stays allowed.
 *
 * With the pods known now; a Deny kept as a safety net for pods to come is
 * a fair choice, hence info.
 */
import { DIRECTIONS, endpointCount, listed, rulePath, type LintContext, type RawFinding } from './context.js';

export function baselineDenyOverridden(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const policy of ctx.clusterPolicies) {
    if (policy.tier !== 'baseline') continue;
    for (const d of DIRECTIONS) {
      const denies = policy.rules[d].filter((r) => r.action === 'deny');
      const pods = ctx.selected(policy, d);
      if (denies.length === 0 || pods.length === 0) continue;
      const isolating = pods.map((ep) => ctx.engine.isolatingPolicies(ep, d));
      if (isolating.some((list) => list.length === 0)) continue;
      const refs = [...new Set(isolating.flat().map((p) => p.ref))].sort();
      for (const rule of denies) {
        out.push({
          check: 'PAL014',
          object: policy.source,
          path: rulePath(d, rule.index),
          message:
            `every pod this policy applies to (${endpointCount(pods.length)}, with the pods known now) is isolated for ${d} by NetworkPolicies (${listed(refs, 4)}), ` +
            `so the Baseline tier is never consulted for them and this Deny never takes effect: what their NetworkPolicies allow stays allowed`,
          hint: 'to deny whatever the NetworkPolicies say, put the rule in the Admin tier; if it is a safety net for pods no NetworkPolicy isolates yet, annotate the policy with palisade.dev/lint-ignore: PAL014',
        });
      }
    }
  }
  return out;
}
