/** Policies, rules and peers in plain language, for explanations. */
import { selectorText } from '../model/selector-text.js';
import { actionText, isNetworkPolicy, TIER_NAMES, type CompiledPeer, type CompiledPolicy, type CompiledRule } from './policies.js';
import { portEntryText } from './ports.js';
import { isEmptySelector } from './selectors.js';
import { DIRECTIONS, type Direction } from './types.js';

/** `pods with role=frontend in namespace default`, `all pods in namespaces with team=a`, `addresses in 10.0.0.0/8`. */
export function peerText(peer: CompiledPeer, policyNamespace: string): string {
  if (peer.domainNames) return `domain names ${peer.domainNames.join(', ')}`;
  if (peer.nodeSelector) return `${isEmptySelector(peer.nodeSelector) ? 'all nodes' : `nodes with ${selectorText(peer.nodeSelector)}`} (${peer.blocks!.map((b) => b.text).join(', ') || 'none known'})`;
  if (peer.blocks) return `addresses in ${peer.blocks.map((b) => b.text).join(', ')}`;
  const pods = !peer.podSelector || isEmptySelector(peer.podSelector) ? 'all pods' : `pods with ${selectorText(peer.podSelector)}`;
  if (!peer.namespaceSelector) return `${pods} in namespace ${policyNamespace}`;
  if (isEmptySelector(peer.namespaceSelector)) return `${pods} in all namespaces`;
  return `${pods} in namespaces with ${selectorText(peer.namespaceSelector)}`;
}

/** What a policy applies to: `pods with app=db in namespace shop`, `all pods in namespace shop`, `all pods in namespaces with team=a`. */
export function targetText(policy: CompiledPolicy): string {
  return peerText({ index: 0, podSelector: policy.podSelector, ...(policy.namespaceSelector ? { namespaceSelector: policy.namespaceSelector } : {}) }, policy.namespace);
}

/** Each peer of a rule in words; `anywhere` for a rule that names none. */
export function rulePeersText(rule: CompiledRule, policyNamespace: string): string[] {
  return rule.peers === null ? ['anywhere'] : rule.peers.map((p) => peerText(p, policyNamespace));
}

/** `from pods with role=frontend in namespace default or addresses in 10.0.0.0/8, on 6379/TCP`. */
export function ruleText(rule: CompiledRule, policyNamespace: string): string {
  return `${rule.direction === 'ingress' ? 'from' : 'to'} ${rulePeersText(rule, policyNamespace).join(' or ')}, ${portsText(rule)}`;
}

/** `on 6379/TCP, 8000-9999/TCP, named port http/TCP`, `on any port`. */
export function portsText(rule: CompiledRule): string {
  if (!rule.ports || rule.ports.length === 0) return 'on any port';
  return `on ${rule.ports.map((e) => (typeof e.port === 'string' ? `named port ${portEntryText(e)}` : portEntryText(e))).join(', ')}`;
}

/**
 * Pairs of peers of one rule, a namespaceSelector alone and a podSelector
 * alone: two peers are an OR, where one peer with both selectors (an AND)
 * is what is usually meant.
 */
export function splitSelectorPeers(rule: CompiledRule): [namespacePeer: CompiledPeer, podPeer: CompiledPeer][] {
  const peers = rule.peers ?? [];
  const nsOnly = peers.filter((p) => p.namespaceSelector && !p.podSelector && !p.blocks);
  const podOnly = peers.filter((p) => p.podSelector && !p.namespaceSelector && !p.blocks);
  return nsOnly.flatMap((n) => podOnly.map((p) => [n, p] as [CompiledPeer, CompiledPeer]));
}

/** A rule as its policy allows it, for people (`text`) and tools (the parts). */
export interface RuleDescription {
  /** Index in `spec.ingress` or `spec.egress`. */
  rule: number;
  /** Each peer in words (`from`/`to` items, in order); `["anywhere"]` when the rule names none. */
  peers: string[];
  /** `on 6379/TCP`, `on any port`. */
  ports: string;
  /** The whole rule: `from … or …, on …`. */
  text: string;
  /** A ClusterNetworkPolicy rule's action (`Accept`, `Deny`, `Pass`) and name, when written. */
  action?: string;
  name?: string;
}

/** One direction of a policy: whether it isolates it, and the rules that then allow (a ClusterNetworkPolicy's: that decide, in order). */
export interface DirectionDescription {
  isolated: boolean;
  /** The rules that apply (for a NetworkPolicy none when not isolated: such rules are ignored, see notes). */
  allows: RuleDescription[];
}

/** A policy explained from its selectors alone, with no cluster needed. */
export interface PolicyDescription {
  /** `namespace/name`; a ClusterNetworkPolicy's name. */
  policy: string;
  /** A ClusterNetworkPolicy's tier (`Admin`, `Baseline`) and priority. */
  tier?: string;
  priority?: number;
  /** The pods it applies to, in words. */
  selects: string;
  ingress: DirectionDescription;
  egress: DirectionDescription;
  /** Common mistakes worth a word: a rule whose peers read as an OR, rules policyTypes leaves out. */
  notes: string[];
}

export function describePolicy(policy: CompiledPolicy): PolicyDescription {
  const network = isNetworkPolicy(policy);
  const side = (d: Direction): DirectionDescription => ({
    isolated: policy.isolates[d],
    allows:
      policy.isolates[d] || !network
        ? policy.rules[d].map((r) => ({
            rule: r.index,
            peers: rulePeersText(r, policy.namespace),
            ports: portsText(r),
            text: ruleText(r, policy.namespace),
            ...(network ? {} : { action: actionText(policy.ref, r.action), ...(r.name ? { name: r.name } : {}) }),
          }))
        : [],
  });
  const tier = network ? {} : { tier: TIER_NAMES[policy.tier as 'admin' | 'baseline'], priority: policy.priority };
  return { policy: policy.ref, ...tier, selects: targetText(policy), ingress: side('ingress'), egress: side('egress'), notes: policyNotes(policy) };
}

function policyNotes(policy: CompiledPolicy): string[] {
  const notes: string[] = [];
  for (const d of DIRECTIONS) {
    const field = d === 'ingress' ? 'from' : 'to';
    const rules = policy.rules[d];
    if (isNetworkPolicy(policy) && !policy.isolates[d] && rules.length > 0) {
      const type = d === 'ingress' ? 'Ingress' : 'Egress';
      notes.push(
        `spec.policyTypes [${(policy.source.spec.policyTypes ?? []).join(', ')}] leaves out ${type}: ` +
          `${rules.length === 1 ? `the ${d} rule is` : `the ${rules.length} ${d} rules are`} ignored, and this policy does not isolate ${d}; add ${type} to policyTypes if the rules are meant`,
      );
      continue;
    }
    for (const rule of rules) {
      const [pair] = splitSelectorPeers(rule);
      if (!pair) continue;
      const [n, p] = pair;
      const both = peerText({ index: 0, podSelector: p.podSelector!, namespaceSelector: n.namespaceSelector! }, policy.namespace);
      notes.push(
        `${d}[${rule.index}]: ${field}[${n.index}] (namespaceSelector) and ${field}[${p.index}] (podSelector) are two peers, an OR: ` +
          `${peerText(n, policy.namespace)}, or ${peerText(p, policy.namespace)}; for ${both} only, write one ${field} item with both selectors`,
      );
    }
  }
  return notes;
}
