/**
 * Verdicts in words, one wording for every front end (CLI, web UI): why a
 * side allows or denies, and the rules that did or did not match. Plain text:
 * colour and layout belong to the front end.
 */
import { peerText, ruleText } from './describe.js';
import type { Engine } from './engine.js';
import { actionText, portsFieldOf, TIER_NAMES, tieredPolicyText, tierPlaceText } from './policies.js';
import { portEntryText } from './ports.js';
import type { ClusterRuleMiss, Direction, Endpoint, RuleRef, SideVerdict } from './types.js';

/** `shop/web-5d8f-a (of deployment/web)` for a pod of a workload in the input, else the ref. */
export function endpointText(ep: Endpoint): string {
  return ep.kind === 'pod' && ep.owner ? `${ep.ref} (of ${ep.owner.slice(ep.namespace.length + 1)})` : ep.ref;
}

export function sideVerb(side: SideVerdict): 'allows' | 'denies' {
  return side.allowed ? 'allows' : 'denies';
}

/**
 * Why a side decided, the sentence after its verb. A decision by rules names
 * the isolating policies; the rules follow it: `ruleRefText` for each rule
 * that allows, `onlyIsolatesText` or `ruleName` and `ruleAllowsText` for each
 * policy and rule that did not.
 */
export function sideReasonText(side: SideVerdict): string {
  switch (side.reason) {
    case 'external':
      return 'an address outside the cluster has no policies';
    case 'host-network':
      return 'host-network pods are not selected by policies';
    case 'not-isolated':
      return `${passedText(side)}no policy selects it for ${side.direction}, so it is not isolated`;
    case 'self':
      return 'a pod can always reach itself';
    case 'node-local':
      return 'traffic between a pod and a host-network pod of its own node is always allowed';
    case 'allowed-by-rule':
      if (side.tier === 'admin' || side.tier === 'baseline') return `${passedText(side)}accepted by the ${TIER_NAMES[side.tier]} tier`;
      return `${passedText(side)}${isolatedByText(side.policies)}; allowed by`;
    case 'no-rule-matched':
      return `${passedText(side)}${isolatedByText(side.policies)}, and no rule allows it`;
    case 'denied-by-rule':
      return `${passedText(side)}denied by the ${TIER_NAMES[side.tier as 'admin' | 'baseline']} tier`;
  }
}

/** Before the rules of `SideVerdict.unknownBy`. */
export const unknownText = 'unknown: allowed instead if one of these domain names resolves to the address (Palisade cannot resolve names offline):';

/** `passed on by the Admin tier; `: the tiers that handed the decision on, before the one that took it. */
function passedText(side: SideVerdict): string {
  const tiers = [...new Set((side.passedBy ?? []).map((r) => TIER_NAMES[r.tier!]))];
  return tiers.length === 0 ? '' : `passed on by the ${tiers.join(' and ')} tier${tiers.length > 1 ? 's' : ''}; `;
}

/**
 * A denying side in a phrase: `ingress of default/db (isolated by default/deny-all)`,
 * or with the ClusterNetworkPolicy rule that denies it: `egress of default/db
 * (ClusterNetworkPolicy no-egress (Admin, priority 5) egress[0] Deny)`.
 */
export function denyingSideText(side: Pick<SideVerdict, 'direction' | 'endpoint' | 'policies'> & { rule?: RuleRef | undefined }): string {
  const { rule } = side;
  if (rule?.tier !== undefined) return `${side.direction} of ${side.endpoint} (${clusterRuleName({ ...rule, tier: rule.tier, priority: rule.priority!, action: rule.action! }, side.direction)})`;
  return `${side.direction} of ${side.endpoint}${side.policies.length ? ` (${isolatedByText(side.policies)})` : ''}`;
}

function isolatedByText(policies: readonly string[]): string {
  return `isolated by ${policies.join(', ')}`;
}

/**
 * `default/allow-db ingress[0] from[2] (pods with role=frontend in namespace default), ports[0] (6379/TCP)`;
 * a ClusterNetworkPolicy's rule with its tier, priority, name and action:
 * `ClusterNetworkPolicy deny-egress (Admin, priority 10) egress[1] "no-metadata" Deny to[0] (addresses in 169.254.169.254/32), any port`.
 */
export function ruleRefText(engine: Engine, r: RuleRef): string {
  const policy = engine.policy(r.policy)!;
  const rule = policy.rules[r.direction][r.rule]!;
  const field = r.direction === 'ingress' ? 'from' : 'to';
  const peer = r.peer === null ? `any peer` : `${field}[${r.peer}] (${peerText(rule.peers![r.peer]!, policy.namespace)})`;
  const portField = portsFieldOf(policy.ref);
  const port = r.port === null ? 'any port' : `${portField}[${r.port}] (${portEntryText(rule.ports![r.port]!)})`;
  if (r.tier === undefined) return `${ruleName(r.policy, r.direction, r.rule)} ${peer}, ${port}`;
  return `${clusterRuleName({ ...r, tier: r.tier, priority: r.priority!, action: r.action! }, r.direction)} ${peer}, ${port}`;
}

/** `ClusterNetworkPolicy deny-egress (Admin, priority 10) egress[1] "no-metadata" Deny`, `BaselineAdminNetworkPolicy default (Baseline) ingress[0] Allow`. */
export function clusterRuleName(r: Pick<ClusterRuleMiss, 'policy' | 'tier' | 'priority' | 'rule' | 'name' | 'action'>, direction: Direction): string {
  const name = r.name ? ` ${JSON.stringify(r.name)}` : '';
  return `${tieredPolicyText(r.policy)} (${tierPlaceText(r.policy, TIER_NAMES[r.tier], r.priority)}) ${direction}[${r.rule}]${name} ${actionText(r.policy, r.action)}`;
}

/** Before the rules of `SideVerdict.missedBy`. */
export const missedText = 'did not match (each would have decided otherwise):';


/** `default/allow-db ingress[0]`. */
export function ruleName(policy: string, direction: Direction, rule: number): string {
  return `${policy} ${direction}[${rule}]`;
}

/** What a rule allows: `from pods with role=frontend in namespace default, on 6379/TCP`. */
export function ruleAllowsText(engine: Engine, policy: string, direction: Direction, rule: number): string {
  const compiled = engine.policy(policy)!;
  return ruleText(compiled.rules[direction][rule]!, compiled.namespace);
}

/** An isolating policy with no rules for the direction: `default/deny-all: has no ingress rules (it only isolates)`. */
export function onlyIsolatesText(policy: string, direction: Direction): string {
  return `${policy}: has no ${direction} rules (it only isolates)`;
}
