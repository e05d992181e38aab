/**
 * A security audit per namespace: which pods are isolated in each direction,
 * which can be reached from outside the cluster and on which ports, which
 * may reach anything, which no policy covers at all, and what the cluster
 * administrators' ClusterNetworkPolicy rules hold for it.
 */
import { ruleText } from '../engine/describe.js';
import type { Engine } from '../engine/engine.js';
import { actionText, TIER_NAMES, type CompiledPolicy } from '../engine/policies.js';
import { portQueryText, portsOfInterest } from '../engine/ports.js';
import { addressesAdmitted, addressesOutside } from '../engine/reach.js';
import { precedence, type CompiledSide, type SideEntry } from '../engine/side-policy.js';
import { DIRECTIONS, type Direction, type PodEndpoint } from '../engine/types.js';
import { groupBy } from '../model/grouping.js';

/** One port of pods alike (one identity) that addresses outside may reach. */
export interface Exposure {
  endpoints: string[];
  /** A port, or `any` when the pods' ingress is not isolated. */
  port: string;
  /** Addresses outside the cluster admitted: `any`, or CIDRs. */
  addresses: 'any' | string[];
  /** The same for people: `any`, or `0.0.0.0/0 except 10.0.0.0/8`. */
  addressText: string;
}

export interface NamespaceAudit {
  namespace: string;
  /** Pods, and workloads standing for pods not in the input. */
  endpoints: number;
  /** Pods counted with each workload's replicas. */
  pods: number;
  isolatedIngress: string[];
  isolatedEgress: string[];
  /** Selected by no policy in either direction. */
  unprotected: string[];
  reachableFromOutside: Exposure[];
  /** Egress that no rule restricts: every destination on every port. */
  mayReachAnything: string[];
  /** What the cluster administrators' ClusterNetworkPolicies hold for the namespace, rule by rule, in the order they apply. */
  clusterRules: ClusterRuleAudit[];
}

/** One ClusterNetworkPolicy rule over the endpoints of a namespace it applies to. */
export interface ClusterRuleAudit {
  /** `Admin` (NetworkPolicies cannot override it) or `Baseline` (a default they override). */
  tier: string;
  policy: string;
  priority: number;
  direction: Direction;
  rule: number;
  name?: string;
  /** `Accept`, `Deny`, `Pass`. */
  action: string;
  /** `to addresses in 169.254.169.254/32, on any port`. */
  text: string;
  /** The namespace's endpoints it applies to (for the Baseline tier: those no NetworkPolicy isolates, the only ones it is asked for). */
  endpoints: number;
}

export function audit(engine: Engine, namespace?: string): NamespaceAudit[] {
  const byNamespace = groupBy(
    engine.endpoints().filter((ep) => namespace === undefined || ep.namespace === namespace),
    (ep) => ep.namespace,
  );
  return [...byNamespace.keys()].sort().map((ns) => {
    const eps = byNamespace.get(ns)!;
    const isolated = (ep: PodEndpoint, d: 'ingress' | 'egress') => engine.isolatingPolicies(ep, d).length > 0;
    return {
      namespace: ns,
      endpoints: eps.length,
      // A workload without pods in the input stands for its replicas.
      pods: eps.reduce((n, e) => n + (e.kind === 'workload' ? (e.replicas ?? 1) : 1), 0),
      isolatedIngress: eps.filter((e) => isolated(e, 'ingress')).map((e) => e.ref),
      isolatedEgress: eps.filter((e) => isolated(e, 'egress')).map((e) => e.ref),
      unprotected: eps.filter((e) => DIRECTIONS.every((d) => engine.sidePolicyRefs(e, d).length === 0)).map((e) => e.ref),
      reachableFromOutside: byIdentity(engine, eps).flatMap((alike) => exposures(engine, alike)),
      mayReachAnything: eps.filter((e) => admitsEverything(engine.compiledSide(engine.identityOf(e), 'egress'))).map((e) => e.ref),
      clusterRules: clusterRules(engine, eps),
    };
  });
}

/**
 * Whether a side admits every far end on every port. A Deny counts as a
 * restriction even where it matches nothing today (lint reports those), so
 * the audit never calls a side unrestricted that a rule may restrict.
 */
function admitsEverything(side: CompiledSide): boolean {
  const everything = (e: SideEntry) => e.peers === null && !e.rule.ports?.length;
  for (const e of side.entries.slice(0, side.namespaceFrom)) {
    if (e.action === 'deny') return false;
    if (!everything(e)) continue;
    if (e.action === 'allow') return true;
    break; // everything passed on to the NetworkPolicies
  }
  if (side.policies.length > 0) return side.entries.slice(side.namespaceFrom, side.baselineFrom).some(everything);
  for (const e of side.entries.slice(side.baselineFrom)) {
    if (e.action === 'deny') return false;
    if (everything(e)) return true;
  }
  return true;
}

/** The ClusterNetworkPolicy rules over a namespace's endpoints, in the order they apply: admin by priority, then baseline. */
function clusterRules(engine: Engine, eps: PodEndpoint[]): ClusterRuleAudit[] {
  const out: ClusterRuleAudit[] = [];
  const policies = engine.clusterPolicies().sort(precedence);
  for (const direction of DIRECTIONS) {
    // Per policy, the endpoints whose side asks it: the Baseline tier only where no NetworkPolicy isolates.
    const asking = new Map<CompiledPolicy, number>();
    for (const ep of eps) {
      const side = engine.compiledSide(engine.identityOf(ep), direction);
      const asked = [...side.entries.slice(0, side.namespaceFrom), ...(side.policies.length === 0 ? side.entries.slice(side.baselineFrom) : [])];
      for (const p of new Set(asked.map((e) => e.policy))) asking.set(p, (asking.get(p) ?? 0) + 1);
    }
    for (const policy of policies) {
      const endpoints = asking.get(policy) ?? 0;
      if (endpoints === 0) continue;
      for (const rule of policy.rules[direction]) {
        out.push({
          tier: TIER_NAMES[policy.tier as 'admin' | 'baseline'],
          policy: policy.ref,
          priority: policy.priority,
          direction,
          rule: rule.index,
          ...(rule.name ? { name: rule.name } : {}),
          action: actionText(policy.ref, rule.action),
          text: ruleText(rule, policy.namespace),
          endpoints,
        });
      }
    }
  }
  return out;
}

/** Endpoints grouped by identity: policies cannot tell them apart, so they are exposed alike. */
function byIdentity(engine: Engine, eps: PodEndpoint[]): PodEndpoint[][] {
  return [...groupBy(eps, (ep) => engine.identityOf(ep).id).values()];
}

/** The ports on which addresses outside the cluster may reach pods alike: those they serve and those their ingress rules name. */
function exposures(engine: Engine, alike: PodEndpoint[]): Exposure[] {
  const endpoints = alike.map((e) => e.ref);
  const ep = alike[0]!;
  // ClusterNetworkPolicy ingress peers are pods only (networks are egress peers): addresses outside meet NetworkPolicies alone.
  const policies = engine.isolatingPolicies(ep, 'ingress');
  if (policies.length === 0) return [{ endpoints, port: 'any', addresses: 'any', addressText: 'any' }];
  const ports = portsOfInterest(
    policies.flatMap((p) => p.rules.ingress.flatMap((r) => r.ports ?? [])),
    alike.flatMap((e) => e.servedPorts ?? []),
  );
  return ports.flatMap((q) => {
    const admitted = addressesAdmitted(engine, ep, 'ingress', q);
    return admitted === 'any' || admitted.length > 0 ? [{ endpoints, port: portQueryText(q), ...addressesOutside(admitted) }] : [];
  });
}
