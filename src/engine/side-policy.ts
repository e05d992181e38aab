/**
 * One endpoint's policy for one direction, compiled once: the rules that
 * apply to it as an ordered list of entries, each with a tier and an action,
 * and the one walk that evaluates that list. Every answer the engine gives
 * about a side (a verdict, a truth table row, the addresses or ports a side
 * admits, a data plane chain) comes from `evaluateSide`, over whatever set of
 * far ends the caller asks about: one far end (booleans), identities
 * (bitsets), addresses (ranges) or ports (port sets).
 *
 * Order of evaluation: the admin tier, then the namespace tier
 * (NetworkPolicy), then the baseline tier, then the default (allow). In the
 * admin and baseline tiers the first matching entry decides: allow, deny, or
 * pass on to the next tier (from the admin tier to the namespace tier, from
 * the baseline tier to the default). In the namespace tier every rule
 * only allows, and an endpoint that a policy isolates denies what no rule
 * allows; one that none isolates goes on to the baseline tier.
 */
import type { PolicyIndex } from './policy-repository.js';
import type { PeerEntry } from './selector-cache.js';
import { isOnePod } from './endpoints.js';
import type { Action, CompiledPolicy, CompiledRule, Tier } from './policies.js';
import type { Direction, Endpoint, SideReason } from './types.js';

export type { Action, Tier } from './policies.js';

export interface SideEntry {
  tier: Tier;
  action: Action;
  policy: CompiledPolicy;
  rule: CompiledRule;
  /**
   * null: every peer. Otherwise one entry per peer of `rule.peers`, in order:
   * entries are shared by peers with the same meaning, so the position says
   * which peer of this rule it is.
   */
  peers: PeerEntry[] | null;
}

export interface CompiledSide {
  direction: Direction;
  /** The namespace tier's isolating policies: when there are any, what none of their rules allows is denied. */
  policies: CompiledPolicy[];
  /** In the order they are evaluated: the admin tier's, the namespace tier's from `namespaceFrom`, the baseline tier's from `baselineFrom`. */
  entries: SideEntry[];
  namespaceFrom: number;
  baselineFrom: number;
}

const TIER_ORDER: readonly Tier[] = ['admin', 'namespace', 'baseline'];

/** A side of these entries, put in the order of evaluation (by tier, keeping their order within one). */
export function orderedSide(direction: Direction, policies: CompiledPolicy[], entries: readonly SideEntry[]): CompiledSide {
  const ordered = [...entries].sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier));
  const from = (tier: Tier) => {
    const i = ordered.findIndex((e) => TIER_ORDER.indexOf(e.tier) >= TIER_ORDER.indexOf(tier));
    return i === -1 ? ordered.length : i;
  };
  return { direction, policies, entries: ordered, namespaceFrom: from('namespace'), baselineFrom: from('baseline') };
}

/**
 * Which of two policies comes first: by tier, then in the admin and baseline
 * tiers by priority, and at equal priority ClusterNetworkPolicies before
 * their v1alpha1 predecessors, then by name (the API leaves that order to
 * implementations; this one is deterministic, and lint warns).
 * NetworkPolicies only allow, so their order changes nothing but the order
 * of the rules reported: by namespace and name, so that an answer is worded
 * the same whatever order the files, or a cluster's updates, came in.
 */
export function precedence(a: CompiledPolicy, b: CompiledPolicy): number {
  const byTier = TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier);
  if (byTier !== 0) return byTier;
  const v1alpha1 = (p: CompiledPolicy) => (p.kind === 'ClusterNetworkPolicy' ? 0 : 1);
  const byPriority = a.tier === 'namespace' ? 0 : a.priority - b.priority || v1alpha1(a) - v1alpha1(b);
  return byPriority || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
}

/** The compiled side of an endpoint that `policies` apply to (NetworkPolicies isolating it, ClusterNetworkPolicies selecting it). */
export function compileSide(direction: Direction, policies: readonly PolicyIndex[]): CompiledSide {
  const ordered = [...policies].sort((a, b) => precedence(a.policy, b.policy));
  const entries = ordered.flatMap((p) => p.rules[direction].map((r): SideEntry => ({ tier: p.policy.tier, action: r.rule.action, policy: p.policy, rule: r.rule, peers: r.peers })));
  return orderedSide(
    direction,
    ordered.filter((p) => p.policy.tier === 'namespace').map((p) => p.policy),
    entries,
  );
}

/** Set operations over the far ends a question is about. Implementations never change their arguments. */
export interface SetOps<S> {
  all: S;
  none: S;
  or(a: S, b: S): S;
  and(a: S, b: S): S;
  minus(a: S, b: S): S;
  isEmpty(a: S): boolean;
}

/** One far end: it is in the set or not. */
export const ONE: SetOps<boolean> = {
  all: true,
  none: false,
  or: (a, b) => a || b,
  and: (a, b) => a && b,
  minus: (a, b) => a && !b,
  isEmpty: (a) => !a,
};

export interface EvaluateOptions<S> {
  /** Told what each entry decided (a part of the far ends, never empty), in order. */
  decided?: (entry: SideEntry, part: S) => void;
  /** Report every namespace-tier rule that allows (as `check` lists them), not only the first for each far end. */
  every?: boolean;
  /**
   * Far ends that are host-network pods of the side's own node: NetworkPolicy
   * always allows that traffic (rule 11), so an isolating namespace tier
   * admits them; the admin and baseline tiers decide them like any other.
   */
  nodeLocal?: S;
}

/**
 * The far ends of `ops.all` that the side admits. `match(entry)` is the part
 * of the far ends an entry's peers and ports match; it is asked only while
 * some far end is undecided.
 */
export function evaluateSide<S>(side: CompiledSide, ops: SetOps<S>, match: (entry: SideEntry) => S, opts?: EvaluateOptions<S>): S {
  const { entries, namespaceFrom, baselineFrom } = side;
  let open = ops.all;
  let admitted = ops.none;
  if (namespaceFrom > 0) {
    const admin = firstMatches(entries, 0, namespaceFrom, ops, match, open, opts);
    admitted = admin.admitted;
    // Passed far ends go on to the namespace tier with those no admin rule matched.
    open = ops.or(admin.open, admin.passed);
  }
  if (side.policies.length > 0) {
    if (opts?.nodeLocal !== undefined) {
      const local = ops.and(open, opts.nodeLocal);
      admitted = ops.or(admitted, local);
      open = ops.minus(open, local);
    }
    // Isolated: the namespace tier's rules allow, and what none allows is denied.
    for (let i = namespaceFrom; i < baselineFrom && !ops.isEmpty(open); i++) {
      const part = ops.and(match(entries[i]!), open);
      if (ops.isEmpty(part)) continue;
      opts?.decided?.(entries[i]!, part);
      admitted = ops.or(admitted, part);
      if (!opts?.every) open = ops.minus(open, part);
    }
    return admitted;
  }
  if (baselineFrom < entries.length) {
    // Passed on from the baseline tier, the default decides: allowed.
    const baseline = firstMatches(entries, baselineFrom, entries.length, ops, match, open, opts);
    return ops.or(ops.or(admitted, baseline.admitted), ops.or(baseline.open, baseline.passed));
  }
  return ops.or(admitted, open);
}

/** A tier where the first entry that matches a far end decides it: what it allowed, passed on, and left open. */
function firstMatches<S>(entries: readonly SideEntry[], from: number, to: number, ops: SetOps<S>, match: (entry: SideEntry) => S, open: S, opts: EvaluateOptions<S> | undefined) {
  let admitted = ops.none;
  let passed = ops.none;
  for (let i = from; i < to && !ops.isEmpty(open); i++) {
    const entry = entries[i]!;
    const part = ops.and(match(entry), open);
    if (ops.isEmpty(part)) continue;
    opts?.decided?.(entry, part);
    open = ops.minus(open, part);
    if (entry.action === 'allow') admitted = ops.or(admitted, part);
    else if (entry.action === 'pass') passed = ops.or(passed, part);
  }
  return { admitted, passed, open };
}

/**
 * Decisions that come before any rule, whatever the policies say: an address
 * outside has no policies, host-network pods are never selected, and a pod
 * can reach itself (ClusterNetworkPolicy too: the API's hairpin rule).
 * `subject` is the side's endpoint, `other` the far end.
 */
export function settledBefore(subject: Endpoint, other: Endpoint): SideReason | undefined {
  if (subject.kind === 'external') return 'external';
  if (subject.hostNetwork) return 'host-network';
  // A workload of several replicas to itself is between two of them: policies apply, as between any two pods.
  if (other === subject && isOnePod(subject)) return 'self';
  return undefined;
}

/** Whether the far end is a host-network pod of the side's own node (see `EvaluateOptions.nodeLocal`). */
export function isNodeLocal(subject: Endpoint, other: Endpoint): boolean {
  return subject.kind !== 'external' && other.kind !== 'external' && other.hostNetwork && other.node !== undefined && other.node === subject.node;
}
