/**
 * What a side allows, rule by rule, as addresses and ports: the form a data
 * plane needs. The engine decides which endpoints each peer matches; this
 * only gathers them with their IPs and the address ranges of ipBlocks.
 */
import type { NetworkPolicyPort } from '../model/objects.js';
import type { Engine } from './engine.js';
import { rangeDifference, type Range } from './ip.js';
import type { CompiledPolicy, CompiledRule } from './policies.js';
import type { Direction, PodEndpoint } from './types.js';

export interface RulePeers {
  /** Endpoints the rule's peers match (pods by selector, and pods whose IP an ipBlock holds when that counts). */
  endpoints: PodEndpoint[];
  /** Addresses that ipBlocks admit, excepts taken out (and pod IPs, when ipBlock does not match pods). */
  ranges: Range[];
}

export interface RuleAllowance {
  policy: string;
  rule: number;
  /** `any`: the rule names no peers. */
  peers: 'any' | RulePeers;
  /** undefined or empty: every port. */
  ports: NetworkPolicyPort[] | undefined;
}

/**
 * null when the endpoint is not isolated in this direction (or is never
 * selected): everything is allowed. A rule allows the same for every pod it
 * applies to, so callers compiling many pods pass one `cache` for all.
 */
export function allowancesOf(engine: Engine, ep: PodEndpoint, direction: Direction, cache = new Map<string, RuleAllowance>()): RuleAllowance[] | null {
  const policies = engine.isolatingPolicies(ep, direction);
  if (policies.length === 0) return null;
  return policies.flatMap((policy) =>
    policy.rules[direction].map((rule) => {
      const key = `${policy.ref}\u0001${direction}\u0001${rule.index}`;
      let allowance = cache.get(key);
      if (!allowance) cache.set(key, (allowance = ruleAllowance(engine, policy, rule, direction)));
      return allowance;
    }),
  );
}

function ruleAllowance(engine: Engine, policy: CompiledPolicy, rule: CompiledRule, direction: Direction): RuleAllowance {
  if (rule.peers === null) return { policy: policy.ref, rule: rule.index, peers: 'any', ports: rule.ports };
  const endpoints = new Set<PodEndpoint>();
  const blocks: Range[] = [];
  for (const peer of rule.peers) {
    for (const e of engine.peerMembers(policy.ref, direction, rule.index, peer.index)) endpoints.add(e);
    if (peer.ipBlock) blocks.push(...rangeDifference([peer.ipBlock.cidr], peer.ipBlock.except));
  }
  const ranges = blocks.length === 0 || engine.ipBlockMatchesPods ? rangeDifference(blocks, []) : rangeDifference(blocks, podIPRanges(engine));
  return { policy: policy.ref, rule: rule.index, peers: { endpoints: [...endpoints], ranges }, ports: rule.ports };
}

/** Every non-host-network pod IP as a single-address range. */
function podIPRanges(engine: Engine): Range[] {
  return engine
    .endpoints()
    .filter((e) => !e.hostNetwork)
    .flatMap((e) => engine.addressesOf(e))
    .map((a) => ({ family: a.family, lo: a.value, hi: a.value, text: a.text }));
}
