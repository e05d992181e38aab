/** Policies, rules and peers in plain language, for explanations. */
import { selectorText } from '../model/selector-text.js';
import type { CompiledPeer, CompiledRule } from './policies.js';
import { portEntryText } from './ports.js';
import { isEmptySelector } from './selectors.js';

/** `pods with role=frontend in namespace default`, `all pods in namespaces with team=a`, `addresses in 10.0.0.0/8`. */
export function peerText(peer: CompiledPeer, policyNamespace: string): string {
  if (peer.ipBlock) return `addresses in ${peer.ipBlock.text}`;
  const pods = !peer.podSelector || isEmptySelector(peer.podSelector) ? 'all pods' : `pods with ${selectorText(peer.podSelector)}`;
  if (!peer.namespaceSelector) return `${pods} in namespace ${policyNamespace}`;
  if (isEmptySelector(peer.namespaceSelector)) return `${pods} in all namespaces`;
  return `${pods} in namespaces with ${selectorText(peer.namespaceSelector)}`;
}

/** `from pods with role=frontend in namespace default or addresses in 10.0.0.0/8, on 6379/TCP`. */
export function ruleText(rule: CompiledRule, policyNamespace: string): string {
  const peers = rule.peers === null ? 'anywhere' : rule.peers.map((p) => peerText(p, policyNamespace)).join(' or ');
  return `${rule.direction === 'ingress' ? 'from' : 'to'} ${peers}, ${portsText(rule)}`;
}

export function portsText(rule: CompiledRule): string {
  return !rule.ports || rule.ports.length === 0 ? 'on any port' : `on ${rule.ports.map(portEntryText).join(', ')}`;
}
