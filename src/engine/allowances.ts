/**
 * A side's compiled entries as addresses and ports, in order: the form a data
 * plane needs. The engine decides which endpoints each peer matches and
 * resolves named ports; a data plane only writes these down.
 */
import type { NetworkPolicyPort } from '../model/objects.js';
import type { Engine, Touched } from './engine.js';
import { namedPortsKey } from './identities.js';
import { addressCidrs, rangeDifference, type Address, type Range } from './ip.js';
import type { CompiledPeer } from './policies.js';
import { addPorts, type PortSet } from './port-set.js';
import { hasNamedPort, portEntryRanges } from './ports.js';
import type { PeerEntry } from './selector-cache.js';
import { blockRanges } from './side-matches.js';
import type { Action, SideEntry, Tier } from './side-policy.js';
import type { Direction, PodEndpoint, Protocol } from './types.js';

/**
 * What a rule's peers admit. `endpoints` and `addresses` are worked out when
 * first read: a data plane reads the addresses of the rules it writes only
 * (not, say, a baseline rule behind an isolating NetworkPolicy, whose peer
 * may be every pod of the cluster).
 */
export interface RulePeers {
  /**
   * What the peers are (their selectors and blocks), not what they hold now:
   * the same while pods come and go, so a data plane can name a set after it
   * and change only its elements.
   */
  readonly key: string;
  /** Endpoints the rule's peers match (pods by selector, and pods whose IP an ipBlock holds when that counts); shared, not to be changed. */
  readonly endpoints: readonly PodEndpoint[];
  /** Addresses that ipBlocks admit, excepts taken out (and pod IPs, when ipBlock does not match pods). */
  ranges: Range[];
  /** Every address the peers admit, the endpoints' IPs and `ranges`, as the fewest CIDRs, sorted: the set a data plane writes. */
  readonly addresses: readonly Range[];
}

/** A peer entry's endpoints and their IPs as the fewest CIDRs, sorted, worked out when first read. */
interface PeerMembers {
  readonly endpoints: PodEndpoint[];
  readonly addresses: Range[];
}

/** A destination serving a port name an egress rule allows, and the number it serves the name on. */
export interface NamedDestination {
  endpoint: PodEndpoint;
  protocol: Protocol;
  port: number;
}

export interface RuleAllowance {
  tier: Tier;
  action: Action;
  policy: string;
  rule: number;
  /** `any`: the rule names no peers. */
  peers: 'any' | RulePeers;
  /** The rule's port entries as written; undefined or empty: every port. */
  ports: NetworkPolicyPort[] | undefined;
  /**
   * The ports it matches whatever the destination, per protocol (`any`: every
   * port). For ingress, named ports are resolved on this side's pod; for
   * egress they are in `namedDestinations`.
   */
  portSet: 'any' | PortSet;
  /** Egress: the destinations among the peers that serve a port name the rule allows. */
  namedDestinations: NamedDestination[];
}

/**
 * Allowances already worked out, each with what it was worked out from, so
 * that after a change only those it touched are worked out again.
 */
export class AllowanceCache {
  private readonly byKey = new Map<string, { allowance: RuleAllowance; entry: SideEntry; everyone: boolean }>();
  /**
   * By peer entry, worked out once for every rule naming it: broad peers (all
   * pods of all namespaces) are named by many rules. Weak, so that entries
   * gone with their policies go from here too.
   */
  private readonly members = new WeakMap<PeerEntry, PeerMembers>();

  get(key: string): RuleAllowance | undefined {
    return this.byKey.get(key)?.allowance;
  }

  set(key: string, allowance: RuleAllowance, entry: SideEntry, everyone: boolean): void {
    this.byKey.set(key, { allowance, entry, everyone });
  }

  /** A peer entry's members, kept while they are the same by ref, IPs and named ports (as allowances are). */
  membersOf(engine: Engine, e: PeerEntry): PeerMembers {
    let m = this.members.get(e);
    if (!m) {
      let endpoints: PodEndpoint[] | undefined;
      let addresses: Range[] | undefined;
      m = {
        get endpoints() {
          return (endpoints ??= engine.entryMembers(e));
        },
        get addresses() {
          return (addresses ??= addressCidrs(engine.entryIdentities(e).map((i) => engine.identityAddresses(i))));
        },
      };
      this.members.set(e, m);
    }
    return m;
  }

  /** Forgets the allowances a change touched (`Engine.apply`'s answer). */
  forget(touched: Touched): void {
    for (const e of touched.peers) this.members.delete(e);
    for (const [key, c] of this.byKey) {
      const stale =
        touched.policies.has(c.allowance.policy) ||
        (c.everyone && touched.identities.size > 0) ||
        (c.entry.peers?.some((p) => touched.peers.has(p)) ?? false);
      if (stale) this.byKey.delete(key);
    }
  }
}

/**
 * The entries of an endpoint's side in order, or null when it has none and is
 * not isolated: everything is allowed. An entry gives the same allowance to
 * every pod of an identity, so callers compiling many pods pass one `cache`
 * for all.
 */
export function allowancesOf(engine: Engine, ep: PodEndpoint, direction: Direction, cache = new AllowanceCache()): RuleAllowance[] | null {
  const identity = engine.identityOf(ep);
  const side = engine.compiledSide(identity, direction);
  if (side.policies.length === 0 && side.entries.length === 0) return null;
  // Ingress named ports resolve on this side's pod: such allowances are shared by the pods serving the same named ports.
  let ports: string | undefined;
  const portsKey = () => (ports ??= direction === 'ingress' ? `\u0001${namedPortsKey(identity.namedPorts)}` : '');
  return side.entries.map((entry) => {
    const key = `${entry.policy.ref}\u0001${direction}\u0001${entry.rule.index}${hasNamedPort(entry.rule.ports) ? portsKey() : ''}`;
    let allowance = cache.get(key);
    if (!allowance) {
      allowance = ruleAllowance(engine, entry, direction, ep, cache);
      cache.set(key, allowance, entry, readsEveryEndpoint(engine, entry, direction));
    }
    return allowance;
  });
}

/** Whether an allowance is worked out from every endpoint, not from its peers only: egress to a named port of any peer, or ipBlocks less every pod IP. */
function readsEveryEndpoint(engine: Engine, entry: SideEntry, direction: Direction): boolean {
  if (entry.peers === null) return direction === 'egress' && hasNamedPort(entry.rule.ports);
  return !engine.ipBlockMatchesPods && entry.peers.some((p) => p.peer.blocks !== undefined && !p.peer.blocksMatchPods);
}

function ruleAllowance(engine: Engine, entry: SideEntry, direction: Direction, ep: PodEndpoint, cache: AllowanceCache): RuleAllowance {
  const { policy, rule } = entry;
  const head = { tier: entry.tier, action: entry.action, policy: policy.ref, rule: rule.index, ports: rule.ports };
  const peers = rule.peers === null ? 'any' : rulePeers(engine, rule.peers, entry.peers!, cache);
  const entries = rule.ports ?? [];
  if (entries.length === 0) return { ...head, peers, portSet: 'any', namedDestinations: [] };
  const portSet: PortSet = {};
  const namedDestinations: NamedDestination[] = [];
  for (const p of entries) {
    if (typeof p.port === 'string' && direction === 'egress') {
      // Named ports resolve on each destination: the peers' pods that serve the name, at their number.
      const targets = peers === 'any' ? engine.endpoints() : peers.endpoints;
      for (const t of targets) {
        for (const { protocol, ranges } of portEntryRanges(p, t.namedPorts)) for (const [port] of ranges) namedDestinations.push({ endpoint: t, protocol, port });
      }
      continue;
    }
    for (const { protocol, ranges } of portEntryRanges(p, ep.namedPorts)) addPorts(portSet, protocol, ranges);
  }
  return { ...head, peers, portSet, namedDestinations };
}

/** What a rule's peers admit (`entries`: their shared entries, in the same order), from each peer's members. */
function rulePeers(engine: Engine, peers: CompiledPeer[], entries: PeerEntry[], cache: AllowanceCache): RulePeers {
  // ipBlocks that do not match pod IPs leave them out; networks keep them.
  const blocks: Range[] = [];
  const podless: Range[] = [];
  for (const peer of peers) for (const b of peer.blocks ?? []) (peer.blocksMatchPods || engine.ipBlockMatchesPods ? blocks : podless).push(...blockRanges(b));
  const ranges = podless.length === 0 ? rangeDifference(blocks, []) : rangeDifference([...blocks, ...rangeDifference(podless, podIPRanges(engine))], []);
  const held = entries.filter((e) => !e.bits.isEmpty()).map((e) => cache.membersOf(engine, e));
  // Most rules name one peer holding pods: its lists are shared, not copied.
  const only = held.length === 1 ? held[0]! : undefined;
  let endpoints: readonly PodEndpoint[] | undefined;
  let addresses: readonly Range[] | undefined;
  return {
    key: entries.map((e) => e.key).join('\u0002'),
    ranges,
    get endpoints() {
      return (endpoints ??= only ? only.endpoints : [...new Set(held.flatMap((m) => m.endpoints))]);
    },
    get addresses() {
      return (addresses ??= only && ranges.length === 0 ? only.addresses : rangeDifference([...held.flatMap((m) => m.addresses), ...ranges], []));
    },
  };
}

/** Every non-host-network pod IP as a single-address range. */
function podIPRanges(engine: Engine): Range[] {
  return engine
    .endpoints()
    .filter((e) => !e.hostNetwork)
    .flatMap((e) => engine.addressesOf(e))
    .map(single);
}

function single(a: Address): Range {
  return { family: a.family, lo: a.value, hi: a.value, text: a.text };
}
