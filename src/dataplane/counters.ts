/**
 * What the node ruleset counts, in named counters the kernel keeps:
 *
 * - every policy rule's packets and bytes, one counter per rule (policy,
 *   direction, rule index) named in each line written from it: chains
 *   shared by many pods, or holding the rule for several verdicts, add to
 *   the one counter, so the kernel does the sums;
 * - per pod and direction, the packets an isolated side drops because no
 *   rule allowed them (the default deny): the chain's last lines look the
 *   pod's address up in a map to its counter, only for packets about to be
 *   dropped.
 *
 * A counter's comment says what it counts, so `nft list counters` alone
 * (without the rules) reads them all, labelled. Per packet this adds one
 * counter to a matching rule, and one lookup to a default drop.
 *
 * Audited policies (`palisade.dev/enforcement: audit`) are counted apart,
 * in counters of their own (`audit: true`), by the chains that watch them.
 */
import type { RuleAllowance } from '../engine/allowances.js';
import type { Action, Tier } from '../engine/side-policy.js';
import { familyOfText } from '../engine/ip.js';
import type { Direction } from '../engine/types.js';
import { commentText, compareText, hash } from './nft-names.js';

export interface RuleCounter {
  kind: 'rule';
  /** Counted by an audit chain: what the rule matched (and would have decided) with the audited policies enforced. */
  audit: boolean;
  name: string;
  comment: string;
  /** `namespace/name` for a NetworkPolicy, the name for a ClusterNetworkPolicy. */
  policy: string;
  tier: Tier;
  direction: Direction;
  rule: number;
  action: Action;
}

export interface DefaultDenyCounter {
  kind: 'default';
  /** What the pod's side would drop with the audited policies enforced. */
  audit: boolean;
  name: string;
  comment: string;
  pod: string;
  direction: Direction;
}

export type NftCounter = RuleCounter | DefaultDenyCounter;

/** Pod address → its default-deny counter, per direction and family. */
export interface CounterMap {
  /** `default_deny_ingress4`, `audit_default_deny_egress6`, ... */
  name: string;
  family: 4 | 6;
  direction: Direction;
  elements: [string, string][];
}

/** The counter of the rule an allowance was written from: its own, or its audit chains'. */
export function ruleCounter(a: RuleAllowance, direction: Direction, audit: boolean): RuleCounter {
  return {
    kind: 'rule',
    audit,
    name: `${audit ? 'a' : 'c'}_${hash(`${a.policy}\u0001${direction}\u0001${a.rule}`)}`,
    comment: commentText(a.policy, ` ${direction}[${a.rule}] ${a.action}${audit ? ' (audit)' : ''}`),
    policy: a.policy,
    tier: a.tier,
    direction,
    rule: a.rule,
    action: a.action,
  };
}

const byName = new WeakMap<readonly NftCounter[], ReadonlyMap<string, NftCounter>>();

/** A ruleset's counters by name (how the kernel and the log prefixes name them), made once per ruleset. */
export function countersByName(counters: readonly NftCounter[]): ReadonlyMap<string, NftCounter> {
  let map = byName.get(counters);
  if (!map) byName.set(counters, (map = new Map(counters.map((c) => [c.name, c]))));
  return map;
}

export function counterMapName(direction: Direction, family: 4 | 6, audit: boolean): string {
  return `${audit ? 'audit_' : ''}default_deny_${direction}${family}`;
}

/**
 * Logging what is dropped (`palisade agent --log-denied`): each drop is
 * first sent to an NFLOG group, with a prefix saying what drops it, at most
 * `perSecond` packets a second for the whole node (a named limit all the
 * log rules share, so a flood cannot swamp the agent). What audit chains
 * would deny has a limit of its own, at the same rate: a flood of it cannot
 * crowd out the real drops. NFLOG is per network namespace: the agent reads
 * the group of the namespace it enforces in.
 */
export interface DeniedLog {
  group: number;
  perSecond: number;
}

/** The named limits: drops, and what audit chains would drop. */
export const LOG_LIMITS = { enforce: 'palisade_denied', audit: 'palisade_would_deny' } as const;

/**
 * The statement that logs a packet about to be dropped (or, in an audit
 * chain, that would be), `prefix` saying what drops it: a rule's counter
 * name, or `default ingress`/`audit default egress`...
 */
export function logStatement(log: DeniedLog, prefix: string, audit: boolean): string {
  // queue-threshold 1: each packet goes to the reader at once, one to a netlink message; batched, the kernel holds them for up to a second, and tcpdump reads only the first of a batch.
  return `limit name "${LOG_LIMITS[audit ? 'audit' : 'enforce']}" log prefix "${prefix}" group ${log.group} queue-threshold 1`;
}

/** The prefix of what an isolated side's default deny logs. */
export function defaultDenyPrefix(direction: Direction, audit: boolean): string {
  return `${audit ? 'audit ' : ''}default ${direction}`;
}

/**
 * The end of an isolated side's chain: logged when asked, counted in the
 * pod's default-deny counter (its address: the destination of ingress, the
 * source of egress), then dropped; in an audit chain, `final` instead
 * (accept: the packet the enforcing chains let through goes on).
 */
export function defaultDenyLines(direction: Direction, audit: boolean, final: string, log?: DeniedLog): string[] {
  const end = direction === 'ingress' ? 'daddr' : 'saddr';
  return [
    ...(log ? [logStatement(log, defaultDenyPrefix(direction, audit), audit)] : []),
    `counter name ip ${end} map @${counterMapName(direction, 4, audit)}`,
    `counter name ip6 ${end} map @${counterMapName(direction, 6, audit)}`,
    final,
  ];
}

/** A pod side the node ruleset isolates. */
export interface IsolatedSide {
  pod: string;
  ips: readonly string[];
  direction: Direction;
}

/**
 * The default-deny counters of the isolated sides, and the maps to them.
 * Each side's counter is kept from one compile to the next: making a
 * thousand of them again each round would cost more than the rest of a small
 * update.
 */
export class DefaultDenyCounters {
  private known: Record<Direction, Map<string, DefaultDenyCounter>> = { ingress: new Map(), egress: new Map() };

  constructor(private readonly audit: boolean) {}

  counters(sides: IsolatedSide[]): { counters: DefaultDenyCounter[]; maps: CounterMap[] } {
    const known: Record<Direction, Map<string, DefaultDenyCounter>> = { ingress: new Map(), egress: new Map() };
    const { audit } = this;
    const maps = (['egress', 'ingress'] as const).flatMap((direction) => ([4, 6] as const).map((family): CounterMap => ({ name: counterMapName(direction, family, audit), family, direction, elements: [] })));
    const mapOf = (direction: Direction, ip: string) => maps[(direction === 'egress' ? 0 : 2) + (familyOfText(ip) === 6 ? 1 : 0)]!;
    for (const { pod, ips, direction } of sides) {
      let counter = this.known[direction].get(pod);
      if (!counter) {
        const key = `${pod}\u0001${direction}`;
        counter = { kind: 'default', audit, name: `${audit ? 'w' : 'd'}_${hash(key)}`, comment: commentText(pod, ` ${direction} default-deny${audit ? ' (audit)' : ''}`), pod, direction };
      }
      known[direction].set(pod, counter);
      for (const ip of ips) mapOf(direction, ip).elements.push([ip, counter.name]);
    }
    this.known = known;
    for (const m of maps) m.elements.sort(([a], [b]) => compareText(a, b));
    return { counters: [...known.egress.values(), ...known.ingress.values()], maps };
  }
}
