/**
 * A security audit per namespace: which pods are isolated in each direction,
 * which can be reached from outside the cluster and on which ports, which
 * may reach anything, and which no policy covers at all.
 */
import { allowancesOf } from '../engine/allowances.js';
import type { Engine } from '../engine/engine.js';
import { portQueryText, portsOfInterest } from '../engine/ports.js';
import { addressesAdmitted, addressesOutside } from '../engine/reach.js';
import type { PodEndpoint } from '../engine/types.js';

/** One port of pods alike (one identity) that addresses outside may reach. */
export interface Exposure {
  endpoints: string[];
  /** A port, or `any` when the pods' ingress is not isolated. */
  port: string;
  /** Addresses outside the cluster admitted: `any`, or CIDRs. */
  addresses: 'any' | string[];
  /** The same for people: `any`, or `0.0.0.0/0 except 10.0.0.0/8`. */
  addressText: string;
}

export interface NamespaceAudit {
  namespace: string;
  /** Pods, and workloads standing for pods not in the input. */
  endpoints: number;
  /** Pods counted with each workload's replicas. */
  pods: number;
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
      // A workload without pods in the input stands for its replicas.
      pods: eps.reduce((n, e) => n + (e.kind === 'workload' ? (e.replicas ?? 1) : 1), 0),
      isolatedIngress: eps.filter((e) => isolated(e, 'ingress')).map((e) => e.ref),
      isolatedEgress: eps.filter((e) => isolated(e, 'egress')).map((e) => e.ref),
      unprotected: eps.filter((e) => !isolated(e, 'ingress') && !isolated(e, 'egress')).map((e) => e.ref),
      reachableFromOutside: byIdentity(engine, eps).flatMap((alike) => exposures(engine, alike)),
      mayReachAnything: eps
        .filter((e) => {
          const allowances = allowancesOf(engine, e, 'egress');
          return allowances === null || allowances.some((a) => a.action === 'allow' && a.peers === 'any' && a.portSet === 'any');
        })
        .map((e) => e.ref),
    };
  });
}

/** Endpoints grouped by identity: policies cannot tell them apart, so they are exposed alike. */
function byIdentity(engine: Engine, eps: PodEndpoint[]): PodEndpoint[][] {
  const groups = new Map<number, PodEndpoint[]>();
  for (const ep of eps) {
    const id = engine.identityOf(ep).id;
    groups.set(id, [...(groups.get(id) ?? []), ep]);
  }
  return [...groups.values()];
}

/** The ports on which addresses outside the cluster may reach pods alike: those they serve and those their ingress rules name. */
function exposures(engine: Engine, alike: PodEndpoint[]): Exposure[] {
  const endpoints = alike.map((e) => e.ref);
  const ep = alike[0]!;
  // ClusterNetworkPolicy ingress peers are pods only (networks are egress peers): addresses outside meet NetworkPolicies alone.
  const policies = engine.isolatingPolicies(ep, 'ingress');
  if (policies.length === 0) return [{ endpoints, port: 'any', addresses: 'any', addressText: 'any' }];
  const ports = portsOfInterest(
    policies.flatMap((p) => p.rules.ingress.flatMap((r) => r.ports ?? [])),
    alike.flatMap((e) => e.servedPorts ?? []),
  );
  return ports.flatMap((q) => {
    const admitted = addressesAdmitted(engine, ep, 'ingress', q);
    return admitted === 'any' || admitted.length > 0 ? [{ endpoints, port: portQueryText(q), ...addressesOutside(admitted) }] : [];
  });
}
