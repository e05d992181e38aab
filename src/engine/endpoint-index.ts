/**
 * The engine's endpoints by every way a query names them: ref, namespace and
 * name, namespace, and IP; with the problems found on each (unparseable pod
 * IPs, shared IPs), which go when the endpoint goes for good.
 */
import type { EndpointProblem } from './endpoints.js';
import type { PodEndpoint } from './types.js';
import { pushTo } from '../model/grouping.js';

export class EndpointIndex {
  private readonly byRef = new Map<string, PodEndpoint>();
  /** Pods and workloads by namespace and name, for refs that leave out the kind. */
  private readonly byName = new Map<string, PodEndpoint[]>();
  private readonly byNamespace = new Map<string, Set<PodEndpoint>>();
  /** Pods by spec.nodeName: a node's data plane reads its own pods, not the cluster's. */
  private readonly byNode = new Map<string, Set<PodEndpoint>>();
  /** The endpoints holding each IP, the one queries resolve to first. */
  private readonly byIP = new Map<string, PodEndpoint[]>();
  private readonly problemsOf = new Map<PodEndpoint, string[]>();

  /** Every endpoint, in the order they were added. */
  all(): PodEndpoint[] {
    return [...this.byRef.values()];
  }

  get(ref: string): PodEndpoint | undefined {
    return this.byRef.get(ref);
  }

  named(namespace: string, name: string): PodEndpoint[] {
    return [...(this.byName.get(nameKey(namespace, name)) ?? [])];
  }

  inNamespace(namespace: string): PodEndpoint[] {
    return [...(this.byNamespace.get(namespace) ?? [])];
  }

  /** The pods on a node, in the order they were added. */
  onNode(node: string): PodEndpoint[] {
    return [...(this.byNode.get(node) ?? [])];
  }

  /** The endpoint an IP resolves to: a pod's own before a host-network pod sharing its node's address. */
  holding(ip: string): PodEndpoint | undefined {
    return this.byIP.get(ip)?.[0];
  }

  add(ep: PodEndpoint): void {
    this.byRef.set(ep.ref, ep);
    pushTo(this.byName, nameKey(ep.namespace, ep.name), ep);
    let inNamespace = this.byNamespace.get(ep.namespace);
    if (!inNamespace) this.byNamespace.set(ep.namespace, (inNamespace = new Set()));
    inNamespace.add(ep);
    if (ep.node !== undefined) {
      let onNode = this.byNode.get(ep.node);
      if (!onNode) this.byNode.set(ep.node, (onNode = new Set()));
      onNode.add(ep);
    }
    for (const ip of ep.ips) {
      const holders = this.byIP.get(ip) ?? [];
      const clash = holders.find((h) => !h.hostNetwork && !ep.hostNetwork);
      if (clash) this.noteProblem(ep, `pod IP ${ip} is also ${clash.ref}'s; queries by this IP resolve to ${clash.ref}`);
      holders.push(ep);
      if (holders.length > 1) holders.sort((a, b) => Number(a.hostNetwork) - Number(b.hostNetwork));
      this.byIP.set(ip, holders);
    }
  }

  remove(ep: PodEndpoint): void {
    this.byRef.delete(ep.ref);
    const byName = nameKey(ep.namespace, ep.name);
    const sameName = this.byName.get(byName)!.filter((e) => e !== ep);
    if (sameName.length > 0) this.byName.set(byName, sameName);
    else this.byName.delete(byName);
    this.byNamespace.get(ep.namespace)?.delete(ep);
    if (ep.node !== undefined) this.byNode.get(ep.node)?.delete(ep);
    for (const ip of ep.ips) {
      const holders = this.byIP.get(ip)!.filter((h) => h !== ep);
      if (holders.length > 0) this.byIP.set(ip, holders);
      else this.byIP.delete(ip);
    }
  }

  /** Endpoints are removed and added again when what they are keyed by changes: a problem is noted once. */
  noteProblem(ep: PodEndpoint, message: string): void {
    const known = this.problemsOf.get(ep) ?? [];
    if (!known.includes(message)) this.problemsOf.set(ep, [...known, message]);
  }

  /** An endpoint leaves for good (deleted, or replaced by a new version): its problems go with it. */
  forgetProblems(ep: PodEndpoint): void {
    this.problemsOf.delete(ep);
  }

  get problems(): EndpointProblem[] {
    return [...this.problemsOf].flatMap(([endpoint, messages]) => messages.map((message) => ({ endpoint, message })));
  }
}

function nameKey(namespace: string, name: string): string {
  return `${namespace}\u0001${name}`;
}
