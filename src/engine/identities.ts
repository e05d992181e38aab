/**
 * Identity allocation: pods that no policy can tell apart (same namespace,
 * labels, named ports, ipBlocks containing their IPs, host-network flag)
 * share an identity, a small number that bitsets hold. Ids are never reused,
 * so a removed identity leaves a hole and bitsets stay valid.
 */
import type { Address } from './ip.js';
import type { PolicyIndex } from './policy-repository.js';
import type { Subject } from './policies.js';
import type { Entry, PeerEntry } from './selector-cache.js';
import type { Direction, NamedPort, PodEndpoint } from './types.js';

export interface Identity {
  id: number;
  key: string;
  /** A representative: members differ in nothing a policy can see. */
  subject: Subject;
  namedPorts: NamedPort[];
  members: Set<PodEndpoint>;
  /**
   * Its members' addresses, in no order (a data plane's address sets are made
   * of them): kept as members join, undefined once one leaves until read
   * again (`Engine.identityAddresses`).
   */
  addresses: Address[] | undefined;
  /** The isolating policies that select this identity, per direction. */
  policies: Record<Direction, PolicyIndex[]>;
  /** The entries whose bitsets hold this identity, to clear on removal. */
  entries: Set<Entry>;
}

export class IdentityTable {
  /** By id, with holes where identities were removed. */
  readonly all: (Identity | undefined)[] = [];
  private readonly byKey = new Map<string, Identity>();
  private readonly ofEndpoint = new Map<PodEndpoint, Identity>();

  of(ep: PodEndpoint): Identity | undefined {
    return this.ofEndpoint.get(ep);
  }

  /** The identity with this key, or undefined when there is none yet. */
  withKey(key: string): Identity | undefined {
    return this.byKey.get(key);
  }

  /** A new identity, with no members, selected by nothing yet. */
  allocate(key: string, subject: Subject, namedPorts: NamedPort[]): Identity {
    const identity: Identity = { id: this.all.length, key, subject, namedPorts, members: new Set(), addresses: [], policies: { ingress: [], egress: [] }, entries: new Set() };
    this.all.push(identity);
    this.byKey.set(key, identity);
    return identity;
  }

  /** The endpoint joins its identity with its addresses (its subject's). */
  join(ep: PodEndpoint, identity: Identity, addresses: readonly Address[]): void {
    identity.members.add(ep);
    identity.addresses?.push(...addresses);
    this.ofEndpoint.set(ep, identity);
  }

  /** The endpoint leaves its identity; an identity left without members is removed, and its bits cleared. */
  leave(ep: PodEndpoint, identity: Identity): void {
    this.ofEndpoint.delete(ep);
    identity.members.delete(ep);
    identity.addresses = undefined;
    if (identity.members.size > 0) return;
    for (const e of identity.entries) e.bits.delete(identity.id);
    this.byKey.delete(identity.key);
    this.all[identity.id] = undefined;
  }
}

/** Everything a policy can see of a pod, as one string: pods with equal keys share an identity. */
export function identityKey(ep: PodEndpoint, blocks: readonly PeerEntry[]): string {
  const labels = Object.keys(ep.labels)
    .sort()
    .map((k) => `${k}=${ep.labels[k]}`)
    .join(',');
  const ports = namedPortsKey(ep.namedPorts);
  const blockKeys = blocks.length === 0 ? '' : blocks.map((b) => b.key).sort().join(',');
  return `${ep.namespace}\u0001${labels}\u0001${ports}\u0001${blockKeys}\u0001${ep.hostNetwork ? 'host' : ''}`;
}

/** Named ports as one string, whatever their order: equal for pods serving the same names at the same numbers. */
export function namedPortsKey(ports: readonly NamedPort[]): string {
  return ports.length === 0 ? '' : ports.map((p) => `${p.name}/${p.protocol}/${p.port}`).sort().join(',');
}

/** Whether two lists hold the same named ports (in any order), as `namedPortsKey` tells. */
export function sameNamedPorts(x: readonly NamedPort[], y: readonly NamedPort[]): boolean {
  const inOrder = x.length === y.length && x.every((p, n) => p.name === y[n]!.name && p.protocol === y[n]!.protocol && p.port === y[n]!.port);
  return inOrder || namedPortsKey(x) === namedPortsKey(y);
}
