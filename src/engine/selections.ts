/**
 * What selectors, ipBlocks and port entries match, for analyses outside the
 * engine (lint, the lab's plan) that ask about policies' parts rather than
 * connections: they ask here, so that matching lives in the engine alone.
 */
import type { LabelSelector, NetworkPolicy } from '../model/objects.js';
import type { Engine } from './engine.js';
import { parseAddress, rangeContains, type Address, type Range } from './ip.js';
import { blockContains, compilePolicy, type CompiledBlock, type CompiledRule } from './policies.js';
import { matchingPort } from './ports.js';
import { selectorMatches } from './selectors.js';
import type { NamedPort, PodEndpoint, PortQuery } from './types.js';

/** The names among `names` of the namespaces a namespaceSelector selects, by their labels as the engine knows them. */
export function namespacesSelected(engine: Engine, selector: LabelSelector, names: readonly string[]): string[] {
  return names.filter((name) => selectorMatches(selector, engine.namespaceLabelsOf(name)));
}

/** The endpoints among `endpoints` whose labels a podSelector matches. */
export function endpointsSelected(selector: LabelSelector, endpoints: readonly PodEndpoint[]): PodEndpoint[] {
  return endpoints.filter((ep) => selectorMatches(selector, ep.labels));
}

/** An address of the endpoint inside the ipBlock (excepts taken out), if it has one. */
export function addressInBlock(engine: Engine, ep: PodEndpoint, block: CompiledBlock): Address | undefined {
  return engine.addressesOf(ep).find((a) => blockContains(block, a));
}

/** Whether a rule's port entries match a port on a destination serving `dstNamedPorts` (none outside the cluster). */
export function rulePortMatches(rule: CompiledRule, q: PortQuery, dstNamedPorts: readonly NamedPort[] | undefined): boolean {
  return matchingPort(rule.ports, q, dstNamedPorts) !== -1;
}

/** Every CIDR and except of the policies' ipBlocks. */
export function ipBlockRangesOf(policies: readonly NetworkPolicy[]): Range[] {
  return policies.flatMap((np) => {
    const p = compilePolicy(np);
    return [...p.rules.ingress, ...p.rules.egress].flatMap((r) => (r.peers ?? []).flatMap((peer) => (peer.blocks ?? []).flatMap((b) => [b.cidr, ...b.except])));
  });
}

/** Whether an address is inside any of the ranges. */
export function insideAny(ranges: readonly Range[], ip: string): boolean {
  const address = parseAddress(ip);
  return address !== undefined && ranges.some((r) => rangeContains(r, address));
}
