/**
 * One side's verdict for one connection: the special cases first, then the
 * walk of the side's compiled entries, with the rules that decided it, or
 * why each rule of the isolating policies did not (worded when asked).
 */
import type { Engine } from './engine.js';
import type { PolicyIndex } from './policy-repository.js';
import { describeSide, ruleMiss, type ExplainContext } from './explain-side.js';
import { matchingPort } from './ports.js';
import { destinationNamedPorts, entryMatches, matchingPeer, peerMatchesFar, type FarEnd } from './side-matches.js';
import { evaluateSide, isNodeLocal, ONE, settledBefore, type CompiledSide, type SideEntry } from './side-policy.js';
import { PROTOCOLS, type ClusterRuleMiss, type Direction, type Endpoint, type PodEndpoint, type PortQuery, type RuleRef, type SideReason, type SideVerdict } from './types.js';

const NO_POLICIES: readonly PolicyIndex[] = [];
/** The walk's options for a far end node-local to the side: the hot path asks with none otherwise. */
const NODE_LOCAL = { nodeLocal: true };

export class SideVerdicts {
  /** Side decisions without words, by direction, identity, the other end's identity (or address) and port; any update clears them. */
  private readonly decisions: Record<Direction, Map<number, Map<number | string, Map<number, SideVerdict>>>> = { ingress: new Map(), egress: new Map() };

  /** Sides settled before any rule, by direction, reason and isolating policies: one decision each, like those reused above. */
  private readonly settled = new Map<string, WeakMap<readonly string[], SideVerdict>>();

  constructor(private readonly engine: Engine) {}

  private settledSide(direction: Direction, reason: SideReason, refs: string[]): SideVerdict {
    const key = `${direction}/${reason}`;
    let byRefs = this.settled.get(key);
    if (!byRefs) this.settled.set(key, (byRefs = new WeakMap()));
    let decided = byRefs.get(refs);
    if (!decided) byRefs.set(refs, (decided = { direction, endpoint: '', allowed: true, isolated: refs.length > 0, reason, policies: refs, allowedBy: [], denials: [], tier: 'default', action: 'allow' }));
    return decided;
  }

  /** Forgets the reused decisions: the engine changed. */
  clear(): void {
    for (const d of ['ingress', 'egress'] as const) this.decisions[d].clear();
  }

  /** Whether one side's entry matches the connection: `subject` is the side's endpoint, `other` the far end (as `far`). */
  private pointMatch(direction: Direction, subject: PodEndpoint, other: Endpoint, far: FarEnd, q: PortQuery): (entry: SideEntry) => boolean {
    const dstNamedPorts = destinationNamedPorts(direction, subject, other);
    return (entry) => entryMatches(entry, far, q, dstNamedPorts, this.engine.ipBlockMatchesPods);
  }

  /** Whether one side allows, without saying why: `subject` is the side's endpoint, `other` the far end. */
  allows(direction: Direction, subject: Endpoint, other: Endpoint, q: PortQuery): boolean {
    if (settledBefore(subject, other)) return true;
    const pod = subject as PodEndpoint;
    const match = this.pointMatch(direction, pod, other, this.engine.farEnd(other), q);
    return evaluateSide(this.engine.compiledSide(this.engine.identityOf(pod), direction), ONE, match, isNodeLocal(pod, other) ? NODE_LOCAL : undefined);
  }

  /** One side's decision with its reasons; `words: false` leaves the reasons unworded and reuses decisions. */
  side(direction: Direction, subject: Endpoint, other: Endpoint, q: PortQuery, words: boolean): SideVerdict {
    const early = settledBefore(subject, other);
    const refs = () => this.engine.policyRefs(subject.kind === 'external' ? NO_POLICIES : this.engine.identityOf(subject).policies[direction]);
    if (early) return { ...this.settledSide(direction, early, refs()), endpoint: subject.ref };
    const pod = subject as PodEndpoint;
    if (!words) {
      // Without words a side's decision depends on the two identities (or the address) and the port only: batches reuse it.
      const bySubject = this.decisions[direction];
      const subjectId = this.engine.identityOf(pod).id;
      let byOther = bySubject.get(subjectId);
      if (!byOther) bySubject.set(subjectId, (byOther = new Map()));
      // Node-local traffic sets apart far ends of one identity (host-network pods on different nodes).
      const otherKey = other.kind === 'external' ? other.ip : isNodeLocal(pod, other) ? `local ${this.engine.identityOf(other).id}` : this.engine.identityOf(other).id;
      let byPort = byOther.get(otherKey);
      if (!byPort) byOther.set(otherKey, (byPort = new Map()));
      const portKey = q.port * PROTOCOLS.length + PROTOCOLS.indexOf(q.protocol);
      let decided = byPort.get(portKey);
      if (!decided) byPort.set(portKey, (decided = this.decide(direction, pod, other, q, refs(), false)));
      return { ...decided, endpoint: pod.ref };
    }
    return this.decide(direction, pod, other, q, refs(), true);
  }

  /** A side that no special case settles: the entries that decide, or why each rule did not. */
  private decide(direction: Direction, pod: PodEndpoint, other: Endpoint, q: PortQuery, refs: string[], words: boolean): SideVerdict {
    const side = this.engine.compiledSide(this.engine.identityOf(pod), direction);
    const far = this.engine.farEnd(other);
    const by: SideEntry[] = [];
    const nodeLocal = isNodeLocal(pod, other);
    const allowed = evaluateSide(side, ONE, this.pointMatch(direction, pod, other, far, q), { every: true, decided: (entry) => by.push(entry), nodeLocal });
    const isolated = refs.length > 0;
    const verdict: SideVerdict = { direction, endpoint: pod.ref, allowed, isolated, reason: 'not-isolated', policies: refs, allowedBy: [], denials: [], tier: 'default', action: allowed ? 'allow' : 'deny' };
    const unknownBy = allowed ? [] : this.domainRules(direction, side, pod, other, far, q);
    if (unknownBy.length > 0) verdict.unknownBy = unknownBy;
    // A rule whose domain names may match is unknown, not missed.
    const missed = () => this.clusterMisses(side, pod, other, far, q, allowed, words).filter((m) => !unknownBy.some((u) => u.policy === m.policy && u.rule === m.rule));
    if (side.namespaceFrom > 0 || side.baselineFrom < side.entries.length) whenRead(verdict, 'missedBy', words, missed);
    const passes = by.filter((e) => e.action === 'pass');
    if (passes.length > 0) verdict.passedBy = passes.map((e) => this.ruleRef(e, pod, other, far, q));
    // The tier that decided: the last entry's, unless it passed on (to the namespace tier from the admin tier, to the default from the baseline tier).
    const last = by[by.length - 1];
    if (last && last.action !== 'pass') verdict.tier = last.tier;
    else if (last?.tier === 'admin' && isolated) verdict.tier = 'namespace';
    if (allowed) {
      verdict.allowedBy = by.filter((e) => e.action === 'allow').map((e) => this.ruleRef(e, pod, other, far, q));
      if (verdict.allowedBy.length > 0) verdict.reason = 'allowed-by-rule';
      else if (nodeLocal && isolated) Object.assign(verdict, { reason: 'node-local', tier: 'namespace' });
      return verdict;
    }
    const deny = by.find((e) => e.action === 'deny');
    if (deny) {
      verdict.reason = 'denied-by-rule';
      verdict.deniedBy = this.ruleRef(deny, pod, other, far, q);
      return verdict;
    }
    verdict.tier = 'namespace';
    verdict.reason = 'no-rule-matched';
    const describe = () => describeSide(direction, pod, other, q, side.policies, this.explainContext(far, words));
    whenRead(verdict, 'denials', words, describe);
    return verdict;
  }

  /**
   * The ClusterNetworkPolicy rules the walk passed over without a match, in
   * the tiers it asked, that would have decided otherwise (see
   * `SideVerdict.missedBy`): what a user looks at when a rule did not apply.
   */
  private clusterMisses(side: CompiledSide, pod: PodEndpoint, other: Endpoint, far: FarEnd, q: PortQuery, allowed: boolean, words: boolean): ClusterRuleMiss[] {
    const match = this.pointMatch(side.direction, pod, other, far, q);
    const walked: SideEntry[] = [];
    /** Walks a first-match tier: true when a rule decided (a pass hands over, so it did not). */
    const walk = (entries: readonly SideEntry[]) => {
      for (const e of entries) {
        if (match(e)) return e.action !== 'pass';
        walked.push(e);
      }
      return false;
    };
    if (!walk(side.entries.slice(0, side.namespaceFrom)) && side.policies.length === 0) walk(side.entries.slice(side.baselineFrom));
    const destination = side.direction === 'ingress' ? pod : other;
    const ctx = this.explainContext(far, words);
    return walked
      .filter((e) => (e.action === 'deny') === allowed)
      .map((e) => ({
        policy: e.policy.ref,
        tier: e.tier as 'admin' | 'baseline',
        priority: e.policy.priority,
        action: e.action,
        ...(e.rule.name ? { name: e.rule.name } : {}),
        ...ruleMiss(e.rule, e.policy, other, destination, q, ctx),
      }));
  }

  /** What the words of a miss are written with: the engine's primitives, and a peer's match as the entries decide it. */
  private explainContext(far: FarEnd, words: boolean): ExplainContext {
    return {
      ipBlockMatchesPods: this.engine.ipBlockMatchesPods,
      subjectOf: (ep) => this.engine.subjectOf(ep),
      peerMatches: (peer) => peerMatchesFar(this.engine.peerEntryOf(peer), far, this.engine.ipBlockMatchesPods),
      words,
    };
  }

  /**
   * For a denied egress to an address outside: the Accept rules to
   * `domainNames` that would allow it if a name resolved to the address
   * (the walk again, with every such peer matching); none otherwise.
   */
  private domainRules(direction: Direction, side: CompiledSide, pod: PodEndpoint, other: Endpoint, far: FarEnd, q: PortQuery): RuleRef[] {
    if (direction === 'ingress' || other.kind !== 'external') return [];
    const domainPeer = (entry: SideEntry) => entry.rule.peers?.findIndex((p) => p.domainNames !== undefined) ?? -1;
    if (!side.entries.some((e) => domainPeer(e) !== -1)) return [];
    const match = this.pointMatch(direction, pod, other, far, q);
    const by: SideEntry[] = [];
    const ifResolved = (entry: SideEntry) => match(entry) || (domainPeer(entry) !== -1 && matchingPort(entry.rule.ports, q, undefined) !== -1);
    if (!evaluateSide(side, ONE, ifResolved, { decided: (entry) => by.push(entry) })) return [];
    return by.filter((e) => domainPeer(e) !== -1 && !match(e)).map((e) => ({ ...this.ruleRef(e, pod, other, far, q), peer: domainPeer(e) }));
  }

  /** Which policy, rule, peer and port of an entry match the connection. */
  private ruleRef(entry: SideEntry, pod: PodEndpoint, other: Endpoint, far: FarEnd, q: PortQuery): RuleRef {
    const { policy, rule } = entry;
    return {
      policy: policy.ref,
      ...(policy.tier === 'namespace' ? {} : { tier: policy.tier, priority: policy.priority, action: rule.action, ...(rule.name ? { name: rule.name } : {}) }),
      direction: entry.rule.direction,
      rule: entry.rule.index,
      peer: matchingPeer(entry, far, this.engine.ipBlockMatchesPods),
      port: matchingPort(entry.rule.ports, q, destinationNamedPorts(entry.rule.direction, pod, other)),
    };
  }
}

/**
 * Sets a verdict's field of reasons: at once without words, and with words
 * when first read (words cost more than the decision; an enumerable getter,
 * so JSON has them). An empty list of misses is left out.
 */
function whenRead<K extends 'denials' | 'missedBy'>(verdict: SideVerdict, key: K, words: boolean, compute: () => NonNullable<SideVerdict[K]>): void {
  const value = (list: NonNullable<SideVerdict[K]>) => (key === 'missedBy' && list.length === 0 ? undefined : list);
  if (!words) {
    const list = value(compute());
    if (list !== undefined) verdict[key] = list;
    return;
  }
  let cached: NonNullable<SideVerdict[K]> | undefined;
  Object.defineProperty(verdict, key, { enumerable: true, configurable: true, get: () => value((cached ??= compute())) });
}
