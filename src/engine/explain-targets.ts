/**
 * Policy targets as users need to see them: pods grouped by the set of
 * policies that select them (so overlapping policies read as one), with what
 * each direction allows and whom each allowance reaches today. Policies that
 * select none of the endpoints (or with no cluster in the input, all of
 * them) are explained from their selectors alone.
 */
import { describePolicy, peerText, portsText, type PolicyDescription } from './describe.js';
import type { Engine } from './engine.js';
import type { CompiledPolicy } from './policies.js';
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

export interface TargetExplanation {
  /** Pods and workloads selected by exactly these policies. */
  endpoints: string[];
  policies: string[];
  ingress: { isolated: boolean; allows: Allowance[] };
  egress: { isolated: boolean; allows: Allowance[] };
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
  const groups = new Map<string, { endpoints: PodEndpoint[]; ingress: string[]; egress: string[] }>();
  const unselected: string[] = [];
  for (const ep of endpoints) {
    const ingress = engine.isolatingPolicies(ep, 'ingress').map((p) => p.ref);
    const egress = engine.isolatingPolicies(ep, 'egress').map((p) => p.ref);
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
    ingress: { isolated: g.ingress.length > 0, allows: allowances(engine, g.ingress, 'ingress') },
    egress: { isolated: g.egress.length > 0, allows: allowances(engine, g.egress, 'egress') },
  }));
  const policiesSelectingNothing = policies.filter((p) => !selecting.has(p.ref)).map(describePolicy);
  return { targets, unselected, policiesSelectingNothing };
}

function allowances(engine: Engine, policyRefs: string[], direction: Direction): Allowance[] {
  return policyRefs.flatMap((ref) => {
    const policy = engine.policy(ref)!;
    return policy.rules[direction].flatMap((rule) => {
      const ports = portsText(rule);
      if (rule.peers === null) return [{ policy: ref, rule: rule.index, peer: 'anywhere', ports, matches: [] }];
      return rule.peers.map((peer) => ({
        policy: ref,
        rule: rule.index,
        peer: peerText(peer, policy.namespace),
        ports,
        matches: engine.peerMembers(ref, direction, rule.index, peer.index).map((e) => e.ref),
      }));
    });
  });
}
