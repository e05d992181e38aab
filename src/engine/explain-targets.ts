/**
 * Policy targets as users need to see them: pods grouped by the set of
 * policies that select them (so overlapping policies read as one), with what
 * each direction does in the order it applies (admin rules, NetworkPolicies,
 * baseline rules) and whom each rule reaches today. Policies that
 * select none of the endpoints (or with no cluster in the input, all of
 * them) are explained from their selectors alone.
 */
import { describePolicy, peerText, portsText, type PolicyDescription } from './describe.js';
import type { Engine } from './engine.js';
import { actionText, type CompiledPolicy, type CompiledRule } from './policies.js';
import type { SideEntry } from './side-policy.js';
import type { Direction, PodEndpoint } from './types.js';

export interface Allowance {
  policy: string;
  rule: number;
  /** Plain language: `pods with role=frontend in namespace default`, or `anywhere`. */
  peer: string;
  ports: string;
  /** The pods and workloads the peer matches now; empty for address ranges and `anywhere`. */
  matches: string[];
}

/** A ClusterNetworkPolicy rule's part of a side, per peer like an allowance, with what it does. */
export interface TierRule extends Allowance {
  priority: number;
  /** `Accept`, `Deny` or `Pass`. */
  action: string;
  name?: string;
}

/** One direction of a target, in the order it applies: the admin tier, the NetworkPolicies, the baseline tier. */
export interface SideExplanation {
  /** Whether NetworkPolicies isolate it. */
  isolated: boolean;
  /** The admin tier's rules: the first that matches decides (a Pass goes on to the NetworkPolicies). */
  admin: TierRule[];
  /** What the isolating NetworkPolicies allow. */
  allows: Allowance[];
  /** The baseline tier's rules, asked when no NetworkPolicy isolates: the first that matches decides. */
  baseline: TierRule[];
}

export interface TargetExplanation {
  /** Pods and workloads selected by exactly these policies. */
  endpoints: string[];
  policies: string[];
  ingress: SideExplanation;
  egress: SideExplanation;
}

export interface Explanation {
  targets: TargetExplanation[];
  /** Endpoints no policy selects. */
  unselected: string[];
  /** Of `policies`, those that select none of the endpoints, in words. */
  policiesSelectingNothing: PolicyDescription[];
}

/** `policies`: those to describe when they select none of `endpoints` (default: every policy). */
export function explainTargets(engine: Engine, endpoints: PodEndpoint[], policies: CompiledPolicy[] = engine.allPolicies()): Explanation {
  const selecting = new Set<string>();
  const groups = new Map<string, { endpoints: PodEndpoint[]; ingress: readonly string[]; egress: readonly string[] }>();
  const unselected: string[] = [];
  for (const ep of endpoints) {
    const ingress = engine.sidePolicyRefs(ep, 'ingress');
    const egress = engine.sidePolicyRefs(ep, 'egress');
    for (const ref of [...ingress, ...egress]) selecting.add(ref);
    if (ingress.length + egress.length === 0) {
      unselected.push(ep.ref);
      continue;
    }
    const key = `${ingress.join(',')}|${egress.join(',')}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { endpoints: [], ingress, egress }));
    g.endpoints.push(ep);
  }
  const targets = [...groups.values()].map((g) => ({
    endpoints: g.endpoints.map((e) => e.ref),
    policies: [...new Set([...g.ingress, ...g.egress])].sort(),
    ingress: sideOf(engine, g.endpoints[0]!, 'ingress'),
    egress: sideOf(engine, g.endpoints[0]!, 'egress'),
  }));
  const policiesSelectingNothing = policies.filter((p) => !selecting.has(p.ref)).map(describePolicy);
  return { targets, unselected, policiesSelectingNothing };
}

/** A side from its compiled entries, which are in the order the side applies them. */
function sideOf(engine: Engine, ep: PodEndpoint, direction: Direction): SideExplanation {
  const side = engine.compiledSide(engine.identityOf(ep), direction);
  const per = (entries: readonly SideEntry[]) => entries.flatMap((e) => allowancesOfRule(engine, e.policy, e.rule));
  const tierRules = (entries: readonly SideEntry[]): TierRule[] =>
    entries.flatMap((e) => allowancesOfRule(engine, e.policy, e.rule).map((a) => ({ ...a, priority: e.policy.priority, action: actionText(e.policy.ref, e.action), ...(e.rule.name ? { name: e.rule.name } : {}) })));
  return {
    isolated: side.policies.length > 0,
    admin: tierRules(side.entries.slice(0, side.namespaceFrom)),
    allows: per(side.entries.slice(side.namespaceFrom, side.baselineFrom)),
    baseline: tierRules(side.entries.slice(side.baselineFrom)),
  };
}

/** One rule's part, one allowance per peer. */
function allowancesOfRule(engine: Engine, policy: CompiledPolicy, rule: CompiledRule): Allowance[] {
  const ports = portsText(rule);
  if (rule.peers === null) return [{ policy: policy.ref, rule: rule.index, peer: 'anywhere', ports, matches: [] }];
  return rule.peers.map((peer) => ({
    policy: policy.ref,
    rule: rule.index,
    peer: peerText(peer, policy.namespace),
    ports,
    matches: engine.peerMembers(policy.ref, rule.direction, rule.index, peer.index).map((e) => e.ref),
  }));
}
