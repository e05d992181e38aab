/**
 * What a change does to connectivity: every connection allowed on one side
 * and not the other, between the endpoints both sides have, on the ports
 * either side names. Endpoints are grouped so that each group behaves alike
 * on both sides (pods sharing an identity in base and in head), and each
 * change names the policies responsible on each side.
 */
import { addressClasses, classesAdmitted, sameOutsideSide, unchangedPolicies } from '../engine/address-classes.js';
import { Bitset } from '../engine/bitset.js';
import { isOnePod } from '../engine/endpoints.js';
import type { Engine } from '../engine/engine.js';
import type { CompiledBlock } from '../engine/policies.js';
import { portQueryText, portsOfInterest } from '../engine/ports.js';
import { truthTable } from '../engine/truth-table.js';
import type { Endpoint, PodEndpoint, PortQuery, RuleRef, SideVerdict } from '../engine/types.js';
import { labelsText } from '../model/selector-text.js';

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

export function connectivityDiff(base: Engine, head: Engine, ports: PortQuery[]): ConnectivityDiff {
  const baseRefs = new Map(base.endpoints().map((e) => [e.ref, e]));
  const headRefs = new Map(head.endpoints().map((e) => [e.ref, e]));
  const common = [...headRefs.keys()].filter((r) => baseRefs.has(r));
  const a = common.map((r) => baseRefs.get(r)!);
  const b = common.map((r) => headRefs.get(r)!);
  const ta = truthTable(base, a, ports);
  const tb = truthTable(head, b, ports);

  // Endpoints that share an identity on both sides behave alike: one group.
  const groups = new Map<string, number[]>();
  common.forEach((_, i) => {
    const key = `${base.identityOf(a[i]!).id}/${head.identityOf(b[i]!).id}`;
    let members = groups.get(key);
    if (!members) groups.set(key, (members = []));
    members.push(i);
  });
  const list = [...groups.values()];
  const described = list.map((members) => describeGroup(head, members.map((i) => b[i]!)));

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
  // Groups by identity on each side, to turn an identity row into the groups it reaches.
  const plain = list.map((_, g) => g).filter((g) => !special[g]);
  const groupsOf = (side: 'a' | 'b') => {
    const of = new Map<number, number[]>();
    for (const g of plain) of.set(ids[g]![side].id, [...(of.get(ids[g]![side].id) ?? []), g]);
    return of;
  };
  const [groupsA, groupsB] = [groupsOf('a'), groupsOf('b')];
  const reached = (row: Bitset, of: Map<number, number[]>) => {
    const out = new Bitset(list.length);
    for (const id of row) for (const g of of.get(id) ?? []) out.add(g);
    return out;
  };
  const specialGroups = list.map((_, g) => g).filter((g) => special[g]);
  /**
   * Groups with host-network pods, pair by pair: whether a pair is node-local
   * (always allowed) depends on the nodes of its two pods, not on the groups.
   * A change every pair of the groups shares is one change of the groups;
   * otherwise each pair that changed is its own.
   */
  const compareMembers = (k: number, g1: number, g2: number) => {
    const changed: [number, number][] = [];
    let pairs = 0;
    for (const i of list[g1]!) {
      for (const j of list[g2]!) {
        if (i === j && isOnePod(a[i]!) && isOnePod(b[i]!)) continue;
        pairs++;
        if (ta.allowed(i, j, k) !== tb.allowed(i, j, k)) changed.push([i, j]);
      }
    }
    if (changed.length === 0) return;
    const [i, j] = changed[0]!;
    const gained = tb.allowed(i, j, k);
    if (changed.length === pairs && changed.every(([x, y]) => tb.allowed(x, y, k) === gained)) {
      return record(ports[k]!, described[g1]!, described[g2]!, [a[i]!, a[j]!], [b[i]!, b[j]!], gained);
    }
    for (const [x, y] of changed) record(ports[k]!, describeGroup(head, [b[x]!]), describeGroup(head, [b[y]!]), [a[x]!, a[y]!], [b[x]!, b[y]!], tb.allowed(x, y, k));
  };
  ports.forEach((_, k) => {
    const rowsA = ta.identityRows(k);
    const rowsB = tb.identityRows(k);
    list.forEach((sources, g1) => {
      const rowA = rowsA.get(ids[g1]!.a.id)!;
      const rowB = rowsB.get(ids[g1]!.b.id)!;
      const i = sources[0]!;
      const compare = (g2: number) => {
        if (special[g1] || special[g2]) return compareMembers(k, g1, g2);
        // A pod's traffic to itself is always allowed: a group of one pod has no other pair to compare
        // (a workload of several replicas does: replica to replica).
        if (g1 === g2 && sources.length === 1 && isOnePod(a[i]!) && isOnePod(b[i]!)) return;
        const before = rowA.has(ids[g2]!.a.id);
        const after = rowB.has(ids[g2]!.b.id);
        const j = list[g2]!.find((t) => t !== i) ?? list[g2]![0]!;
        if (before !== after) record(ports[k]!, described[g1]!, described[g2]!, [a[i]!, a[j]!], [b[i]!, b[j]!], after);
      };
      if (special[g1]) return list.forEach((_, g2) => compare(g2));
      // Only the groups whose verdict can differ: those one side's row reaches and the other's does not.
      const changed = reached(rowA, groupsA);
      changed.xor(reached(rowB, groupsB));
      for (const g2 of changed) compare(g2);
      specialGroups.forEach(compare);
    });
  });
  // The outside world: a class of addresses that either side's ipBlocks can tell apart stands for all its addresses.
  const classes = addressClasses([base, head]);
  const blocks = { base: new Map<CompiledBlock, Bitset>(), head: new Map<CompiledBlock, Bitset>() };
  const outside = classes.map((c): Group => ({ label: c.text, namespace: '', members: c.ranges.map((r) => r.text) }));
  const unchanged = unchangedPolicies(base, head);
  const alike = list.map((members) => {
    const i = members[0]!;
    return { ingress: sameOutsideSide(base, a[i]!, head, b[i]!, 'ingress', unchanged), egress: sameOutsideSide(base, a[i]!, head, b[i]!, 'egress', unchanged) };
  });
  for (const q of ports) {
    list.forEach((members, g) => {
      const [i, group] = [members[0]!, described[g]!];
      for (const direction of ['ingress', 'egress'] as const) {
        if (alike[g]![direction]) continue;
        const before = classesAdmitted(base, a[i]!, direction, q, classes, blocks.base);
        const after = classesAdmitted(head, b[i]!, direction, q, classes, blocks.head);
        if (before === null && after === null) continue;
        classes.forEach((c, k) => {
          const [was, is] = [before === null || before.has(k), after === null || after.has(k)];
          if (was === is) return;
          const x = c.representative;
          if (direction === 'ingress') record(q, outside[k]!, group, [x, a[i]!], [x, b[i]!], is);
          else record(q, group, outside[k]!, [a[i]!, x], [b[i]!, x], is);
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
  return {
    ports: ports.map(portQueryText),
    added: [...headRefs.keys()].filter((r) => !baseRefs.has(r)),
    removed: [...baseRefs.keys()].filter((r) => !headRefs.has(r)),
    ...counted(changes),
  };
}

/** The ports either side names, as `palisade diff` compares them by default: ranges are cut where either one's ports begin or end. */
export function diffPorts(base: Engine, head: Engine): PortQuery[] {
  const served = [...base.endpoints(), ...head.endpoints()].flatMap((e) => e.servedPorts ?? []);
  return portsOfInterest([...base.portEntries(), ...head.portEntries()], served);
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
