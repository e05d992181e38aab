/**
 * The engine: compiles a cluster snapshot into identities and bitsets once,
 * then answers connection queries without label matching, and takes updates
 * that recompute only what they touch.
 *
 * Pods that no policy can tell apart (same namespace, labels, named ports,
 * ipBlocks containing their IPs, host-network flag) share an identity. Every
 * distinct peer and every distinct policy target is a bitset over identities,
 * evaluated once per identity with the primitives in policies.ts, which hold
 * the semantics. The pieces: identities.ts (allocation), selector-cache.ts
 * (the bitsets), policy-repository.ts, endpoint-index.ts, side-policy.ts (one
 * compiled side per identity and direction, and the walk over it) and
 * side-verdicts.ts (a side's verdict in words); this class composes them and
 * takes changes.
 */
import type { KubeObject, Labels, Namespace, Node, Pod, TieredPolicy, Workload } from '../model/objects.js';
import { Bitset } from './bitset.js';
import type { Cluster } from './cluster.js';
import { bucketOf, inBucket } from '../model/kinds.js';
import { EndpointIndex } from './endpoint-index.js';
import { lookupEndpoint, normalizeWorkloadRef, type EndpointLookup } from './endpoint-refs.js';
import { isTerminated, namespaceLabels, podEndpoint, workloadEndpoint, type EndpointProblem } from './endpoints.js';
import { parseAddress, type Address } from './ip.js';
import { appliesTo, compilePolicy, compileTieredPolicy, isNetworkPolicy, type CompiledNetworkPolicy, type CompiledPeer, type CompiledPolicy, type NodesSelected, type Subject } from './policies.js';
import { selectorMatches } from './selectors.js';
import { ownership, workloadRef } from './owners.js';
import { identityKey, IdentityTable, type Identity } from './identities.js';
import { InternedLists } from './interned-lists.js';
import { PeerChanges } from './peer-changes.js';
import { PolicyRepository, type PolicyIndex } from './policy-repository.js';
import { SelectorCache, type Entry, type PeerEntry, type TargetEntry } from './selector-cache.js';
import { SideVerdicts } from './side-verdicts.js';
import { entryMatches, IdentityMatcher, type FarEnd } from './side-matches.js';
import { compileSide, evaluateSide, ONE, precedence, type CompiledSide } from './side-policy.js';
import { portsOfInterest, type RulePort } from './ports.js';
import { DIRECTIONS, type Direction, type Endpoint, type ExternalEndpoint, type PodEndpoint, type PortQuery, type Verdict } from './types.js';

export type { Identity } from './identities.js';

export interface EngineOptions {
  /**
   * Whether ipBlock peers match pod IPs (default true, as the upstream e2e
   * conformance tests and kube-network-policies do). When false they match
   * only addresses outside the cluster and host-network pods.
   */
  ipBlockMatchesPods?: boolean;
  /** Called while compiling, with endpoints done and in all. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

export type Change =
  | { op: 'upsert'; object: KubeObject }
  | { op: 'delete'; kind: string; namespace?: string; name: string };

/** What one change touched: whatever was compiled from anything else is as it was. */
export interface Touched {
  /** Identities added, removed, or changed in their members (and so their addresses) or in the policies isolating them. */
  identities: Set<number>;
  /** Policies added, removed or replaced, by ref. */
  policies: Set<string>;
  /** Peers whose endpoints changed (by ref, IPs or named ports): every rule holding one admits others now. */
  peers: Set<PeerEntry>;
}

export type { PolicyIndex, RuleIndex } from './policy-repository.js';

export class Engine {
  readonly ipBlockMatchesPods: boolean;

  private readonly namespaces = new Map<string, Namespace>();
  /** Node objects by name, as given (for `nodes` peers); pods name their node in spec.nodeName whether or not one is given. */
  private readonly nodeObjects = new Map<string, Node>();
  /** Every workload of the input, endpoint or not (see owners.ts), by namespace and ref. */
  private readonly workloadsByNamespace = new Map<string, Map<string, Workload>>();
  private readonly index = new EndpointIndex();
  /** What policies see of each endpoint, computed once. */
  private readonly subjects = new Map<PodEndpoint, Subject>();
  private readonly namespaceLabelCache = new Map<string, Labels>();
  private readonly verdicts = new SideVerdicts(this);
  private readonly identityTable = new IdentityTable();
  /** By id; removed identities leave a hole, so ids stay stable for bitsets. */
  readonly identities = this.identityTable.all;
  private readonly policies: PolicyRepository;
  /** Identities' policy lists, per direction (a side is compiled from its direction's list): identities with the same policies share a list. */
  private readonly lists = { ingress: new InternedLists<PolicyIndex>(), egress: new InternedLists<PolicyIndex>() };
  private readonly refsOfList = new WeakMap<readonly PolicyIndex[], string[]>();
  private readonly sortedRefsOfList = new WeakMap<readonly PolicyIndex[], readonly string[]>();
  private readonly sideOfList = new WeakMap<PolicyIndex[], CompiledSide>();
  private readonly selectors: SelectorCache;
  /** Port entries and served ports, worked out when first asked: forgotten on every `apply`. */
  private ports: { entries: RulePort[]; served: PortQuery[] } | undefined;
  /** While `apply` runs: what it touched, and what tells the peers whose endpoints it changed. */
  private touched: Touched | undefined;
  private peerChanges: PeerChanges | undefined;

  private constructor(opts: EngineOptions) {
    this.ipBlockMatchesPods = opts.ipBlockMatchesPods ?? true;
    this.selectors = new SelectorCache(this.ipBlockMatchesPods, () => this.identities, (e, identity) => this.mark(e, identity));
    this.policies = new PolicyRepository(this.selectors);
  }

  static compile(cluster: Cluster, opts: EngineOptions = {}): Engine {
    const engine = new Engine(opts);
    for (const ns of cluster.namespaces) engine.namespaces.set(ns.metadata.name ?? '', ns);
    for (const node of cluster.nodes) engine.nodeObjects.set(node.metadata.name ?? '', node);
    // Policies first, so that identities are formed knowing every ipBlock.
    for (const np of cluster.policies) engine.addPolicy(compilePolicy(np));
    for (const p of [...cluster.clusterPolicies, ...cluster.adminPolicies]) engine.addPolicy(compileTieredPolicy(p, engine.nodesSelected));
    const total = cluster.pods.length + cluster.workloads.length;
    cluster.pods.forEach((pod, i) => {
      if (!isTerminated(pod)) engine.addPod(pod);
      if (i % 1000 === 0) opts.onProgress?.('compiling', i, total);
    });
    for (const w of cluster.workloads) engine.setWorkload(w);
    for (const ns of new Set(cluster.workloads.map((w) => w.metadata.namespace ?? 'default'))) engine.syncWorkloads(ns);
    opts.onProgress?.('compiling', total, total);
    return engine;
  }

  /** Every pod and workload endpoint, in the order they were added. */
  endpoints(): PodEndpoint[] {
    return this.index.all();
  }

  /** The pods whose spec.nodeName is `node`, in the order they were added. */
  endpointsOn(node: string): PodEndpoint[] {
    return this.index.onNode(node);
  }

  identityOf(ep: PodEndpoint): Identity {
    const identity = this.identityTable.of(ep);
    if (!identity) throw new Error(`${ep.ref} is not an endpoint of this engine`);
    return identity;
  }

  /** `ns/name` (pod), `ns/kind/name` (workload), or an IP: a pod's, or an external endpoint. */
  resolve(ref: string): Endpoint | undefined {
    const direct = this.index.get(ref) ?? this.index.get(normalizeWorkloadRef(ref));
    if (direct) return direct;
    const address = parseAddress(ref);
    if (!address) return undefined;
    return this.index.holding(address.text) ?? { kind: 'external', ref: address.text, ip: address.text };
  }

  /**
   * What a person means by a ref: as `resolve`, and also a bare NAME in
   * `namespace` or a NAMESPACE/NAME that is a workload; else the closest refs.
   */
  lookup(ref: string, namespace?: string): EndpointLookup {
    return lookupEndpoint(this, ref, namespace);
  }

  /** The pods and workloads of a namespace with this name. */
  named(namespace: string, name: string): PodEndpoint[] {
    return this.index.named(namespace, name);
  }

  /** The nodes the pods run on (spec.nodeName), sorted. */
  nodes(): string[] {
    return [...new Set(this.endpoints().flatMap((e) => (e.node === undefined ? [] : [e.node])))].sort();
  }

  allowed(from: Endpoint, to: Endpoint, q: PortQuery): boolean {
    return this.verdicts.allows('egress', from, to, q) && this.verdicts.allows('ingress', to, from, q);
  }

  /**
   * The verdict with its reasons. With `reasons: false` a denial says which
   * part of each rule (peer, port) matched but not why in words, which is
   * what batch callers can afford for many flows.
   */
  check(from: Endpoint, to: Endpoint, q: PortQuery, opts: { reasons?: boolean } = {}): Verdict {
    const words = opts.reasons ?? true;
    const egress = this.verdicts.side('egress', from, to, q, words);
    const ingress = this.verdicts.side('ingress', to, from, q, words);
    const allowed = egress.allowed && ingress.allowed;
    // Unknown only when the egress side alone denies, and a domain name might allow it.
    return egress.unknownBy && ingress.allowed ? { allowed, unknown: true, egress, ingress } : { allowed, egress, ingress };
  }

  /** Every policy that takes part in an endpoint's side (NetworkPolicies isolating it, ClusterNetworkPolicies selecting it), by ref; none for addresses outside. */
  sidePolicyRefs(ep: Endpoint, direction: Direction): readonly string[] {
    if (ep.kind === 'external') return [];
    const list = this.identityOf(ep).policies[direction];
    let refs = this.sortedRefsOfList.get(list);
    if (!refs) this.sortedRefsOfList.set(list, (refs = Object.freeze(list.map((p) => p.policy.ref).sort())));
    return refs;
  }

  /** The NetworkPolicies isolating an endpoint in a direction; none for addresses outside. */
  isolatingPolicies(ep: Endpoint, direction: Direction): CompiledNetworkPolicy[] {
    return ep.kind === 'external' ? [] : this.identityOf(ep).policies[direction].flatMap((p) => (isNetworkPolicy(p.policy) ? [p.policy] : []));
  }


  /** The endpoints a rule's peer matches now (pods and workloads; addresses outside are not listed). */
  peerMembers(policyRef: string, direction: Direction, rule: number, peer: number): PodEndpoint[] {
    const entry = this.policies.get(policyRef)?.rules[direction][rule]?.peers?.[peer];
    return entry ? this.entryMembers(entry) : [];
  }

  /** The endpoints a shared peer entry matches now. */
  entryMembers(e: PeerEntry): PodEndpoint[] {
    const out: PodEndpoint[] = [];
    for (const identity of this.entryIdentities(e)) for (const ep of identity.members) out.push(ep);
    return out;
  }

  /** The identities a shared peer entry matches now. */
  entryIdentities(e: PeerEntry): Identity[] {
    const out: Identity[] = [];
    for (const id of e.bits) {
      const identity = this.identities[id];
      if (identity) out.push(identity);
    }
    return out;
  }

  /** The ports worth a truth table: those the policies name by number and those the endpoints serve (by default, every endpoint). */
  portsOfInterest(endpoints?: PodEndpoint[]): PortQuery[] {
    return portsOfInterest(this.portEntries(), endpoints ? endpoints.flatMap((e) => e.servedPorts ?? []) : this.servedPorts());
  }

  /** Every port entry of every rule; shared, not to be changed. */
  portEntries(): readonly RulePort[] {
    return (this.ports ??= this.portsNow()).entries;
  }

  /** Every port some endpoint serves, each once; shared, not to be changed. */
  servedPorts(): readonly PortQuery[] {
    return (this.ports ??= this.portsNow()).served;
  }

  private portsNow(): { entries: RulePort[]; served: PortQuery[] } {
    const served = new Map<string, PortQuery>();
    for (const ep of this.endpoints()) for (const q of ep.servedPorts ?? []) served.set(`${q.protocol}/${q.port}`, q);
    return { entries: this.allPolicies().flatMap((p) => [...p.rules.ingress, ...p.rules.egress].flatMap((r) => r.ports ?? [])), served: [...served.values()] };
  }

  policy(ref: string): CompiledPolicy | undefined {
    return this.policies.get(ref)?.policy;
  }

  /** Every policy: NetworkPolicies and the tiered ones (ClusterNetworkPolicies, AdminNetworkPolicies, the BaselineAdminNetworkPolicy). */
  allPolicies(): CompiledPolicy[] {
    return this.policies.all().map((p) => p.policy);
  }

  networkPolicies(): CompiledNetworkPolicy[] {
    return this.policies.all().flatMap((p) => (isNetworkPolicy(p.policy) ? [p.policy] : []));
  }

  /** The tiered policies: ClusterNetworkPolicies, AdminNetworkPolicies and the BaselineAdminNetworkPolicy. */
  clusterPolicies(): CompiledPolicy[] {
    return this.policies.all().flatMap((p) => (isNetworkPolicy(p.policy) ? [] : [p.policy]));
  }

  /** A Node object given to the engine, by name. */
  nodeObject(name: string): Node | undefined {
    return this.nodeObjects.get(name);
  }

  /** The Nodes a `nodes` peer selects, by name, with the addresses it matches: InternalIP and ExternalIP (not host names). */
  readonly nodesSelected: NodesSelected = (selector) =>
    [...this.nodeObjects.values()]
      .filter((n) => selectorMatches(selector, n.metadata.labels ?? {}))
      .map((n) => ({ name: n.metadata.name ?? '', addresses: nodeAddresses(n) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  namespaceLabelsOf(name: string): Labels {
    let labels = this.namespaceLabelCache.get(name);
    if (!labels) this.namespaceLabelCache.set(name, (labels = namespaceLabels(name, this.namespaces.get(name))));
    return labels;
  }

  /** Takes one change to the cluster, recomputing only what it touches, and says what that was. */
  apply(change: Change): Touched {
    this.verdicts.clear();
    this.ports = undefined;
    const touched: Touched = (this.touched = { identities: new Set(), policies: new Set(), peers: new Set() });
    const peerChanges = (this.peerChanges = new PeerChanges());
    try {
      this.applyChange(change);
      // A pod relabelled moves to another identity, yet peers that held it before may hold it still: only a change of endpoints counts.
      for (const e of peerChanges.changed(this.identities, (ep) => this.identityTable.of(ep))) touched.peers.add(e);
    } finally {
      this.touched = undefined;
      this.peerChanges = undefined;
    }
    return touched;
  }

  /** Before a peer's endpoints may change during `apply`. */
  private beforeChange(e: Entry): void {
    if ('peer' in e) this.peerChanges?.peerChanging(e as PeerEntry);
  }

  private applyChange(change: Change): void {
    if (change.op === 'upsert') {
      const o = change.object;
      const ns = o.metadata.namespace ?? 'default';
      if (inBucket(o, 'namespaces')) return this.setNamespace(o.metadata.name ?? '', o);
      if (inBucket(o, 'nodes')) return this.setNode(o.metadata.name ?? '', o);
      if (inBucket(o, 'policies') || inBucket(o, 'clusterPolicies') || inBucket(o, 'adminPolicies')) {
        const policy = inBucket(o, 'policies') ? compilePolicy(o) : compileTieredPolicy(o, this.nodesSelected);
        this.removePolicy(policy.ref);
        this.addPolicy(policy);
        return;
      }
      if (inBucket(o, 'pods')) {
        this.removeForGood(`${ns}/${o.metadata.name}`);
        if (!isTerminated(o)) this.addPod(o);
      } else if (inBucket(o, 'workloads')) {
        const ref = workloadRef(ns, o.kind, o.metadata.name ?? '');
        this.removeForGood(ref);
        this.setWorkload(o);
      }
      return this.syncWorkloads(ns);
    }
    const ns = change.namespace ?? 'default';
    const bucket = bucketOf(change.kind);
    if (bucket === 'namespaces') return this.setNamespace(change.name, undefined);
    if (bucket === 'nodes') return this.setNode(change.name, undefined);
    if (bucket === 'policies') return this.removePolicy(`${ns}/${change.name}`);
    if (bucket === 'clusterPolicies') return this.removePolicy(change.name);
    if (bucket === 'adminPolicies') return this.removePolicy(`${change.kind}/${change.name}`);
    if (bucket === 'pods') this.removeForGood(`${ns}/${change.name}`);
    else {
      const ref = workloadRef(ns, change.kind, change.name);
      this.removeForGood(ref);
      this.workloadsByNamespace.get(ns)?.delete(ref);
    }
    this.syncWorkloads(ns);
  }

  private setWorkload(w: Workload): void {
    const namespace = w.metadata.namespace ?? 'default';
    let byRef = this.workloadsByNamespace.get(namespace);
    if (!byRef) this.workloadsByNamespace.set(namespace, (byRef = new Map()));
    byRef.set(workloadRef(namespace, w.kind, w.metadata.name ?? ''), w);
  }

  /** Workloads of a namespace are endpoints while none of their pods is (owners.ts); pods learn their owner. */
  private syncWorkloads(namespace: string): void {
    const pods = this.index.inNamespace(namespace).filter((ep) => ep.kind === 'pod');
    const workloads = [...(this.workloadsByNamespace.get(namespace)?.values() ?? [])];
    const { standing, ownerOf } = ownership(pods, workloads);
    for (const pod of pods) {
      const owner = ownerOf.get(pod);
      if (owner) pod.owner = owner;
      else delete pod.owner;
    }
    const stands = new Set(standing);
    for (const w of workloads) {
      const ref = workloadRef(namespace, w.kind, w.metadata.name ?? '');
      const present = this.index.get(ref) !== undefined;
      if (stands.has(w) && !present) this.addEndpoint(workloadEndpoint(w));
      else if (!stands.has(w) && present) this.removeEndpointRef(ref);
    }
  }

  // --- deciding one side ---------------------------------------------------

  /** An identity's compiled policy for a direction: built once per list of isolating policies (lists are replaced, never changed). */
  compiledSide(identity: Identity, direction: Direction): CompiledSide {
    const list = identity.policies[direction];
    let side = this.sideOfList.get(list);
    if (!side) this.sideOfList.set(list, (side = compileSide(direction, list)));
    return side;
  }

  /** For `identitiesAdmitted`: one per set of identities and port, shared by every side asked. */
  identityMatcher(all: Bitset, q: PortQuery): IdentityMatcher {
    return new IdentityMatcher(all, (id) => this.identities[id]!.namedPorts, q);
  }

  /** The identities of `matcher`'s set that an identity's own side admits on its port, as between two different pods (no special case). */
  identitiesAdmitted(identity: Identity, direction: Direction, matcher: IdentityMatcher): Bitset {
    if (identity.subject.hostNetwork) return matcher.ops.all;
    const own = direction === 'ingress' ? identity.namedPorts : undefined;
    return evaluateSide(this.compiledSide(identity, direction), matcher.ops, (entry) => matcher.match(entry, own));
  }

  /** Whether an identity's own side admits a connection with another identity, as between two different pods. */
  identityAdmits(identity: Identity, direction: Direction, other: Identity, q: PortQuery): boolean {
    if (identity.subject.hostNetwork) return true;
    const dstNamedPorts = direction === 'ingress' ? identity.namedPorts : other.namedPorts;
    const far = { id: other.id };
    return evaluateSide(this.compiledSide(identity, direction), ONE, (entry) => entryMatches(entry, far, q, dstNamedPorts, this.ipBlockMatchesPods));
  }

  /** The far end as the entries' peers see it. */
  farEnd(other: Endpoint): FarEnd {
    return other.kind === 'external' ? { id: -1, subject: externalSubject(other) } : { id: this.identityOf(other).id };
  }

  /** The refs of the NetworkPolicies of a list (those that isolate), computed once per list and shared (frozen) by every verdict that names them. */
  policyRefs(list: readonly PolicyIndex[]): string[] {
    let refs = this.refsOfList.get(list);
    if (!refs) this.refsOfList.set(list, (refs = Object.freeze(list.flatMap((p) => (isNetworkPolicy(p.policy) ? [p.policy.ref] : []))) as string[]));
    return refs;
  }

  /** The shared entry holding a compiled peer's bitset. */
  peerEntryOf(peer: CompiledPeer): PeerEntry {
    return this.selectors.peerEntryOf(peer);
  }

  /** An endpoint's IPs, parsed once. */
  addressesOf(ep: PodEndpoint): Address[] {
    return this.subjectOfPod(ep).addresses;
  }

  /** The addresses of an identity's members, in no order. */
  identityAddresses(identity: Identity): readonly Address[] {
    return (identity.addresses ??= [...identity.members].flatMap((ep) => this.addressesOf(ep)));
  }

  /** What policies see of an endpoint: its own labels, namespace labels and addresses. */
  subjectOf(ep: Endpoint): Subject {
    return ep.kind === 'external' ? externalSubject(ep) : this.subjectOfPod(ep);
  }

  /** Problems found while compiling and updating (unparseable pod IPs, shared IPs), of the endpoints there are now. */
  get problems(): EndpointProblem[] {
    return this.index.problems;
  }

  // --- endpoints and identities --------------------------------------------

  private addPod(pod: Pod): void {
    const found: EndpointProblem[] = [];
    const ep = podEndpoint(pod, found);
    for (const p of found) this.index.noteProblem(ep, p.message);
    this.addEndpoint(ep);
  }

  /** An endpoint leaves for good (deleted, or replaced by a new version): its problems go with it. */
  private removeForGood(ref: string): void {
    const ep = this.index.get(ref);
    if (ep) this.index.forgetProblems(ep);
    this.removeEndpointRef(ref);
  }

  private addEndpoint(ep: PodEndpoint): void {
    this.index.add(ep);
    const subject = this.subjectOfPod(ep);
    const blocks = this.selectors.blocksContaining(subject);
    const key = identityKey(ep, blocks);
    let identity = this.identityTable.withKey(key);
    if (!identity) {
      identity = this.identityTable.allocate(key, subject, ep.namedPorts);
      for (const t of this.selectors.matchNewIdentity(identity, blocks)) this.evaluateTarget(t, identity);
    }
    this.moving(ep, identity, 'joins');
    this.identityTable.join(ep, identity, subject.addresses);
  }

  /** An endpoint is about to join or leave an identity: so may every peer holding it change. */
  private moving(ep: PodEndpoint, identity: Identity, how: 'joins' | 'leaves'): void {
    if (!this.touched) return;
    this.touched.identities.add(identity.id);
    this.peerChanges?.endpointMoving(ep, how === 'leaves' ? identity : undefined);
    for (const e of identity.entries) this.beforeChange(e);
  }

  private removeEndpointRef(ref: string): void {
    const ep = this.index.get(ref);
    if (!ep) return;
    this.index.remove(ep);
    this.subjects.delete(ep);
    const identity = this.identityOf(ep);
    this.moving(ep, identity, 'leaves');
    this.identityTable.leave(ep, identity);
  }

  private subjectOfPod(ep: PodEndpoint): Subject {
    let subject = this.subjects.get(ep);
    if (!subject) {
      subject = {
        kind: 'pod',
        namespace: ep.namespace,
        labels: ep.labels,
        nsLabels: this.namespaceLabelsOf(ep.namespace),
        hostNetwork: ep.hostNetwork,
        addresses: ep.ips.map((ip) => parseAddress(ip)!),
      };
      this.subjects.set(ep, subject);
    }
    return subject;
  }

  private mark(e: Entry, identity: Identity): void {
    this.beforeChange(e);
    e.bits.add(identity.id);
    identity.entries.add(e);
  }

  private evaluateTarget(t: TargetEntry, identity: Identity): void {
    if (!this.selectors.targetSelects(t, identity)) return;
    this.mark(t, identity);
    for (const p of t.policies) this.attach(p, identity);
  }

  /**
   * Policy lists are shared by reference (see policyRefs, compiledSide): never changed, replaced by the interned list.
   * They are kept in `precedence` order, so a list is the same whichever order its policies came in (compiled, or applied later).
   */
  private attach(p: PolicyIndex, identity: Identity): void {
    for (const d of DIRECTIONS) {
      if (!appliesTo(p.policy, d)) continue;
      const list = identity.policies[d];
      const at = list.findIndex((x) => precedence(p.policy, x.policy) < 0);
      identity.policies[d] = this.lists[d].of(at === -1 ? [...list, p] : [...list.slice(0, at), p, ...list.slice(at)]);
    }
    this.touched?.identities.add(identity.id);
  }

  private detach(p: PolicyIndex, identity: Identity): void {
    for (const d of DIRECTIONS) identity.policies[d] = this.lists[d].of(identity.policies[d].filter((x) => x !== p));
    this.touched?.identities.add(identity.id);
  }

  /** Endpoints are re-added when something they are keyed or evaluated by changes. */
  private rebuild(endpoints: PodEndpoint[]): void {
    for (const ep of endpoints) this.removeEndpointRef(ep.ref);
    for (const ep of endpoints) this.addEndpoint(ep);
  }

  /** A Node changed: ClusterNetworkPolicies with `nodes` peers are compiled again when what those peers see of it changed. */
  private setNode(name: string, node: Node | undefined): void {
    const before = this.nodeObjects.get(name);
    if (node) this.nodeObjects.set(name, node);
    else this.nodeObjects.delete(name);
    const seen = (n: Node | undefined) => (n ? JSON.stringify([n.metadata.labels ?? {}, nodeAddresses(n)]) : '');
    if (seen(before) === seen(node)) return;
    for (const p of this.clusterPolicies()) {
      if (!hasNodePeers(p)) continue;
      this.removePolicy(p.ref);
      this.addPolicy(compileTieredPolicy(p.source as TieredPolicy, this.nodesSelected));
    }
  }

  private setNamespace(name: string, ns: Namespace | undefined): void {
    if (ns) this.namespaces.set(name, ns);
    else this.namespaces.delete(name);
    this.namespaceLabelCache.delete(name);
    this.rebuild(this.endpoints().filter((ep) => ep.namespace === name));
  }

  // --- policies --------------------------------------------------------------

  private addPolicy(policy: CompiledPolicy): void {
    const newBlocks: PeerEntry[] = [];
    const index = this.policies.add(policy, newBlocks);
    this.touched?.policies.add(index.policy.ref);
    for (const id of index.target.bits) this.attach(index, this.identities[id]!);
    // A new ipBlock may tell apart pods that shared an identity: re-key every identity holding a pod it contains.
    if (newBlocks.length > 0) {
      const split = new Set<Identity>();
      for (const ep of this.endpoints()) {
        const own = this.subjectOfPod(ep);
        if (this.selectors.anyBlockMatches(newBlocks, own)) split.add(this.identityOf(ep));
      }
      this.rebuild([...split].flatMap((identity) => [...identity.members]));
    }
  }

  private removePolicy(ref: string): void {
    const index = this.policies.remove(ref);
    if (!index) return;
    this.touched?.policies.add(ref);
    for (const id of index.target.bits) this.detach(index, this.identities[id]!);
  }
}

function externalSubject(ep: ExternalEndpoint): Subject {
  return { kind: 'external', namespace: '', labels: {}, nsLabels: {}, hostNetwork: false, addresses: [parseAddress(ep.ip)!] };
}

/** A Node's addresses that traffic carries: InternalIP and ExternalIP, in the order given. */
function nodeAddresses(node: Node): string[] {
  return (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP').map((a) => a.address);
}

function hasNodePeers(p: CompiledPolicy): boolean {
  return DIRECTIONS.some((d) => p.rules[d].some((r) => r.peers?.some((peer) => peer.nodeSelector)));
}
