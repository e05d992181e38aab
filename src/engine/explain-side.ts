/**
 * Why a side denies: for every isolating policy, each rule's verdict on the
 * peer and the port, in words, closest miss first; and why one rule (a
 * ClusterNetworkPolicy's) did not match. Uses the same primitives
 * the engine decides with, so the words cannot disagree with the verdict.
 */
import { peerMiss, type CompiledPeer, type CompiledPolicy, type CompiledRule, type Subject } from './policies.js';
import { matchingPort, portEntryText, portQueryText } from './ports.js';
import type { Direction, Endpoint, PodEndpoint, PolicyMiss, PortQuery, RuleMiss } from './types.js';

export interface ExplainContext {
  ipBlockMatchesPods: boolean;
  subjectOf: (ep: Endpoint) => Subject;
  /** Whether a peer matches the far end, as the engine decides it. */
  peerMatches: (peer: CompiledPeer) => boolean;
  /** Whether to word each rule's reasons, or give only which part (peer, port) matched. */
  words: boolean;
}

export function describeSide(
  direction: Direction,
  subject: PodEndpoint,
  other: Endpoint,
  q: PortQuery,
  policies: CompiledPolicy[],
  ctx: ExplainContext,
): PolicyMiss[] {
  const destination = direction === 'ingress' ? subject : other;
  return policies.map((policy) => ({
    policy: policy.ref,
    rules: policy.rules[direction]
      .map((rule) => ruleMiss(rule, policy, other, destination, q, ctx))
      .sort((a, b) => closeness(b) - closeness(a) || a.rule - b.rule),
  }));
}

/** A rule whose peer matches is closest (only the port is off), then one whose port matches. */
function closeness(r: RuleMiss): number {
  return 2 * Number(r.peerMatched) + Number(r.portMatched);
}

/** Why one rule did not match the far end and port: which parts did, and in words (when asked) why the others did not. */
export function ruleMiss(rule: CompiledRule, policy: CompiledPolicy, other: Endpoint, destination: Endpoint, q: PortQuery, ctx: ExplainContext): RuleMiss {
  const peerMatched = rule.peers === null || rule.peers.some((p) => ctx.peerMatches(p));
  const dstNamedPorts = destination.kind === 'external' ? undefined : destination.namedPorts;
  const portMatched = matchingPort(rule.ports, q, dstNamedPorts) !== -1;
  if (!ctx.words) return { rule: rule.index, peerMatched, portMatched };
  const otherSubject = ctx.subjectOf(other);
  const who = describeEndpoint(other);
  const reasons: string[] = [];
  if (!peerMatched) {
    const field = rule.direction === 'ingress' ? 'from' : 'to';
    for (const p of rule.peers!) reasons.push(`${field}[${p.index}]: ${peerMiss(p, policy.namespace, otherSubject, who, ctx.ipBlockMatchesPods)}`);
  }
  if (!portMatched) {
    const [notListed, ...named] = portMisses(rule, q, destination);
    reasons.push(peerMatched ? `peer matches, but ${notListed}` : notListed!, ...named);
  }
  return { rule: rule.index, peerMatched, portMatched, reasons };
}

function portMisses(rule: CompiledRule, q: PortQuery, destination: Endpoint): string[] {
  const entries = rule.ports ?? [];
  const out = [`port ${portQueryText(q)} is not in [${entries.map(portEntryText).join(', ')}]`];
  for (const e of entries) {
    if (typeof e.port !== 'string' || (e.protocol ?? 'TCP') !== q.protocol) continue;
    if (destination.kind === 'external') {
      out.push(`named port '${e.port}' never matches an address outside the cluster`);
      continue;
    }
    const defined = destination.namedPorts.filter((n) => n.name === e.port && n.protocol === q.protocol);
    out.push(
      defined.length === 0
        ? `named port '${e.port}' is not defined on the destination ${describeEndpoint(destination)}`
        : `named port '${e.port}' is ${defined.map((n) => `${n.port}/${n.protocol}`).join(', ')} on the destination, not ${q.port}`,
    );
  }
  return out;
}

export function describeEndpoint(ep: Endpoint): string {
  if (ep.kind === 'external') return `address ${ep.ip}`;
  return ep.kind === 'pod' ? `pod ${ep.ref}` : `workload ${ep.ref}`;
}
