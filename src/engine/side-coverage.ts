/**
 * Whether one entry of a side makes a difference: what the side admits with
 * it and without it, over every identity and every address outside, on every
 * port. Ports are taken as atoms (the numbers where some entry's match can
 * change: numbers, range ends, and the numbers named ports resolve to), so
 * every port of an atom is decided alike. Both answers come from
 * `evaluateSide`, so this holds for any tiers and actions.
 */
import { Bitset } from './bitset.js';
import type { Engine, Identity } from './engine.js';
import { ADDRESS_OPS, entryAddresses } from './side-matches.js';
import { evaluateSide, orderedSide, type SideEntry } from './side-policy.js';
import { PROTOCOLS, type Direction, type PortQuery, type Protocol } from './types.js';

/**
 * `nothing`: the entry matches no identity and no address on any port.
 * `needed`: leaving it out changes what the side admits. Otherwise the
 * entries that admit, without it, what it matched.
 */
export type Coverage = 'nothing' | 'needed' | Set<SideEntry>;

/**
 * What `entry` of `identity`'s side adds when the entries `ignored` says are
 * left out too (others found redundant before it).
 */
export function coverageOf(engine: Engine, identity: Identity, direction: Direction, entry: SideEntry, ignored: (e: SideEntry) => boolean): Coverage {
  const side = engine.compiledSide(identity, direction);
  const rest = orderedSide(direction, side.policies, side.entries.filter((e) => e !== entry && !ignored(e)));
  const all = new Bitset(engine.identities.length);
  for (const i of engine.identities) if (i) all.add(i.id);
  const own = direction === 'ingress' ? identity.namedPorts : undefined;
  const by = new Set<SideEntry>();
  let matches = false;
  for (const q of portAtoms(engine, [entry, ...rest.entries], own)) {
    const matcher = engine.identityMatcher(all, q);
    const mine = matcher.match(entry, own);
    if (!mine.isEmpty()) {
      matches = true;
      const admitted = evaluateSide(rest, matcher.ops, (e) => matcher.match(e, own), {
        decided: (e, part) => {
          if (!matcher.ops.and(part, mine).isEmpty()) by.add(e);
        },
      });
      if (!matcher.ops.minus(mine, admitted).isEmpty()) return 'needed';
    }
    const addresses = entryAddresses(entry, q, own);
    if (addresses.length > 0) {
      matches = true;
      const admitted = evaluateSide(rest, ADDRESS_OPS, (e) => entryAddresses(e, q, own), {
        decided: (e, part) => {
          if (ADDRESS_OPS.and(part, addresses).length > 0) by.add(e);
        },
      });
      if (ADDRESS_OPS.minus(addresses, admitted).length > 0) return 'needed';
    }
  }
  return matches ? by : 'nothing';
}

/**
 * The first port of every run of ports that all the entries treat alike, per
 * protocol. Named ports resolve on `own` (an ingress side's pod), or, for an
 * egress side, to every number any endpoint serves the name on.
 */
function portAtoms(engine: Engine, entries: readonly SideEntry[], own: readonly { name: string; protocol: Protocol; port: number }[] | undefined): PortQuery[] {
  const served = own ?? engine.endpoints().flatMap((ep) => ep.namedPorts);
  const out: PortQuery[] = [];
  for (const protocol of PROTOCOLS) {
    const starts = new Set<number>([1]);
    for (const e of entries.flatMap((x) => x.rule.ports ?? [])) {
      if ((e.protocol !== 'any' && e.protocol !== protocol) || e.port === undefined) continue;
      const spans: [number, number][] =
        typeof e.port === 'number' ? [[e.port, e.endPort ?? e.port]] : served.filter((n) => n.name === e.port && n.protocol === protocol).map((n) => [n.port, n.port]);
      for (const [lo, hi] of spans) starts.add(lo).add(hi + 1);
    }
    for (const port of [...starts].filter((p) => p >= 1 && p <= 65535).sort((a, b) => a - b)) out.push({ protocol, port });
  }
  return out;
}
