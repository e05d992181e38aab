/**
 * A dropped packet the ruleset logged, as the agent reports it: who tried to
 * reach whom, on what, which side dropped it (a deny rule, or the default
 * deny of an isolated pod), and why, in the words `palisade check` prints
 * for that flow, from the engine the ruleset was compiled from. A packet an
 * audit chain logged was let through: the record says what the audited
 * policies would have denied, in the words of the engine that enforces them.
 */
import { defaultDenyPrefix, type NftCounter } from '../dataplane/counters.js';
import type { Engine } from '../engine/engine.js';
import { PROTOCOLS, type Direction, type Protocol } from '../engine/types.js';
import { withoutColour } from '../cli/format/color.js';
import { formatVerdict } from '../cli/format/verdict.js';
import type { LoggedPacket } from './nflog.js';

export interface DeniedFlow {
  /** `denied`: the kernel dropped it; `would deny`: audited policies would have, and it went on. */
  outcome: 'denied' | 'would deny';
  /** When the kernel logged it. */
  packetAt: string;
  /** A pod as `namespace/name`, or the address when no pod holds it. */
  from: string;
  to: string;
  protocol: Protocol | number;
  /** The destination port (TCP, UDP, SCTP). */
  port?: number;
  /** Which side denied it: the source's egress or the destination's ingress. */
  direction: Direction;
  /** The pod whose side denied it (the source for egress, the destination for ingress), when a pod holds that address. */
  pod?: string;
  /** The deny rule, or the default deny of the isolated side (no rule allowed it). */
  deniedBy: { policy: string; tier: string; rule: number } | 'default deny';
  /** `palisade check FROM TO PORT/PROTOCOL` for this flow, line by line (`--include-audit`'s answer for a would-deny). */
  explanation: string[];
}

/** The engines a ruleset was compiled from: the enforcing one, and the one its audit chains watch, if any. */
export interface RulesetEngines {
  engine: Engine;
  audit?: Engine | undefined;
}

/**
 * The record of a logged packet, or undefined when its prefix names nothing
 * the applied ruleset logs (a ruleset other than this agent's).
 */
export function deniedFlow(engines: RulesetEngines, counters: ReadonlyMap<string, NftCounter>, p: LoggedPacket): DeniedFlow | undefined {
  const denied = deniedBy(p.prefix, counters);
  if (!denied) return undefined;
  const engine = denied.audit ? engines.audit : engines.engine;
  if (!engine) return undefined;
  const from = engine.resolve(p.source)!;
  const to = engine.resolve(p.destination)!;
  const enforcing = denied.direction === 'egress' ? from : to;
  const port = (PROTOCOLS as readonly (Protocol | number)[]).includes(p.protocol) ? p.destinationPort : undefined;
  const q = port === undefined ? undefined : { protocol: p.protocol as Protocol, port };
  const explanation = q === undefined ? [] : withoutColour(formatVerdict(engine, from, to, q, engine.check(from, to, q, { reasons: true }))).split('\n');
  return {
    outcome: denied.audit ? 'would deny' : 'denied',
    packetAt: p.time.toISOString(),
    from: from.ref,
    to: to.ref,
    protocol: p.protocol,
    ...(port !== undefined ? { port } : {}),
    direction: denied.direction,
    ...(enforcing.kind === 'external' ? {} : { pod: enforcing.ref }),
    deniedBy: denied.by,
    explanation,
  };
}

/** The prefix says what denied the packet: a deny rule's counter name, or an isolated side's default deny (see `defaultDenyPrefix`). */
function deniedBy(prefix: string, counters: ReadonlyMap<string, NftCounter>): { direction: Direction; audit: boolean; by: DeniedFlow['deniedBy'] } | undefined {
  for (const audit of [false, true]) {
    for (const direction of ['ingress', 'egress'] as const) {
      if (prefix === defaultDenyPrefix(direction, audit)) return { direction, audit, by: 'default deny' };
    }
  }
  const counter = counters.get(prefix);
  if (counter?.kind !== 'rule') return undefined;
  return { direction: counter.direction, audit: counter.audit, by: { policy: counter.policy, tier: counter.tier, rule: counter.rule } };
}
