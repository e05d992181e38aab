/**
 * What a change does to connectivity: every connection allowed on one side
 * and not the other, between the endpoints both sides have, on the ports
 * either side names. Endpoints are grouped so that each group behaves alike
 * on both sides (pods sharing an identity in base and in head), and each
 * change names the policies responsible on each side.
 */
import { addressClasses, classesAdmitted, ipBlockRanges, sameSide, unchangedPolicies, type AddressClass } from '../engine/address-classes.js';
import { Bitset } from '../engine/bitset.js';
import { isOnePod } from '../engine/endpoints.js';
import type { Engine, Identity } from '../engine/engine.js';
import { sameNamedPorts } from '../engine/identities.js';
import type { CompiledBlock } from '../engine/policies.js';
import { portQueryText, portsOfInterest } from '../engine/ports.js';
import { isPodLocal, SideBits, truthTable } from '../engine/truth-table.js';
import type { Direction, Endpoint, PodEndpoint, PortQuery, RuleRef, SideVerdict } from '../engine/types.js';
import type { Labels } from '../model/objects.js';
import { labelsText } from '../model/selector-text.js';
import { groupBy } from '../model/grouping.js';

export interface Group {
  /** A workload's ref, a pod's ref, `namespace/{labels} (N)`, or addresses outside (`0.0.0.0/0 except 10.0.0.0/8`). */
  label: string;
  /** Empty for addresses outside the cluster. */
  namespace: string;
  /** Endpoint refs, or the CIDRs of addresses outside. */
  members: string[];
}

export interface Responsibility {
  /** The rules that allow it on the side where it is allowed. */
  allowedBy: RuleRef[];
  /** The side(s) that deny it on the other side, with the policies isolating them, or the ClusterNetworkPolicy rule that denies it. */
  deniedBy: { direction: 'egress' | 'ingress'; endpoint: string; policies: string[]; rule?: RuleRef }[];
}

export interface ConnectivityChange {
  change: 'gained' | 'lost';
  from: Group;
  to: Group;
  port: string;
  /** In head for gained, in base for lost. */
  allowed: Responsibility['allowedBy'];
  /** In base for gained, in head for lost. */
  denied: Responsibility['deniedBy'];
}

export interface ConnectivityDiff {
  ports: string[];
  /** Endpoints only one side has: their connections are not compared. */
  added: string[];
  removed: string[];
  changes: ConnectivityChange[];
  gained: number;
  lost: number;
}

/**
 * What diffs against one base engine, which must not change, keep between
 * them (the editor's, edit after edit): what each side of base admits, and
 * the outside world's classes with what base's ipBlocks hold of them, while
 * a head has the same ipBlocks and pods (then the classes are base's own).
 */
export class KeptBase {
  readonly sides: SideBits;
  private world: { ranges: string; classes: AddressClass[]; blocks: WeakMap<CompiledBlock, Bitset> } | undefined;

  constructor(readonly engine: Engine) {
    this.sides = new SideBits(engine);
  }

  /** Works out now what later diffs would on these ports: base's sides, and its classes of addresses outside. */
  workOut(ports: readonly PortQuery[]): void {
    this.sides.workOut(ports);
    this.ownWorld();
  }

  /** The classes of base and `head`, base's when `head`'s ipBlocks are base's and its pods alike; undefined when they must be worked out. */
  classesWith(head: Engine, samePods: boolean): { classes: AddressClass[]; blocks: WeakMap<CompiledBlock, Bitset> } | undefined {
    if (!samePods) return undefined;
    const world = this.ownWorld();
    return rangesKey(head) === world.ranges ? world : undefined;
  }

  private ownWorld(): NonNullable<KeptBase['world']> {
    return (this.world ??= { ranges: rangesKey(this.engine), classes: addressClasses([this.engine]), blocks: new WeakMap() });
  }
}

/** The CIDRs and excepts an engine's ipBlocks name, as one text. */
function rangesKey(engine: Engine): string {
  return ipBlockRanges([engine])
    .map((r) => `${r.family}/${r.text}`)
    .sort()
    .join(',');
}

export interface DiffOptions {
  /** Kept by a caller that compares many versions with one base (the editor): what base has worked out once for all. */
  kept?: KeptBase;
}

export function connectivityDiff(base: Engine, head: Engine, ports: PortQuery[], opts: DiffOptions = {}): ConnectivityDiff {
  const { a, b, added, removed } = commonEndpoints(base, head);

  // Endpoints that share an identity on both sides behave alike: one group.
  const stride = head.identities.length;
  const groups = groupBy(a.keys(), (i) => base.identityOf(a[i]!).id * stride + head.identityOf(b[i]!).id);
  const list = [...groups.values()];
  // Described when a change names them: most groups change nothing.
  const descriptions: Group[] = [];
  const described = (g: number) => (descriptions[g] ??= describeGroup(head, list[g]!.map((i) => b[i]!)));

  const changes: ConnectivityChange[] = [];
  /** One pair's change: the endpoints stand for their groups, as they are in base and in head. */
  const record = (q: PortQuery, from: Group, to: Group, inBase: [Endpoint, Endpoint], inHead: [Endpoint, Endpoint], after: boolean) => {
    const [yes, no] = after ? [head.check(...inHead, q), base.check(...inBase, q)] : [base.check(...inBase, q), head.check(...inHead, q)];
    changes.push({
      change: after ? 'gained' : 'lost',
      from,
      to,
      port: portQueryText(q),
      allowed: [...yes.egress.allowedBy, ...yes.ingress.allowedBy],
      denied: [no.egress, no.ingress].filter((s) => !s.allowed).map(denial),
    });
  };
  const ids = list.map((members) => ({ a: base.identityOf(a[members[0]!]!), b: head.identityOf(b[members[0]!]!) }));
  // Host-network pods have per-pod exceptions (node-local): those pairs are compared pod by pod.
  const special = list.map((members) => members.some((m) => a[m]!.hostNetwork || b[m]!.hostNetwork));
  // Which groups' sides are alike on both sides, from their policies alone.
  const unchanged = unchangedPolicies(base, head);
  const alike = list.map((members) => {
    const i = members[0]!;
    return { ingress: sameSide(base, a[i]!, head, b[i]!, 'ingress', unchanged), egress: sameSide(base, a[i]!, head, b[i]!, 'egress', unchanged) };
  });
  // Whether policies see the very same pods on both sides: then only policies changed.
  const samePods = added.length === 0 && removed.length === 0 && seenAlike(base, a, head, b);
  const verdicts = pairVerdicts({ base, head, a, b, list, ids, special, alike }, ports, samePods, opts);
  /**
   * Groups with host-network pods, pair by pair: whether a pair is node-local
   * (always allowed) depends on the nodes of its two pods, not on the groups.
   * A change every pair of the groups shares is one change of the groups;
   * otherwise each pair that changed is its own.
   */
  const compareMembers = (port: PortVerdicts, q: PortQuery, g1: number, g2: number) => {
    const changed: [number, number][] = [];
    let pairs = 0;
    for (const i of list[g1]!) {
      for (const j of list[g2]!) {
        if (i === j && isOnePod(a[i]!) && isOnePod(b[i]!)) continue;
        pairs++;
        if (port.pods('a', i, j) !== port.pods('b', i, j)) changed.push([i, j]);
      }
    }
    if (changed.length === 0) return;
    const [i, j] = changed[0]!;
    const gained = port.pods('b', i, j);
    if (changed.length === pairs && changed.every(([x, y]) => port.pods('b', x, y) === gained)) {
      return record(q, described(g1), described(g2), [a[i]!, a[j]!], [b[i]!, b[j]!], gained);
    }
    for (const [x, y] of changed) record(q, describeGroup(head, [b[x]!]), describeGroup(head, [b[y]!]), [a[x]!, a[y]!], [b[x]!, b[y]!], port.pods('b', x, y));
  };
  ports.forEach((q, k) => {
    const port = verdicts(k);
    list.forEach((sources, g1) => {
      const i = sources[0]!;
      const candidates = port.candidates(g1);
      if (candidates.length === 0) return;
      const [before, after] = [port.from('a', g1), port.from('b', g1)];
      for (const g2 of candidates) {
        if (special[g1] || special[g2]) {
          compareMembers(port, q, g1, g2);
          continue;
        }
        // A pod's traffic to itself is always allowed: a group of one pod has no other pair to compare
        // (a workload of several replicas does: replica to replica).
        if (g1 === g2 && sources.length === 1 && isOnePod(a[i]!) && isOnePod(b[i]!)) continue;
        const gained = after(g2);
        if (before(g2) === gained) continue;
        const j = list[g2]!.find((t) => t !== i) ?? list[g2]![0]!;
        record(q, described(g1), described(g2), [a[i]!, a[j]!], [b[i]!, b[j]!], gained);
      }
    });
  });
  // The outside world: a class of addresses that either side's ipBlocks can tell apart stands for all its addresses.
  // Only sides that are not alike can differ there: the classes are worked out for the first.
  let world: { classes: AddressClass[]; outside: Group[]; blocks: WeakMap<CompiledBlock, Bitset> } | undefined;
  const outsideWorld = () => {
    if (world) return world;
    const kept = opts.kept?.classesWith(head, samePods);
    const classes = kept?.classes ?? addressClasses([base, head]);
    // What each block (of base, or of head) holds of the classes: kept with them, for the blocks head keeps from edit to edit too.
    const blocks = kept?.blocks ?? new WeakMap<CompiledBlock, Bitset>();
    return (world = { classes, blocks, outside: classes.map((c): Group => ({ label: c.text, namespace: '', members: c.ranges.map((r) => r.text) })) });
  };
  for (const q of ports) {
    list.forEach((members, g) => {
      const i = members[0]!;
      for (const direction of ['ingress', 'egress'] as const) {
        if (alike[g]![direction]) continue;
        const { classes, outside, blocks } = outsideWorld();
        const before = classesAdmitted(base, a[i]!, direction, q, classes, blocks);
        const after = classesAdmitted(head, b[i]!, direction, q, classes, blocks);
        if (before === null && after === null) continue;
        classes.forEach((c, k) => {
          const [was, is] = [before === null || before.has(k), after === null || after.has(k)];
          if (was === is) return;
          const x = c.representative;
          if (direction === 'ingress') record(q, outside[k]!, described(g), [x, a[i]!], [x, b[i]!], is);
          else record(q, described(g), outside[k]!, [a[i]!, x], [b[i]!, x], is);
        });
      }
    });
  }
  changes.sort(
    (x, y) =>
      x.from.namespace.localeCompare(y.from.namespace) ||
      x.to.namespace.localeCompare(y.to.namespace) ||
      x.from.label.localeCompare(y.from.label) ||
      x.to.label.localeCompare(y.to.label) ||
      x.port.localeCompare(y.port),
  );
  return { ports: ports.map(portQueryText), added, removed, ...counted(changes) };
}

/**
 * The endpoints both sides have (`a` in base, `b` in head, in base's order,
 * so that an engine brought to head by updates answers as one compiled from
 * it), and the refs only one side has.
 */
function commonEndpoints(base: Engine, head: Engine): { a: PodEndpoint[]; b: PodEndpoint[]; added: string[]; removed: string[] } {
  const [before, after] = [base.endpoints(), head.endpoints()];
  // Mostly the very same refs in the same order (the editor's, a policy change): nothing to look up.
  if (before.length === after.length && before.every((e, i) => e.ref === after[i]!.ref)) return { a: before, b: after, added: [], removed: [] };
  const headRefs = new Map(after.map((e) => [e.ref, e]));
  const a = before.filter((e) => headRefs.has(e.ref));
  const baseRefs = new Set(before.map((e) => e.ref));
  return {
    a,
    b: a.map((e) => headRefs.get(e.ref)!),
    added: after.filter((e) => !baseRefs.has(e.ref)).map((e) => e.ref),
    removed: before.filter((e) => !headRefs.has(e.ref)).map((e) => e.ref),
  };
}

/** Base and head as the comparison sees them: the common endpoints (`a` in base, `b` in head, by index) in groups, and what each group's sides share. */
interface Compared {
  base: Engine;
  head: Engine;
  a: PodEndpoint[];
  b: PodEndpoint[];
  list: number[][];
  ids: { a: Identity; b: Identity }[];
  special: boolean[];
  alike: Record<Direction, boolean>[];
}

type Side = 'a' | 'b';

/** One port's verdicts on each side (`a`: base, `b`: head). */
interface PortVerdicts {
  /** From a group to each group, as between two different pods of them. */
  from(side: Side, g1: number): (g2: number) => boolean;
  /** Between two common endpoints, a pod to itself and node-local pairs included. */
  pods(side: Side, i: number, j: number): boolean;
  /** The groups whose verdict from `g1` may differ between base and head: the only ones compared. */
  candidates(g1: number): readonly number[];
}

/**
 * How each port's verdicts are found. When policies see every common endpoint
 * alike on both sides (only policies changed), a pair's verdict can change
 * only where its source's egress or its destination's ingress is not alike:
 * those rows and columns are all that is worked out (the editor's case: one
 * policy touches a few identities). Otherwise, or when many of many sides
 * changed, both whole truth tables are compared row by row.
 */
function pairVerdicts(c: Compared, ports: PortQuery[], samePods: boolean, opts: DiffOptions): (k: number) => PortVerdicts {
  const changedEgress = c.list.map((_, g) => g).filter((g) => !c.alike[g]!.egress);
  const changedIngress = c.list.map((_, g) => g).filter((g) => !c.alike[g]!.ingress);
  const few = c.list.length <= FEW_GROUPS || (changedEgress.length + changedIngress.length) * SCOPED_SHARE <= c.list.length;
  return few && samePods ? scopedVerdicts(c, ports, opts.kept?.sides ?? new SideBits(c.base), changedIngress) : wholeTables(c, ports);
}

/** Above this share of changed sides (1 in 4) of more than this many groups, comparing whole truth tables costs less than row by row. */
const SCOPED_SHARE = 4;
const FEW_GROUPS = 64;

function wholeTables(c: Compared, ports: PortQuery[]): (k: number) => PortVerdicts {
  const { list, ids, special } = c;
  // Each port's part of a table is worked out when first asked.
  const tables = { a: truthTable(c.base, c.a, ports), b: truthTable(c.head, c.b, ports) };
  // Groups by identity on each side, to turn an identity row into the groups it reaches.
  const plain = list.map((_, g) => g).filter((g) => !special[g]);
  const groupsOf = (side: Side) => groupBy(plain, (g) => ids[g]![side].id);
  const of = { a: groupsOf('a'), b: groupsOf('b') };
  const reached = (row: Bitset, side: Side) => {
    const out = new Bitset(list.length);
    for (const id of row) for (const g of of[side].get(id) ?? []) out.add(g);
    return out;
  };
  const everyGroup = list.map((_, g) => g);
  const specialGroups = everyGroup.filter((g) => special[g]);
  return (k) => {
    const rows = { a: tables.a.identityRows(k), b: tables.b.identityRows(k) };
    return {
      from: (side, g1) => {
        const row = rows[side].get(ids[g1]![side].id)!;
        return (g2) => row.has(ids[g2]![side].id);
      },
      pods: (side, i, j) => tables[side].allowed(i, j, k),
      candidates: (g1) => {
        if (special[g1]) return everyGroup;
        // Only the groups whose verdict can differ: those one side's row reaches and the other's does not.
        const changed = reached(rows.a.get(ids[g1]!.a.id)!, 'a');
        changed.xor(reached(rows.b.get(ids[g1]!.b.id)!, 'b'));
        return [...changed, ...specialGroups];
      },
    };
  };
}

function scopedVerdicts(c: Compared, ports: PortQuery[], baseSides: SideBits, changedIngress: number[]): (k: number) => PortVerdicts {
  const { list, ids, alike } = c;
  const groupOf = new Array<number>(c.a.length);
  list.forEach((members, g) => members.forEach((m) => (groupOf[m] = g)));
  const everyGroup = list.map((_, g) => g);
  const headSides = new SideBits(c.head);
  const idOf = { a: Int32Array.from(ids, (i) => i.a.id), b: Int32Array.from(ids, (i) => i.b.id) };
  // A side alike in both gives head the answer base gives: base's, kept across calls, stands for it.
  const viewOf = (side: Side, g: number, direction: Direction): Side => (side === 'b' && !alike[g]![direction] ? 'b' : 'a');
  return (k) => {
    const q = ports[k]!;
    const sides = { a: baseSides.port(q), b: headSides.port(q) };
    // This port's side of each group as each view sees it, looked up once.
    const bits = { a: { ingress: new Array<Bitset>(list.length), egress: new Array<Bitset>(list.length) }, b: { ingress: new Array<Bitset>(list.length), egress: new Array<Bitset>(list.length) } };
    const sideOf = (side: Side, g: number, direction: Direction): Bitset => {
      const view = viewOf(side, g, direction);
      return (bits[view][direction][g] ??= sides[view].admitted(ids[g]![view], direction));
    };
    const from = (side: Side, g1: number) => {
      const egress = sideOf(side, g1, 'egress');
      const to = idOf[viewOf(side, g1, 'egress')];
      return (g2: number) => egress.has(to[g2]!) && sideOf(side, g2, 'ingress').has(idOf[viewOf(side, g2, 'ingress')][g1]!);
    };
    return {
      from,
      pods: (side, i, j) => {
        const [engine, eps] = side === 'a' ? [c.base, c.a] : [c.head, c.b];
        return isPodLocal(eps[i]!, eps[j]!) ? engine.allowed(eps[i]!, eps[j]!, q) : from(side, groupOf[i]!)(groupOf[j]!);
      },
      candidates: (g1) => (alike[g1]!.egress ? changedIngress : everyGroup),
    };
  };
}

/**
 * Whether policies see every common endpoint alike in base and in head: the
 * same kind, labels, namespace labels, addresses, named ports, host network,
 * node and replicas. Then a rule matches the same endpoints on both sides.
 */
function seenAlike(base: Engine, a: PodEndpoint[], head: Engine, b: PodEndpoint[]): boolean {
  if (base.ipBlockMatchesPods !== head.ipBlockMatchesPods) return false;
  // Namespace labels are one object per namespace in each engine: compared once.
  const namespaces = new Map<string, boolean>();
  const sameNamespace = (x: PodEndpoint, y: PodEndpoint) => {
    let same = namespaces.get(x.namespace);
    if (same === undefined) namespaces.set(x.namespace, (same = sameLabels(base.namespaceLabelsOf(x.namespace), head.namespaceLabelsOf(y.namespace))));
    return same;
  };
  return a.every((x, i) => {
    const y = b[i]!;
    return (
      x.kind === y.kind &&
      x.node === y.node &&
      x.replicas === y.replicas &&
      x.hostNetwork === y.hostNetwork &&
      sameLabels(x.labels, y.labels) &&
      sameNamespace(x, y) &&
      x.ips.length === y.ips.length &&
      x.ips.every((ip, n) => ip === y.ips[n]) &&
      sameNamedPorts(x.namedPorts, y.namedPorts)
    );
  });
}

function sameLabels(x: Labels, y: Labels): boolean {
  if (x === y) return true;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/** The ports either side names, as `palisade diff` compares them by default: ranges are cut where either one's ports begin or end. */
export function diffPorts(base: Engine, head: Engine): PortQuery[] {
  return portsOfInterest([...base.portEntries(), ...head.portEntries()], [...base.servedPorts(), ...head.servedPorts()]);
}

function denial(s: SideVerdict): Responsibility['deniedBy'][number] {
  return { direction: s.direction, endpoint: s.endpoint, policies: s.policies, ...(s.deniedBy ? { rule: s.deniedBy } : {}) };
}

/** A group's label: the pod's ref when it is one, else its namespace and the labels its pods share, and how many. */
export function describeGroup(engine: Engine, members: PodEndpoint[]): Group {
  const first = members[0]!;
  const refs = members.map((m) => m.ref);
  if (members.length === 1) return { label: first.ref, namespace: first.namespace, members: refs };
  const s = engine.identityOf(first).subject;
  return { label: `${first.namespace}/{${labelsText(s.labels)}} (${members.length})`, namespace: first.namespace, members: refs };
}

/** The changes that `keep` keeps: a diff of part of the endpoints (one namespace, one endpoint's connections). */
export function keepChanges(diff: ConnectivityDiff, keep: (c: ConnectivityChange) => boolean): ConnectivityDiff {
  return { ...diff, ...counted(diff.changes.filter(keep)) };
}

function counted(changes: ConnectivityChange[]): Pick<ConnectivityDiff, 'changes' | 'gained' | 'lost'> {
  return { changes, gained: changes.filter((c) => c.change === 'gained').length, lost: changes.filter((c) => c.change === 'lost').length };
}
