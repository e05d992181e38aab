/**
 * Every distinct peer and policy target of the policies, shared by all that
 * mean the same, each with the identities it matches as a bitset: label
 * matching happens here, once per identity and entry. Entries are indexed by
 * how a new identity finds the ones that may match it (podSelector peers by
 * namespace, namespaceSelector peers, ipBlocks by address, targets by
 * namespace), and counted by users so that the last one to go takes it along.
 */
import { Bitset } from './bitset.js';
import { BlockIndex } from './block-index.js';
import type { Identity } from './identities.js';
import type { PolicyIndex } from './policy-repository.js';
import { peerMatches, policySelects, type CompiledPeer, type CompiledPolicy, type Subject } from './policies.js';
import { selectorKey } from './selectors.js';

/** A distinct peer or policy target: which identities it matches. */
export interface Entry {
  key: string;
  bits: Bitset;
  users: number;
}

export interface PeerEntry extends Entry {
  peer: CompiledPeer;
  policyNamespace: string;
}

export interface TargetEntry extends Entry {
  /** The namespace of the pods it may select; null for a ClusterNetworkPolicy's subject, which selects namespaces by label. */
  namespace: string | null;
  policies: Set<PolicyIndex>;
}

export class SelectorCache {
  private readonly peers = new Map<string, PeerEntry>();
  /** Each compiled peer's shared entry, for explanations that ask the bitsets. */
  private readonly entryOfPeer = new Map<CompiledPeer, PeerEntry>();
  private readonly targets = new Map<string, TargetEntry>();
  /** Peers by how they are evaluated: podSelector-only by namespace, namespaceSelector ones, ipBlocks. */
  private readonly podPeersByNamespace = new Map<string, Set<PeerEntry>>();
  private readonly namespacePeers = new Set<PeerEntry>();
  private readonly blockPeers = new BlockIndex<PeerEntry>();
  private readonly targetsByNamespace = new Map<string, Set<TargetEntry>>();
  private readonly clusterTargets = new Set<TargetEntry>();

  /**
   * `identities` are the identities there are now (ids may leave holes);
   * `mark` records that an entry matches an identity (the engine keeps both
   * sides of that, and notes what changed).
   */
  constructor(
    private readonly ipBlockMatchesPods: boolean,
    private readonly identities: () => readonly (Identity | undefined)[],
    private readonly mark: (e: Entry, identity: Identity) => void,
  ) {}

  /** The shared entry of a peer, made and matched against every identity the first time; `newBlocks` gets the ipBlocks made. */
  peerEntry(peer: CompiledPeer, policyNamespace: string, newBlocks: PeerEntry[]): PeerEntry {
    const key = peerKey(peer, policyNamespace);
    let e = this.peers.get(key);
    if (!e) {
      e = { key, peer, policyNamespace, bits: new Bitset(this.identities().length), users: 0 };
      this.peers.set(key, e);
      if (peer.blocks) {
        for (const b of peer.blocks) this.blockPeers.add(b.cidr, e);
        newBlocks.push(e);
      } else if (peer.namespaceSelector) this.namespacePeers.add(e);
      else setOf(this.podPeersByNamespace, policyNamespace).add(e);
      for (const identity of this.identities()) {
        if (identity && peerMatches(peer, policyNamespace, identity.subject, this.ipBlockMatchesPods)) this.mark(e, identity);
      }
    }
    e.users++;
    this.entryOfPeer.set(peer, e);
    return e;
  }

  /** The shared entry of a policy's target (its namespace or namespaceSelector, and podSelector), made and matched the first time. */
  targetEntry(policy: CompiledPolicy): TargetEntry {
    const pods = selectorKey(policy.podSelector);
    const namespace = policy.namespaceSelector ? null : policy.namespace;
    const key = namespace === null ? `cluster\u0001${selectorKey(policy.namespaceSelector!)}\u0001${pods}` : `${namespace}\u0001${pods}`;
    let t = this.targets.get(key);
    if (!t) {
      t = { key, namespace, bits: new Bitset(this.identities().length), users: 0, policies: new Set() };
      this.targets.set(key, t);
      if (namespace === null) this.clusterTargets.add(t);
      else setOf(this.targetsByNamespace, namespace).add(t);
      for (const identity of this.identities()) if (identity && policySelects(policy, identity.subject)) this.mark(t, identity);
    }
    t.users++;
    return t;
  }

  peerEntryOf(peer: CompiledPeer): PeerEntry {
    return this.entryOfPeer.get(peer)!;
  }

  /** A policy's peer is gone with its policy. */
  forgetPeer(peer: CompiledPeer): void {
    this.entryOfPeer.delete(peer);
  }

  /** One user fewer; an entry nobody uses is forgotten. */
  release(e: PeerEntry | TargetEntry): void {
    if (--e.users > 0) return;
    for (const id of e.bits) this.identities()[id]?.entries.delete(e);
    if ('peer' in e) {
      this.peers.delete(e.key);
      for (const b of e.peer.blocks ?? []) this.blockPeers.delete(b.cidr, e);
      this.namespacePeers.delete(e);
      this.podPeersByNamespace.get(e.policyNamespace)?.delete(e);
    } else {
      this.targets.delete(e.key);
      if (e.namespace === null) this.clusterTargets.delete(e);
      else this.targetsByNamespace.get(e.namespace)?.delete(e);
    }
  }

  /** The ipBlock peers that match a pod: part of its identity. The index finds the CIDRs holding its addresses; excepts are checked here. */
  blocksContaining(subject: Subject): PeerEntry[] {
    const found: PeerEntry[] = [];
    if (subject.addresses.length === 0) return found;
    const seen = new Set<PeerEntry>();
    for (const a of subject.addresses) {
      for (const e of this.blockPeers.containing(a)) {
        if (seen.has(e)) continue;
        seen.add(e);
        if (peerMatches(e.peer, e.policyNamespace, subject, this.ipBlockMatchesPods)) found.push(e);
      }
    }
    return found;
  }

  /** Whether any of the ipBlocks matches the pod (a new ipBlock may tell apart pods that shared an identity). */
  anyBlockMatches(blocks: readonly PeerEntry[], subject: Subject): boolean {
    return blocks.some((e) => peerMatches(e.peer, e.policyNamespace, subject, this.ipBlockMatchesPods));
  }

  /** A new identity: marks the selector peers that match it (its ipBlocks, found before, are given), and returns the targets that may select it. */
  matchNewIdentity(identity: Identity, blocks: readonly PeerEntry[]): TargetEntry[] {
    const { subject } = identity;
    for (const e of this.podPeersByNamespace.get(subject.namespace) ?? []) if (peerMatches(e.peer, e.policyNamespace, subject, this.ipBlockMatchesPods)) this.mark(e, identity);
    for (const e of this.namespacePeers) if (peerMatches(e.peer, e.policyNamespace, subject, this.ipBlockMatchesPods)) this.mark(e, identity);
    for (const e of blocks) this.mark(e, identity);
    return [...(this.targetsByNamespace.get(subject.namespace) ?? []), ...this.clusterTargets];
  }

  /** Whether a target's policies select an identity. */
  targetSelects(t: TargetEntry, identity: Identity): boolean {
    const first = t.policies.values().next().value;
    return first !== undefined && policySelects(first.policy, identity.subject);
  }
}

/** Peers that match the same endpoints share a key, across policies. */
function peerKey(peer: CompiledPeer, policyNamespace: string): string {
  if (peer.domainNames) return `domains\u0001${peer.domainNames.join(',')}`;
  if (peer.blocks) return `${peer.nodeSelector ? 'nodes' : peer.blocksMatchPods ? 'networks' : 'block'}\u0001${peer.blocks.map((b) => b.text).join(',')}`;
  const pods = peer.podSelector ? selectorKey(peer.podSelector) : '*';
  if (peer.namespaceSelector) return `ns\u0001${selectorKey(peer.namespaceSelector)}\u0001${pods}`;
  return `pods\u0001${policyNamespace}\u0001${pods}`;
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
