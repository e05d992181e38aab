/**
 * Who can reach an endpoint, and what it can reach, per port: the pods and
 * workloads (whole namespaces where every endpoint of one qualifies), and the
 * addresses outside the cluster as merged CIDRs with the excepts taken out.
 */
import type { Engine } from './engine.js';
import { addressSetText, type Range } from './ip.js';
import { ADDRESS_OPS, entryAddresses } from './side-matches.js';
import { evaluateSide } from './side-policy.js';
import type { Direction, PodEndpoint, PortQuery } from './types.js';
import { groupBy } from '../model/grouping.js';

export interface Reach {
  port: PortQuery;
  /** Namespaces all of whose endpoints qualify (more than one endpoint). */
  namespaces: string[];
  /** The other qualifying endpoints. */
  endpoints: string[];
  /** Addresses outside the cluster: `any`, or CIDRs. */
  addresses: 'any' | string[];
  /** The same for people: `any`, `0.0.0.0/0 except 10.0.0.0/8`, or empty for none. */
  addressText: string;
}

/** `ingress`: who can reach `target`; `egress`: what `target` can reach. */
export function reach(engine: Engine, target: PodEndpoint, direction: Direction, ports: PortQuery[]): Reach[] {
  const all = engine.endpoints();
  const byNamespace = groupBy(
    all.filter((ep) => ep !== target),
    (ep) => ep.namespace,
  );
  return ports.map((port) => {
    const namespaces: string[] = [];
    const endpoints: string[] = [];
    for (const [ns, members] of byNamespace) {
      const ok = members.filter((m) => (direction === 'ingress' ? engine.allowed(m, target, port) : engine.allowed(target, m, port)));
      if (ok.length === members.length && members.length > 1) namespaces.push(ns);
      else endpoints.push(...ok.map((m) => m.ref));
    }
    return { port, namespaces, endpoints, ...addressesOutside(addressesAdmitted(engine, target, direction, port)) };
  });
}

/** The addresses outside the cluster that the target's own side admits (the far end has no policies). */
export function addressesAdmitted(engine: Engine, target: PodEndpoint, direction: Direction, port: PortQuery): 'any' | Range[] {
  if (target.hostNetwork) return 'any';
  // For ingress the destination is the target; for egress it is an address, where named ports never match.
  const dstNamedPorts = direction === 'ingress' ? target.namedPorts : undefined;
  const side = engine.compiledSide(engine.identityOf(target), direction);
  const admitted = evaluateSide(side, ADDRESS_OPS, (entry) => entryAddresses(entry, port, dstNamedPorts));
  return ADDRESS_OPS.isEmpty(ADDRESS_OPS.minus(ADDRESS_OPS.all, admitted)) ? 'any' : admitted;
}

/** Admitted addresses as CIDRs for tools and as one short text for people. */
export function addressesOutside(admitted: 'any' | Range[]): { addresses: 'any' | string[]; addressText: string } {
  return admitted === 'any' ? { addresses: 'any', addressText: 'any' } : { addresses: admitted.map((r) => r.text), addressText: addressSetText(admitted) };
}
