/**
 * NetworkPolicies compiled for matching (rules 1, 2, 5, 6), and the two
 * questions everything else is built from: does a policy select this pod,
 * and does this peer match that endpoint.
 */
import type { LabelSelector, Labels, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from '../model/objects.js';
import { selectorText } from '../model/selector-text.js';
import { parseRange, rangeContains, type Address, type Range } from './ip.js';
import { effectivePolicyTypes } from './policy-types.js';
import { selectorMatches, selectorMisses } from './selectors.js';
import type { Direction } from './types.js';

export interface CompiledBlock {
  cidr: Range;
  except: Range[];
  /** As written: `172.17.0.0/16 except 172.17.1.0/24`. */
  text: string;
}

export interface CompiledPeer {
  index: number;
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: CompiledBlock;
}

export interface CompiledRule {
  direction: Direction;
  index: number;
  /** null: the rule names no peers, so it matches every peer. */
  peers: CompiledPeer[] | null;
  ports: NetworkPolicyPort[] | undefined;
}

export interface CompiledPolicy {
  /** `namespace/name`. */
  ref: string;
  namespace: string;
  podSelector: LabelSelector;
  isolates: Record<Direction, boolean>;
  rules: Record<Direction, CompiledRule[]>;
  source: NetworkPolicy;
}

/** What a policy selects or a peer matches: a pod (or workload template), or an address outside. */
export interface Subject {
  kind: 'pod' | 'external';
  namespace: string;
  labels: Labels;
  nsLabels: Labels;
  hostNetwork: boolean;
  addresses: Address[];
}

export function compilePolicy(np: NetworkPolicy): CompiledPolicy {
  const namespace = np.metadata.namespace ?? 'default';
  const types = effectivePolicyTypes(np.spec);
  const rules = (direction: Direction, list: { ports?: NetworkPolicyPort[]; peers?: NetworkPolicyPeer[] }[]): CompiledRule[] =>
    list.map((r, index) => ({
      direction,
      index,
      peers: r.peers && r.peers.length > 0 ? r.peers.map(compilePeer) : null,
      ports: r.ports,
    }));
  return {
    ref: `${namespace}/${np.metadata.name}`,
    namespace,
    podSelector: np.spec.podSelector,
    isolates: { ingress: types.includes('Ingress'), egress: types.includes('Egress') },
    rules: {
      ingress: rules('ingress', (np.spec.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from }))),
      egress: rules('egress', (np.spec.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }))),
    },
    source: np,
  };
}

function compilePeer(peer: NetworkPolicyPeer, index: number): CompiledPeer {
  const out: CompiledPeer = { index };
  if (peer.podSelector) out.podSelector = peer.podSelector;
  if (peer.namespaceSelector) out.namespaceSelector = peer.namespaceSelector;
  if (peer.ipBlock) {
    // Validated input always parses; an unparseable CIDR matches nothing rather than everything.
    const cidr = parseRange(peer.ipBlock.cidr) ?? { family: 4, lo: 1, hi: 0, text: peer.ipBlock.cidr };
    const except = (peer.ipBlock.except ?? []).flatMap((e) => parseRange(e) ?? []);
    const text = except.length ? `${cidr.text} except ${except.map((e) => e.text).join(', ')}` : cidr.text;
    out.ipBlock = { cidr, except, text };
  }
  return out;
}

/** Rule 1 and 12: a policy selects pods of its namespace by label; never host-network pods. */
export function policySelects(policy: CompiledPolicy, s: Subject): boolean {
  return s.kind === 'pod' && !s.hostNetwork && s.namespace === policy.namespace && selectorMatches(policy.podSelector, s.labels);
}

export function blockContains(b: CompiledBlock, a: Address): boolean {
  return rangeContains(b.cidr, a) && !b.except.some((e) => rangeContains(e, a));
}

/**
 * Rule 6. Selector peers match pods only (not addresses outside, not
 * host-network pods, whose traffic carries the node's address); ipBlock
 * matches addresses, and pod IPs when `ipBlockMatchesPods`.
 */
export function peerMatches(peer: CompiledPeer, policyNamespace: string, s: Subject, ipBlockMatchesPods: boolean): boolean {
  if (peer.ipBlock) {
    if (s.kind === 'pod' && !s.hostNetwork && !ipBlockMatchesPods) return false;
    return s.addresses.some((a) => blockContains(peer.ipBlock!, a));
  }
  if (s.kind === 'external' || s.hostNetwork) return false;
  if (peer.namespaceSelector ? !selectorMatches(peer.namespaceSelector, s.nsLabels) : s.namespace !== policyNamespace) return false;
  return !peer.podSelector || selectorMatches(peer.podSelector, s.labels);
}

/** Why `peerMatches` is false, in words a user can act on. */
export function peerMiss(peer: CompiledPeer, policyNamespace: string, s: Subject, who: string, ipBlockMatchesPods: boolean): string {
  if (peer.ipBlock) {
    const b = peer.ipBlock;
    if (s.kind === 'pod' && !s.hostNetwork && !ipBlockMatchesPods) return `ipBlock ${b.text} is not matched against pod IPs (ipBlock-matches-pods is off)`;
    if (s.addresses.length === 0) return `${who} has no IP, so ipBlock ${b.text} cannot match it`;
    const excepted = s.addresses.flatMap((a) => b.except.filter((e) => rangeContains(e, a)).map((e) => `${a.text} is in except ${e.text}`));
    if (excepted.length && s.addresses.some((a) => rangeContains(b.cidr, a))) return `${excepted[0]} of ipBlock ${b.cidr.text}`;
    return `${s.addresses.map((a) => a.text).join(', ')} not in ipBlock ${b.cidr.text}`;
  }
  if (s.kind === 'external') return `${who} is outside the cluster; only ipBlock peers match it`;
  if (s.hostNetwork) return `${who} uses the host network; only ipBlock peers match it`;
  if (peer.namespaceSelector) {
    const misses = selectorMisses(peer.namespaceSelector, s.nsLabels, `namespace '${s.namespace}'`);
    if (misses.length) return `${misses.join('; ')} (namespaceSelector ${selectorText(peer.namespaceSelector)})`;
  } else if (s.namespace !== policyNamespace) {
    return `${who} is in namespace '${s.namespace}'; a podSelector alone selects pods in the policy's namespace '${policyNamespace}'`;
  }
  const misses = peer.podSelector ? selectorMisses(peer.podSelector, s.labels, who) : [];
  return misses.length ? `${misses.join('; ')} (podSelector ${selectorText(peer.podSelector)})` : 'matches';
}
