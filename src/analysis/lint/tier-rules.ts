/**
 * Tiered policies' rules for the tier checks (PAL011–PAL013): a rule's
 * entry in a pod's compiled side, which is what the engine's walks
 * (`decisionsOf`) report on, and a rule in words.
 */
import type { Engine, Identity } from '../../engine/engine.js';
import { actionText, TIER_NAMES, tierPlaceText, type CompiledPolicy, type CompiledRule } from '../../engine/policies.js';
import type { SideEntry } from '../../engine/side-policy.js';
import type { Direction } from '../../engine/types.js';

/** The entry of a rule in an identity's side (which the policy applies to). */
export function entryOf(engine: Engine, identity: Identity, direction: Direction, policy: CompiledPolicy, rule: CompiledRule): SideEntry {
  return engine.compiledSide(identity, direction).entries.find((e) => e.policy === policy && e.rule === rule)!;
}

/** `deny-all ingress[1] "others" Deny`, `AdminNetworkPolicy/deny-all ingress[1] Deny`: a tiered policy's rule with its name and action. */
export function ruleWords(policy: CompiledPolicy, rule: CompiledRule): string {
  return `${policy.ref} ${rule.direction}[${rule.index}]${rule.name ? ` ${JSON.stringify(rule.name)}` : ''} ${actionText(policy.ref, rule.action)}`;
}

/** `deny-all ingress[1] "others" Deny (Admin, priority 5)`: with where its policy stands. */
export function tierRuleText(policy: CompiledPolicy, rule: CompiledRule): string {
  return `${ruleWords(policy, rule)} (${tierPlaceText(policy.ref, TIER_NAMES[policy.tier as 'admin' | 'baseline'], policy.priority)})`;
}
