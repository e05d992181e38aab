/**
 * A dropped packet the ruleset logged, as the agent reports it: who tried to
 * reach whom, on what, which side dropped it (a deny rule, or the default
 * deny of an isolated pod), and why, in the words `palisade check` prints
 * for that flow, from the engine the ruleset was compiled from.
 */
import type { NftCounter } from '../dataplane/counters.js';
import type { Engine } from '../engine/engine.js';
import { PROTOCOLS, type Direction, type Protocol } from '../engine/types.js';
import { withoutColour } from '../cli/format/color.js';
import { formatVerdict } from '../cli/format/verdict.js';
import type { LoggedPacket } from './nflog.js';

export interface DeniedFlow {
  /** When the kernel dropped it. */
  droppedAt: string;
  /** A pod as `namespace/name`, or the address when no pod holds it. */
  from: string;
  to: string;
  protocol: Protocol | number;
  /** The destination port (TCP, UDP, SCTP). */
  port?: number;
  /** Which side dropped it: the source's egress or the destination's ingress. */
  direction: Direction;
  /** The pod whose side dropped it (the source for egress, the destination for ingress), when a pod holds that address. */
  pod?: string;
  /** The deny rule that dropped it, or the default deny of the isolated side (no rule allowed it). */
  droppedBy: { policy: string; tier: string; rule: number } | 'default deny';
  /** `palisade check FROM TO PORT/PROTOCOL` for this flow, line by line. */
  explanation: string[];
}

/**
 * The record of a logged packet, or undefined when its prefix names nothing
 * the applied ruleset logs (a ruleset other than this agent's).
 */
export function deniedFlow(engine: Engine, counters: ReadonlyMap<string, NftCounter>, p: LoggedPacket): DeniedFlow | undefined {
  const dropped = droppedBy(p.prefix, counters);
  if (!dropped) return undefined;
  const from = engine.resolve(p.source)!;
  const to = engine.resolve(p.destination)!;
  const enforcing = dropped.direction === 'egress' ? from : to;
  const port = (PROTOCOLS as readonly (Protocol | number)[]).includes(p.protocol) ? p.destinationPort : undefined;
  const explanation =
    port === undefined ? [] : withoutColour(formatVerdict(engine, from, to, { protocol: p.protocol as Protocol, port }, engine.check(from, to, { protocol: p.protocol as Protocol, port }, { reasons: true }))).split('\n');
  return {
    droppedAt: p.time.toISOString(),
    from: from.ref,
    to: to.ref,
    protocol: p.protocol,
    ...(port !== undefined ? { port } : {}),
    direction: dropped.direction,
    ...(enforcing.kind === 'external' ? {} : { pod: enforcing.ref }),
    droppedBy: dropped.by,
    explanation,
  };
}

/** The prefix says what dropped the packet: a deny rule's counter name, or `default DIRECTION`. */
function droppedBy(prefix: string, counters: ReadonlyMap<string, NftCounter>): { direction: Direction; by: DeniedFlow['droppedBy'] } | undefined {
  const byDefault = /^default (ingress|egress)$/.exec(prefix);
  if (byDefault) return { direction: byDefault[1] as Direction, by: 'default deny' };
  const counter = counters.get(prefix);
  if (counter?.kind !== 'rule') return undefined;
  return { direction: counter.direction, by: { policy: counter.policy, tier: counter.tier, rule: counter.rule } };
}
