/**
 * Questions about a side over every far end at once: every identity and
 * every address outside, on every port. Whether one entry makes a
 * difference (what the side admits with it and without it, for lint's
 * PAL007), and what each entry of some sides decides (for lint's checks on
 * the tiers). Ports are taken as atoms (the numbers where some entry's match
 * can change: numbers, range ends, and the numbers named ports resolve to),
 * so every port of an atom is decided alike. The answers come from
 * `evaluateSide`, so they hold for any tiers and actions.
 */
import { Bitset } from './bitset.js';
import type { Engine, Identity } from './engine.js';
import { ADDRESS_OPS, entryAddresses } from './side-matches.js';
import { evaluateSide, orderedSide, type CompiledSide, type SetOps, type SideEntry } from './side-policy.js';
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
  const by = new Set<SideEntry>();
  let matches = false;
  const needed = someFarEnds(engine, identity, direction, [entry, ...rest.entries], (ops, match) => {
    const mine = match(entry);
    if (ops.isEmpty(mine)) return false;
    matches = true;
    const admitted = evaluateSide(rest, ops, match, {
      decided: (e, part) => {
        if (!ops.isEmpty(ops.and(part, mine))) by.add(e);
      },
    });
    return !ops.isEmpty(ops.minus(mine, admitted));
  });
  if (needed) return 'needed';
  return matches ? by : 'nothing';
}

/**
 * Walks each of `sides` (made of entries of `identity`'s side, with
 * `orderedSide`) over every far end, one port atom and one kind of far end
 * (identities, addresses outside) at a time, and tells `visit` the part each
 * entry decided in each side (entries that decided nothing are left out);
 * returns true as soon as `visit` does.
 */
export function decisionsOf(
  engine: Engine,
  identity: Identity,
  direction: Direction,
  sides: readonly CompiledSide[],
  visit: <S>(ops: SetOps<S>, decided: Map<SideEntry, S>[]) => boolean,
): boolean {
  return someFarEnds(engine, identity, direction, sides.flatMap((s) => s.entries), (ops, match) =>
    visit(
      ops,
      sides.map((side) => {
        const decided = new Map<SideEntry, ReturnType<typeof match>>();
        evaluateSide(side, ops, match, { decided: (e, part) => decided.set(e, part) });
        return decided;
      }),
    ),
  );
}

/**
 * Calls `visit` for each port atom of the entries, with the identities and
 * then with the addresses outside as seen from `identity`'s side, and what
 * an entry matches of them; returns true as soon as `visit` does.
 */
function someFarEnds(engine: Engine, identity: Identity, direction: Direction, entries: readonly SideEntry[], visit: <S>(ops: SetOps<S>, match: (e: SideEntry) => S) => boolean): boolean {
  const all = new Bitset(engine.identities.length);
  for (const i of engine.identities) if (i) all.add(i.id);
  const own = direction === 'ingress' ? identity.namedPorts : undefined;
  for (const q of portAtoms(engine, entries, own)) {
    const matcher = engine.identityMatcher(all, q);
    if (visit(matcher.ops, (e) => matcher.match(e, own))) return true;
    if (visit(ADDRESS_OPS, (e) => entryAddresses(e, q, own))) return true;
  }
  return false;
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
