/**
 * The policy repository: every policy compiled once, by ref, with its target
 * and each rule's peers as shared entries of the selector cache. Which
 * identities a policy isolates is the engine's to attach; this keeps what a
 * policy is made of, and gives it back to the cache when it goes.
 */
import type { CompiledPolicy, CompiledRule } from './policies.js';
import type { PeerEntry, SelectorCache, TargetEntry } from './selector-cache.js';
import { DIRECTIONS, type Direction } from './types.js';

export interface RuleIndex {
  rule: CompiledRule;
  /**
   * null: all peers. Otherwise one entry per peer of `rule.peers`, in the same
   * order: entries are shared by every peer with the same meaning, across
   * policies, so the position (not the entry) says which peer of this rule it is.
   */
  peers: PeerEntry[] | null;
}

export interface PolicyIndex {
  policy: CompiledPolicy;
  target: TargetEntry;
  rules: Record<Direction, RuleIndex[]>;
}

export class PolicyRepository {
  private readonly byRef = new Map<string, PolicyIndex>();

  constructor(private readonly selectors: SelectorCache) {}

  get(ref: string): PolicyIndex | undefined {
    return this.byRef.get(ref);
  }

  all(): PolicyIndex[] {
    return [...this.byRef.values()];
  }

  /** Keeps a compiled policy; `newBlocks` gets the ipBlock entries it brought to the cache. */
  add(policy: CompiledPolicy, newBlocks: PeerEntry[]): PolicyIndex {
    const target = this.selectors.targetEntry(policy);
    const index: PolicyIndex = { policy, target, rules: { ingress: [], egress: [] } };
    for (const d of DIRECTIONS) {
      index.rules[d] = policy.rules[d].map((rule) => ({
        rule,
        peers: rule.peers && rule.peers.map((peer) => this.selectors.peerEntry(peer, policy.namespace, newBlocks)),
      }));
    }
    target.policies.add(index);
    this.byRef.set(policy.ref, index);
    return index;
  }

  /** Forgets a policy and hands its entries back to the cache; undefined when there was none. */
  remove(ref: string): PolicyIndex | undefined {
    const index = this.byRef.get(ref);
    if (!index) return undefined;
    this.byRef.delete(ref);
    index.target.policies.delete(index);
    this.selectors.release(index.target);
    for (const d of DIRECTIONS) {
      for (const r of index.rules[d]) {
        for (const e of r.peers ?? []) this.selectors.release(e);
        for (const peer of r.rule.peers ?? []) this.selectors.forgetPeer(peer);
      }
    }
    return index;
  }
}
