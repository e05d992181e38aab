/**
 * A security audit per namespace: which pods are isolated in each direction,
 * which can be reached from outside the cluster and on which ports, which
 * may reach anything, and which no policy covers at all.
 */
import { allowancesOf } from '../engine/allowances.js';
import type { Engine } from '../engine/engine.js';
import { portQueryText, portsOfInterest } from '../engine/ports.js';
import { addressesAdmitted } from '../engine/reach.js';
import type { PodEndpoint } from '../engine/types.js';

export interface Exposure {
  endpoint: string;
  /** A port, or `any` when the pod's ingress is not isolated. */
  port: string;
  /** Addresses outside the cluster admitted: `any`, or CIDRs. */
  addresses: 'any' | string[];
}

export interface NamespaceAudit {
  namespace: string;
  endpoints: number;
  isolatedIngress: string[];
  isolatedEgress: string[];
  /** Selected by no policy in either direction. */
  unprotected: string[];
  reachableFromOutside: Exposure[];
  /** Egress not isolated, or allowed to any peer on any port. */
  mayReachAnything: string[];
}

export function audit(engine: Engine, namespace?: string): NamespaceAudit[] {
  const byNamespace = new Map<string, PodEndpoint[]>();
  for (const ep of engine.endpoints()) {
    if (namespace !== undefined && ep.namespace !== namespace) continue;
    let list = byNamespace.get(ep.namespace);
    if (!list) byNamespace.set(ep.namespace, (list = []));
    list.push(ep);
  }
  return [...byNamespace.keys()].sort().map((ns) => {
    const eps = byNamespace.get(ns)!;
    const isolated = (ep: PodEndpoint, d: 'ingress' | 'egress') => engine.isolatingPolicies(ep, d).length > 0;
    return {
      namespace: ns,
      endpoints: eps.length,
      isolatedIngress: eps.filter((e) => isolated(e, 'ingress')).map((e) => e.ref),
      isolatedEgress: eps.filter((e) => isolated(e, 'egress')).map((e) => e.ref),
      unprotected: eps.filter((e) => !isolated(e, 'ingress') && !isolated(e, 'egress')).map((e) => e.ref),
      reachableFromOutside: eps.flatMap((e) => exposures(engine, e)),
      mayReachAnything: eps
        .filter((e) => {
          const allowances = allowancesOf(engine, e, 'egress');
          return allowances === null || allowances.some((a) => a.peers === 'any' && (!a.ports || a.ports.length === 0));
        })
        .map((e) => e.ref),
    };
  });
}

/** The ports on which addresses outside the cluster may reach a pod: those it serves and those its ingress rules name. */
function exposures(engine: Engine, ep: PodEndpoint): Exposure[] {
  const policies = engine.isolatingPolicies(ep, 'ingress');
  if (policies.length === 0) return [{ endpoint: ep.ref, port: 'any', addresses: 'any' }];
  const ports = portsOfInterest(
    policies.flatMap((p) => p.rules.ingress.flatMap((r) => r.ports ?? [])),
    ep.servedPorts ?? [],
  );
  return ports.flatMap((q) => {
    const addresses = addressesAdmitted(engine, ep, 'ingress', q);
    return addresses === 'any' || addresses.length > 0 ? [{ endpoint: ep.ref, port: portQueryText(q), addresses }] : [];
  });
}
