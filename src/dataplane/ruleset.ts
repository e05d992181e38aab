/**
 * Compiles the engine's answers for the pods of one node into an nftables
 * ruleset model. Nothing here decides: which peers and ports each rule allows
 * comes from the engine (allowancesOf); this turns them into sets, per-pod
 * chains and dispatch maps, so that a packet only ever walks the chains of
 * the pods it concerns.
 */
import { AllowanceCache, allowancesOf, type RuleAllowance, type RulePeers } from '../engine/allowances.js';
import type { Engine, Touched } from '../engine/engine.js';
import { familyOfText, parseRange, rangeDifference, type Range } from '../engine/ip.js';
import type { Interval, PortSet } from '../engine/port-set.js';
import { MAX_PORT, MIN_PORT } from '../engine/ports.js';
import type { Action } from '../engine/side-policy.js';
import { PROTOCOLS, type Direction, type PodEndpoint, type Protocol } from '../engine/types.js';
import { nodePodCIDRs } from '../model/objects.js';
import { isAudited } from '../model/enforcement.js';
import { DefaultDenyCounters, defaultDenyLines, logStatement, ruleCounter, type CounterMap, type DeniedLog, type IsolatedSide, type NftCounter, type RuleCounter } from './counters.js';
import { commentText, compareText, hash } from './nft-names.js';

export const TABLE = 'palisade';

export type Family = 4 | 6;

export interface NftSet {
  name: string;
  type: string;
  interval: boolean;
  elements: string[];
}

export interface NftChain {
  name: string;
  rules: string[];
}

/**
 * Where a dispatch map is looked up: `forward`, for traffic between pods and
 * to or from elsewhere that the node routes; `host`, for traffic between a
 * pod of the node and the node itself (its host-network pods, the kubelet),
 * which the `input` and `output` hooks see and `forward` never does;
 * `below`, from the admin tier's chains (shared by the sides with the same
 * admin entries), for what they leave to the tiers below: a pod's own chain
 * of its NetworkPolicy and baseline entries (see `sideChains`).
 */
export type Hook = 'forward' | 'host' | 'below';
const HOOKS: readonly Hook[] = ['forward', 'host', 'below'];

/** The chains that enforce, or those that watch the audited policies (`palisade.dev/enforcement: audit`) without enforcing them. */
export type Plane = 'enforce' | 'audit';

export interface Dispatch {
  /** `ingress4`, `egress6`, `host_egress4`, `audit_ingress4`, ... */
  name: string;
  family: Family;
  direction: Direction;
  hook: Hook;
  plane: Plane;
  /** Pod IP → chain: jumped to (a `below` map's goes on there, see `sideChains`). */
  elements: [string, string][];
}

/** A pod's chains in one plane: null where there is none (nothing denied, or in the audit plane nothing audited). */
export interface PodSides {
  ingress: string | null;
  egress: string | null;
  /** The pod's sides for traffic with its own node (see `hostChain`): null when they allow everything. */
  hostIngress: string | null;
  hostEgress: string | null;
  /** Where the side's admin chain leaves a packet to the tiers below (see `sideChains`): null without an admin chain, or with nothing below it. */
  belowIngress: string | null;
  belowEgress: string | null;
}

export interface PodRules extends PodSides {
  ref: string;
  ips: string[];
  /** The chains watching the audited policies that concern the pod; none when none does. */
  audit?: PodSides;
}

/**
 * One family of a node's pod CIDRs, and the addresses of its pods as far as
 * the engine knows them (all of them, selected by a policy or not): the
 * `forward` hook drops traffic from or to an address in `cidrs` that is not
 * in `known`, a pod the network plugin has numbered but the agent has not
 * heard of yet. Their names are fixed (`pod_cidrs4`, `known_pods6`, ...);
 * like every set, they change element by element.
 */
export interface PodRange {
  family: Family;
  cidrs: NftSet;
  known: NftSet;
}

export interface Ruleset {
  table: string;
  node: string | null;
  pods: PodRules[];
  sets: NftSet[];
  chains: NftChain[];
  maps: Dispatch[];
  /** Per family of the node's pod CIDRs; none when they are unknown (no Node object, none set, or all nodes' pods compiled together). */
  podRanges: PodRange[];
  /** Every rule's counter, and each isolated pod side's default-deny counter (see counters.ts). */
  counters: NftCounter[];
  /** Pod address → default-deny counter. */
  counterMaps: CounterMap[];
  /** Whether, and where, drops are logged (see counters.ts). */
  log?: DeniedLog;
  /** Endpoints that cannot be enforced here, and why (workload templates have no IP). */
  skipped: { ref: string; reason: string }[];
}

const L4: Record<Protocol, string> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

/**
 * What a matching entry does to the packet. An allow returns: an egress
 * allow so that the destination's ingress chain is still asked, an ingress
 * allow so that the audit chains after it are. A pass in the admin tier is
 * a goto to the tiers below (see sideChains); in the baseline tier it leaves the packet to the
 * default, which allows. An audit chain only sees packets the enforcing
 * chains let through: what it would deny it logs and counts, then accepts,
 * so the packet goes on as if the audited policies did not exist.
 */
const VERDICTS: Record<Plane, Record<Action, string>> = {
  enforce: { allow: 'return', pass: 'return', deny: 'drop' },
  audit: { allow: 'return', pass: 'return', deny: 'accept' },
};

export interface CompileOptions {
  /** Drops are also logged (`palisade agent --log-denied`). */
  log?: DeniedLog;
  /** The engine that also enforces the audited policies: audit chains watch what they would deny (see `PlaneCompiler`). */
  audit?: Engine;
}

export function compileRuleset(engine: Engine, node: string | null, opts: CompileOptions = {}): Ruleset {
  return new NodeCompiler(engine, node, opts).compile();
}

/** A side's chain as written from a list of allowances (see `PlaneCompiler.written`). */
interface WrittenChain {
  name: string;
  /** The chain for traffic with the pod's own node, or null (see `hostChain`). */
  host: string | null;
  /** The chain of the tiers below the admin chain `name`, or null when there is no admin chain or nothing below it (see `sideChains`). */
  below: string | null;
  chains: NftChain[];
  sets: NftSet[];
  counters: RuleCounter[];
  /** Whether the side is isolated: it ends in its pods' default deny. */
  isolated: boolean;
}

/** What one compile collects from both planes, by name. */
interface RoundOutput {
  sets: Map<string, NftSet>;
  chains: Map<string, NftChain>;
  counters: Map<string, RuleCounter>;
}

/**
 * A node's ruleset, compiled again after each change to the engine: what the
 * change did not touch (allowances, the lines written from them, whole
 * chains) is kept, so an update costs what it touched. Sides with the same
 * allowances get the same chains, and a rule gives the same lines to every
 * pod it applies to. With an audit engine, a second plane writes the audit
 * chains, for the pod sides that audited policies concern.
 */
export class NodeCompiler {
  private readonly enforce: PlaneCompiler;
  private readonly audit: PlaneCompiler | undefined;

  constructor(
    engine: Engine,
    readonly node: string | null,
    opts: CompileOptions = {},
  ) {
    this.enforce = new PlaneCompiler(engine, 'enforce', opts.log);
    this.audit = opts.audit && new PlaneCompiler(opts.audit, 'audit', opts.log);
  }

  /** Forgets what a change to a plane's engine touched (`Engine.apply`'s answer); call it after every change before compiling again. */
  forget(touched: Touched, plane: Plane = 'enforce'): void {
    (plane === 'enforce' ? this.enforce : this.audit)?.forget(touched);
  }

  compile(): Ruleset {
    const { node } = this;
    const engine = this.enforce.engine;
    const out: RoundOutput = { sets: new Map(), chains: new Map(), counters: new Map() };
    const pods: PodRules[] = [];
    const skipped: Ruleset['skipped'] = [];
    const planes = this.audit ? [this.enforce, this.audit] : [this.enforce];
    for (const plane of planes) plane.startRound();
    for (const ep of node === null ? engine.endpoints() : engine.endpointsOn(node)) {
      if (ep.kind === 'workload') {
        skipped.push({ ref: ep.ref, reason: 'a workload template has no pods or IPs to enforce on' });
        continue;
      }
      if (ep.hostNetwork) continue; // never selected: nothing to enforce
      if (ep.ips.length === 0) {
        skipped.push({ ref: ep.ref, reason: 'the pod has no IP yet' });
        continue;
      }
      const audit = this.audit?.sidesOf(ep, out);
      pods.push({ ref: ep.ref, ips: ep.ips, ...this.enforce.sidesOf(ep, out)!, ...(audit ? { audit } : {}) });
    }
    const defaults = planes.map((p) => p.endRound());
    const nodeObject = node === null ? undefined : engine.nodeObject(node);
    return {
      table: TABLE,
      node,
      pods,
      sets: [...out.sets.values()].sort((a, b) => compareText(a.name, b.name)),
      chains: [...out.chains.values()].sort((a, b) => compareText(a.name, b.name)),
      maps: dispatchMaps(pods),
      podRanges: podRanges(nodeObject ? nodePodCIDRs(nodeObject) : [], pods),
      counters: [...out.counters.values(), ...defaults.flatMap((d) => d.counters)].sort((a, b) => compareText(a.name, b.name)),
      counterMaps: [...defaults[0]!.maps, ...(defaults[1]?.maps ?? emptyCounterMaps(true))],
      ...(this.enforce.log ? { log: this.enforce.log } : {}),
      skipped,
    };
  }
}

/**
 * The chains of one plane: `enforce`, from the engine the nodes enforce, or
 * `audit`, from the engine that also enforces the audited policies, written
 * only for the sides those policies concern (a side's policies include an
 * audited one). The audit chains come after the enforcing ones, so they
 * only see packets that are let through, and deny nothing themselves.
 */
class PlaneCompiler {
  private readonly allowances = new AllowanceCache();
  /** Each allowance's lines, by the verdict they end in (a pass's is the chain it goes to). */
  private readonly lines = new WeakMap<RuleAllowance, Map<string, { lines: string[]; sets: NftSet[]; counter: RuleCounter | undefined }>>();
  /** A number for each allowance, for the keys of `written`. */
  private readonly allowanceIds = new WeakMap<RuleAllowance, number>();
  /**
   * The chains of the last compile, by direction, isolation and the
   * allowances they were written from (the same objects while no change
   * touched them): identities whose sides differ only in policies that do
   * not tell them apart share them.
   */
  private written = new Map<string, WrittenChain>();
  private nextId = 0;
  private readonly defaultDenies: DefaultDenyCounters;
  private round = { written: new Map<string, WrittenChain>(), sides: new Map<string, Side>(), isolated: [] as IsolatedSide[] };

  constructor(
    readonly engine: Engine,
    readonly plane: Plane,
    /** Drops (and in audit chains, would-be drops) are also logged. */
    readonly log?: DeniedLog,
  ) {
    this.defaultDenies = new DefaultDenyCounters(plane === 'audit');
  }

  forget(touched: Touched): void {
    this.allowances.forget(touched);
  }

  startRound(): void {
    this.round = { written: new Map(), sides: new Map(), isolated: [] };
  }

  /** The default-deny counters of the sides this round isolated; keeps the round's chains for the next. */
  endRound(): { counters: NftCounter[]; maps: CounterMap[] } {
    this.written = this.round.written;
    return this.defaultDenies.counters(this.round.isolated);
  }

  /** A pod's chains in this plane; in the audit plane, undefined when no audited policy concerns it. */
  sidesOf(enforced: PodEndpoint, out: RoundOutput): PodSides | undefined {
    // The audit engine has endpoints of its own, for the same pods.
    const ep = this.plane === 'enforce' ? enforced : (this.engine.resolve(enforced.ref) as PodEndpoint);
    const ingress = this.sideOf(ep, 'ingress', out);
    const egress = this.sideOf(ep, 'egress', out);
    if (this.plane === 'audit' && !ingress.concerned && !egress.concerned) return undefined;
    return { ingress: ingress.name, egress: egress.name, hostIngress: ingress.host, hostEgress: egress.host, belowIngress: ingress.below, belowEgress: egress.below };
  }

  /** An endpoint's side, worked out once per identity and round; its chains put in `out`. */
  private sideOf(ep: PodEndpoint, direction: Direction, out: RoundOutput): Side {
    const identity = this.engine.identityOf(ep);
    const key = `${identity.id}/${direction}`;
    let side = this.round.sides.get(key);
    if (!side) {
      const concerned = this.plane === 'enforce' || identity.policies[direction].some((p) => isAudited(p.policy.source));
      const chain = concerned ? this.chainOf(ep, direction) : undefined;
      for (const c of chain?.chains ?? []) out.chains.set(c.name, c);
      for (const s of chain?.sets ?? []) out.sets.set(s.name, s);
      for (const c of chain?.counters ?? []) out.counters.set(c.name, c);
      side = { name: chain?.name ?? null, host: chain?.host ?? null, below: chain?.below ?? null, isolated: chain?.isolated ?? false, concerned };
      this.round.sides.set(key, side);
    }
    if (side.isolated) this.round.isolated.push({ pod: ep.ref, ips: ep.ips, direction });
    return side;
  }

  /** The chain of an endpoint's side: one written this round or the last from the same allowances, else written now. */
  private chainOf(ep: PodEndpoint, direction: Direction): WrittenChain | undefined {
    const allowances = allowancesOf(this.engine, ep, direction, this.allowances);
    if (allowances === null) return undefined;
    const isolated = this.engine.isolatingPolicies(ep, direction).length > 0;
    const key = `${direction}${isolated ? ' isolated' : ''} ${allowances.map((a) => this.idOf(a)).join(',')}`;
    let chain = this.round.written.get(key) ?? this.written.get(key);
    if (!chain) {
      const chains = new Map<string, NftChain>();
      const sets = new Map<string, NftSet>();
      const counters = new Map<string, RuleCounter>();
      const linesOf = (a: RuleAllowance, verdict?: string) => this.linesOf(a, direction, verdict, sets, counters);
      const writing: ChainWriting = { direction, plane: this.plane, chains, linesOf, ...(this.log ? { log: this.log } : {}) };
      const { name, below } = sideChains(allowances, isolated, writing);
      const host = isolated ? hostChain(allowances, writing) : name;
      chain = { name, host, below, chains: [...chains.values()], sets: [...sets.values()], counters: [...counters.values()], isolated };
    }
    this.round.written.set(key, chain);
    return chain;
  }

  private idOf(a: RuleAllowance): number {
    let id = this.allowanceIds.get(a);
    if (id === undefined) this.allowanceIds.set(a, (id = this.nextId++));
    return id;
  }

  /** An allowance's lines, written once per allowance and verdict (its action's, or a pass's goto). */
  private linesOf(a: RuleAllowance, direction: Direction, goto: string | undefined, sets: Map<string, NftSet>, counters: Map<string, RuleCounter>): string[] {
    const verdict = goto ?? VERDICTS[this.plane][a.action];
    let byVerdict = this.lines.get(a);
    if (!byVerdict) this.lines.set(a, (byVerdict = new Map()));
    let known = byVerdict.get(verdict);
    if (!known) {
      const own = new Map<string, NftSet>();
      const audit = this.plane === 'audit';
      const counter = ruleCounter(a, direction, audit);
      const lines = ruleLines(a, direction, `counter name ${counter.name} ${verdict}`, own);
      // Each logged deny first matches as itself, to be logged: the log's limit is a match, and a packet over it must still be denied.
      if (a.action === 'deny' && goto === undefined && this.log) {
        const logged = ruleLines(a, direction, logStatement(this.log, counter.name, audit), own);
        lines.splice(0, lines.length, ...lines.flatMap((line, i) => [logged[i]!, line]));
      }
      known = { lines, sets: [...own.values()], counter: lines.length > 0 ? counter : undefined };
      byVerdict.set(verdict, known);
    }
    for (const s of known.sets) sets.set(s.name, s);
    if (known.counter) counters.set(known.counter.name, known.counter);
    return known.lines;
  }
}

/** A pod side as a round worked it out. */
interface Side {
  name: string | null;
  host: string | null;
  below: string | null;
  isolated: boolean;
  /** In the audit plane, whether an audited policy takes part in the side (else it has no audit chain). */
  concerned: boolean;
}

/** A node's audit default-deny maps when there is no audit plane: empty, so the base chains can always name them. */
function emptyCounterMaps(audit: boolean): CounterMap[] {
  return new DefaultDenyCounters(audit).counters([]).maps;
}

/** A pod's chain for a hook's dispatch maps, in a direction. */
const CHAIN_OF: Record<Hook, (sides: PodSides, direction: Direction) => string | null> = {
  forward: (sides, direction) => sides[direction],
  host: (sides, direction) => (direction === 'egress' ? sides.hostEgress : sides.hostIngress),
  below: (sides, direction) => (direction === 'egress' ? sides.belowEgress : sides.belowIngress),
};

/** Pod IP → chain, per plane, hook, direction and family. */
function dispatchMaps(pods: PodRules[]): Dispatch[] {
  const maps: Dispatch[] = [];
  for (const plane of ['enforce', 'audit'] as const) {
    for (const hook of HOOKS) {
      for (const direction of ['egress', 'ingress'] as const) {
        for (const family of [4, 6] as const) {
          const elements: [string, string][] = [];
          for (const p of pods) {
            const sides = plane === 'enforce' ? p : p.audit;
            const chain = sides && CHAIN_OF[hook](sides, direction);
            if (!chain) continue;
            for (const ip of p.ips) if (familyOfText(ip) === family) elements.push([ip, chain]);
          }
          maps.push({ name: dispatchName(plane, hook, direction, family), family, direction, hook, plane, elements: elements.sort(([a], [b]) => compareText(a, b)) });
        }
      }
    }
  }
  return maps;
}

/** `egress4`, `host_ingress6`, `audit_below_egress4`, ...: the base chains and `belowChain`s look them up by these names. */
export function dispatchName(plane: Plane, hook: Hook, direction: Direction, family: Family): string {
  return `${planePrefix(plane)}${hook === 'forward' ? '' : `${hook}_`}${direction}${family}`;
}

/**
 * `below_ingress`, `audit_below_egress`: where a plane's admin chains of a
 * direction go when they leave a packet to the tiers below; it looks the
 * pod up in the `below` dispatch maps of its family (see nft-text).
 */
export function belowChain(plane: Plane, direction: Direction): string {
  return `${planePrefix(plane)}below_${direction}`;
}

/** What the audit plane's chains and maps are named with first. */
function planePrefix(plane: Plane): string {
  return plane === 'audit' ? 'audit_' : '';
}

/**
 * The node's pod CIDRs and its pods' addresses, per family the CIDRs have.
 * Computed whole each round, as the dispatch maps are: the node's pods are
 * walked anyway, so a Node or pod change needs nothing forgotten.
 */
function podRanges(podCIDRs: string[], pods: PodRules[]): PodRange[] {
  // Merged into non-overlapping networks, as an interval set requires (validation allows one per family).
  const networks = rangeDifference(podCIDRs.flatMap((c) => parseRange(c) ?? []), []);
  return ([4, 6] as const).flatMap((family) => {
    const cidrs = networks.filter((r) => r.family === family).map((r) => r.text);
    if (cidrs.length === 0) return [];
    const type = family === 4 ? 'ipv4_addr' : 'ipv6_addr';
    const known = [...new Set(pods.flatMap((p) => p.ips.filter((ip) => familyOfText(ip) === family)))].sort(compareText);
    return [{ family, cidrs: { name: `pod_cidrs${family}`, type, interval: true, elements: cidrs }, known: { name: `known_pods${family}`, type, interval: false, elements: known } }];
  });
}

/** How a plane writes one side's chains. */
interface ChainWriting {
  direction: Direction;
  plane: Plane;
  /** Where the chains written go, by name. */
  chains: Map<string, NftChain>;
  /** `linesOf(a)` writes an allowance with its action's verdict, `linesOf(a, verdict)` with another. */
  linesOf: (a: RuleAllowance, verdict?: string) => string[];
  log?: DeniedLog;
}

/** A chain named by its plane, direction and rules, put among the chains. */
function addChain(w: ChainWriting, rules: string[]): string {
  const name = `${planePrefix(w.plane)}${w.direction === 'ingress' ? 'in' : 'out'}_${hash(rules.join('\n'))}`;
  w.chains.set(name, { name, rules });
  return name;
}

/**
 * A side's chains. Below the admin tier: the NetworkPolicy entries, or when
 * none isolates the side the baseline entries, then the default deny when it
 * is isolated (what no rule allowed); otherwise the packet goes on, as for a
 * pod without a chain. Without admin entries that chain is the side's
 * (`name`). With them, the side's chain is the admin tier's entries alone,
 * which then (and on a pass) go to the `belowChain`, whose map goes to the
 * pod's chain of the tiers below (`below`): sides with the same admin
 * entries share that chain, however their NetworkPolicies differ. The
 * `below` map is entered by a goto, so its chain returns where the
 * dispatch jumped from, as an allow in the admin chain does.
 */
function sideChains(allowances: RuleAllowance[], isolated: boolean, w: ChainWriting): { name: string; below: string | null } {
  const lower = allowances.filter((a) => a.tier === 'namespace' || (a.tier === 'baseline' && !isolated)).flatMap((a) => w.linesOf(a));
  if (isolated) lower.push(...defaultDenyLines(w.direction, w.plane === 'audit', VERDICTS[w.plane].deny, w.log));
  const toBelow = `goto ${belowChain(w.plane, w.direction)}`;
  const admin = allowances.filter((a) => a.tier === 'admin').flatMap((a) => (a.action === 'pass' ? w.linesOf(a, toBelow) : w.linesOf(a)));
  if (admin.length === 0) return { name: addChain(w, lower), below: null };
  // Nothing below: the pod is left out of the below map, whose lookup then ends and returns, as an empty chain would.
  return { name: addChain(w, [...admin, toBelow]), below: lower.length === 0 ? null : addChain(w, lower) };
}

/**
 * An isolated side's chain for traffic between the pod and its own node
 * (the `input` and `output` hooks: the far end is the node itself, a
 * host-network pod or the kubelet). NetworkPolicy always allows that
 * traffic, so the namespace tier admits it whatever its rules say: only the
 * admin tier's entries are written, a pass allows (it goes to the namespace
 * tier, which admits), and what they leave goes on, allowed. Without a deny
 * among them nothing is dropped: no chain (null). A side that no
 * NetworkPolicy isolates decides node-local traffic like any other, with
 * its `forward` chain.
 */
function hostChain(allowances: RuleAllowance[], w: ChainWriting): string | null {
  const admin = allowances.filter((a) => a.tier === 'admin');
  if (!admin.some((a) => a.action === 'deny' && w.linesOf(a).length > 0)) return null;
  // A pass here ends in its own verdict, which allows (see VERDICTS): not the goto it has on forward.
  return addChain(w, admin.flatMap((a) => w.linesOf(a)));
}

/**
 * The rules for one allowance: the far end's addresses (or any), and the
 * ports (or any), or for egress the destinations serving a named port at
 * their number. Ingress allows with accept; egress with return, so that the
 * destination's ingress is still asked.
 */
function ruleLines(a: RuleAllowance, direction: Direction, verdict: string, sets: Map<string, NftSet>): string[] {
  const far = direction === 'ingress' ? 'saddr' : 'daddr';
  const comment = `comment "${ruleComment(a.policy, direction, a.rule)}"`;
  const portElements = a.portSet === 'any' ? [] : PROTOCOLS.flatMap((p) => (a.portSet as PortSet)[p]?.map((span) => `${L4[p]} . ${portSpanText(span)}`) ?? []);
  const portMatch = a.portSet === 'any' ? '' : portElements.length ? ` meta l4proto . th dport @${putSet(sets, nftSet('p', 'inet_proto . inet_service', true, portElements))}` : null;
  const named = a.namedDestinations;

  const lines: string[] = [];
  for (const family of [4, 6] as const) {
    const ip = family === 4 ? 'ip' : 'ip6';
    let addressMatch = '';
    if (a.peers !== 'any') {
      const addresses = addressSet(a.peers, family);
      if (addresses === null) continue;
      addressMatch = ` ${ip} ${far} @${putSet(sets, addresses)}`;
    } else if (portMatch !== null || named.length) {
      // Any peer: match the family only, so the rule is written once per family.
      addressMatch = ` meta nfproto ${family === 4 ? 'ipv4' : 'ipv6'}`;
    }
    if (portMatch !== null) lines.push(`${addressMatch.trim()}${portMatch} ${verdict} ${comment}`.trim());
    const elements = [...new Set(named.flatMap((n) => n.endpoint.ips.filter((ip) => familyOfText(ip) === family).map((ip) => `${ip} . ${L4[n.protocol]} . ${n.port}`)))];
    if (elements.length) {
      const type = `${family === 4 ? 'ipv4_addr' : 'ipv6_addr'} . inet_proto . inet_service`;
      const set = nftSet('n', type, false, elements.sort(compareText), `${a.policy}\u0001${direction}\u0001${a.rule}`);
      lines.push(`${ip} daddr . meta l4proto . th dport @${putSet(sets, set)} ${verdict} ${comment}`);
    }
  }
  return lines;
}

/** `POLICY DIRECTION[RULE]`, within nft's length for comments. */
export function ruleComment(policy: string, direction: Direction, rule: number): string {
  return commentText(policy, ` ${direction}[${rule}]`);
}

/** `80`, `8000-8100`; every port of a protocol is written as the whole field, port 0 included, as a rule naming only the protocol means. */
function portSpanText([lo, hi]: Interval): string {
  if (lo === MIN_PORT && hi === MAX_PORT) return `0-${MAX_PORT}`;
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}

/** Each address list's sets by peers and family (null: none of that family), written once: a peer's list is shared by every rule naming it. */
const addressSets = new WeakMap<readonly Range[], Map<string, NftSet | null>>();

/** The set of the peers' CIDRs of one family (non-overlapping, as interval sets require), single addresses without a prefix length. */
function addressSet(peers: RulePeers, family: Family): NftSet | null {
  let byPeers = addressSets.get(peers.addresses);
  if (!byPeers) addressSets.set(peers.addresses, (byPeers = new Map()));
  const key = `${family}\u0001${peers.key}`;
  let set = byPeers.get(key);
  if (set === undefined) {
    const whole = family === 4 ? '/32' : '/128';
    const elements = peers.addresses.filter((r) => r.family === family).map((r) => (r.text.endsWith(whole) ? r.text.slice(0, r.text.lastIndexOf('/')) : r.text));
    set = elements.length === 0 ? null : nftSet('a', family === 4 ? 'ipv4_addr' : 'ipv6_addr', true, elements, peers.key);
    byPeers.set(key, set);
  }
  return set;
}

/**
 * A set named by what decides its elements (`holds`: the peers, or the rule
 * whose destinations it lists) keeps its name while its elements change, so
 * the chains naming it stay as they are and an update only adds and deletes
 * elements. Without `holds` (ports) a set is named by its elements: equal
 * sets are one set.
 */
function nftSet(prefix: string, type: string, interval: boolean, elements: string[], holds?: string): NftSet {
  return { name: `${prefix}_${hash(`${type}\n${holds ?? elements.join('\n')}`)}`, type, interval, elements };
}

function putSet(sets: Map<string, NftSet>, set: NftSet): string {
  if (!sets.has(set.name)) sets.set(set.name, set);
  return set.name;
}

