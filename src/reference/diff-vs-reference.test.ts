/**
 * connectivityDiff against the reference evaluator: base is a random cluster
 * after some random changes (maybe none), head the same after a few more
 * (compiled afresh, or applied to an engine compiled from base). The reference decides, in base and in head,
 * every pair of endpoints both sides have and every pair of such an endpoint
 * and a probe address outside the cluster, on every port; the connections it
 * gains and loses must be exactly those the diff's changes stand for once
 * their groups are expanded to their members.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { connectivityDiff, KeptBase, type ConnectivityChange, type ConnectivityDiff, type Group } from '../analysis/diff.js';
import { Engine } from '../engine/engine.js';
import type { Cluster } from '../engine/cluster.js';
import type { Endpoint, PodEndpoint, PortQuery } from '../engine/types.js';
import { emptyBuckets } from '../model/kinds.js';
import type { Labels, Pod, PodSpec } from '../model/objects.js';
import { changeIntentArb, clusterArb, GEN_ORIGIN, policyObject, type ClusterChange } from './arbitraries.js';
import {
  addressesIn,
  addressSpan,
  changeText,
  clusterYaml,
  everyState,
  evolutionArb,
  outsideProbes,
  referenceOracle,
  RICH,
  RUNS,
  spanContains,
  type Evolution,
  type Probe,
  type ReferenceOracle,
} from './reference.test.helper.js';

type Change = ConnectivityChange['change'];

/** The reference on both sides of the diff. */
interface Sides {
  base: ReferenceOracle;
  head: ReferenceOracle;
}

/** One connection gained or lost; an outside end is a probe address. */
interface Connection {
  change: Change;
  from: string;
  to: string;
  port: string;
}

/** Connections by `from -> to on port`. */
type Connections = Map<string, Connection>;

function addConnection(out: Connections, c: Connection): string {
  const key = `${c.from} -> ${c.to} on ${c.port}`;
  out.set(key, c);
  return key;
}

/** The endpoints both sides have, each side with its own. */
function commonEndpoints(sides: Sides): { base: PodEndpoint; head: PodEndpoint }[] {
  const headByRef = new Map(sides.head.endpoints.map((e) => [e.ref, e]));
  return sides.base.endpoints.flatMap((base) => {
    const head = headByRef.get(base.ref);
    return head ? [{ base, head }] : [];
  });
}

/**
 * Every connection the reference allows on one side only, between common
 * endpoints and between them and the probes; and how many it compared.
 */
function referenceChanges(sides: Sides, queries: PortQuery[], portTexts: string[], probes: readonly Probe[]): { changes: Connections; compared: number } {
  const out: Connections = new Map();
  let compared = 0;
  const compare = (inBase: [Endpoint, Endpoint], inHead: [Endpoint, Endpoint]) => {
    compared += queries.length;
    queries.forEach((q, k) => {
      const [before, after] = [sides.base.allows(...inBase, q), sides.head.allows(...inHead, q)];
      if (before !== after) addConnection(out, { change: after ? 'gained' : 'lost', from: inBase[0].ref, to: inBase[1].ref, port: portTexts[k]! });
    });
  };
  const common = commonEndpoints(sides);
  for (const from of common) for (const to of common) compare([from.base, to.base], [from.head, to.head]);
  for (const ep of common) {
    for (const { endpoint: x } of probes) {
      compare([x, ep.base], [x, ep.head]);
      compare([ep.base, x], [ep.head, x]);
    }
  }
  return { changes: out, compared };
}

/** A diff group's ends: its endpoint refs, or the probes inside its address ranges when it stands for addresses outside. */
function groupEnds(g: Group, probes: readonly Probe[]): string[] {
  if (!isOutside(g)) return g.members;
  const spans = g.members.map(addressSpan);
  return probes.filter((x) => spans.some((s) => spanContains(s, x))).map((x) => x.ip);
}

const isOutside = (g: Group) => g.namespace === '';

/**
 * What the diff's changes stand for: each change for every member of its
 * source group to every member of its destination group, but for a single
 * pod to itself, which never changes (diff.ts: groups may list it beside its
 * peers). Members are endpoints of both sides; no connection may be stood
 * for twice, and every change must stand for some connection.
 */
function claimedChanges(diff: ConnectivityDiff, sides: Sides, probes: readonly Probe[], where: () => string): Connections {
  const byRef = { base: new Map(sides.base.endpoints.map((e) => [e.ref, e])), head: new Map(sides.head.endpoints.map((e) => [e.ref, e])) };
  const common = (ref: string) => (['base', 'head'] as const).map((side) => byRef[side].get(ref) ?? assert.fail(`the diff names ${ref}, which the reference's ${side} does not have\n${where()}`));
  const selfNeverChanging = (ref: string) => common(ref).every((e, i) => (i === 0 ? sides.base : sides.head).alwaysAllowed(e, e));
  const out: Connections = new Map();
  const claimedBy = new Map<string, ConnectivityChange>();
  for (const c of diff.changes) {
    if (!diff.ports.includes(c.port)) assert.fail(`a change on ${c.port}, not one of the ports asked (${diff.ports.join(', ')})\n${where()}`);
    for (const g of [c.from, c.to]) if (!isOutside(g)) g.members.forEach(common);
    let count = 0;
    for (const from of groupEnds(c.from, probes)) {
      for (const to of groupEnds(c.to, probes)) {
        if (from === to && selfNeverChanging(from)) continue;
        const key = addConnection(out, { change: c.change, from, to, port: c.port });
        const earlier = claimedBy.get(key);
        if (earlier) assert.fail(`${key} is stood for twice, by ${changeSummary(earlier)} and by ${changeSummary(c)}\n${where()}`);
        claimedBy.set(key, c);
        count++;
      }
    }
    if (count === 0) assert.fail(`${changeSummary(c)} stands for no connection that can change\n${where()}`);
  }
  return out;
}

function changeSummary(c: ConnectivityChange): string {
  const group = (g: Group) => `${g.label} [${g.members.join(', ')}]`;
  return `${c.change} ${group(c.from)} -> ${group(c.to)} on ${c.port}`;
}

const connectionText = (c: Connection) => `${c.change} ${c.from} -> ${c.to} on ${c.port}`;

/** Connections in `want` and not in `got` with the same change, and the other way round. */
function differences(got: Connections, want: Connections): { missing: Connection[]; extra: Connection[] } {
  const absent = (a: Connections, b: Connections) => [...a].filter(([key, c]) => b.get(key)?.change !== c.change).map(([, c]) => c);
  return { missing: absent(want, got), extra: absent(got, want) };
}

/** Asserts deep equality; the (costly) counterexample is written only on failure. */
function same<T>(got: T, want: T, what: string, where: () => string): void {
  if (!isDeepStrictEqual(got, want)) assert.deepStrictEqual(got, want, `${what}\n${where()}`);
}

/** One diff: base is a state of an evolution before its last change, head the final state. */
interface DiffCase {
  states: Cluster[];
  /** The changes from the first state to the next, and so on. */
  changes: ClusterChange[];
  /** Index in `states` of base. */
  base: number;
  /** Head as an engine compiled from base and brought to head by the changes, or compiled from head. */
  headByUpdates: boolean;
}

function diffCase(e: Evolution, split: number, headByUpdates: boolean): DiffCase {
  // No change resolved (nothing to delete, say): a cluster against itself, which must show no change.
  return { states: [e.cluster, ...e.clusters], changes: e.changes, base: split % Math.max(1, e.changes.length), headByUpdates };
}

const baseCluster = (d: DiffCase) => d.states[d.base]!;
const headCluster = (d: DiffCase) => d.states[d.states.length - 1]!;

function headEngine(d: DiffCase, ipBlockMatchesPods: boolean): Engine {
  if (!d.headByUpdates) return Engine.compile(headCluster(d), { ipBlockMatchesPods });
  const engine = Engine.compile(baseCluster(d), { ipBlockMatchesPods });
  for (const change of d.changes.slice(d.base)) engine.apply(change);
  return engine;
}

function diffCaseText(d: DiffCase): string {
  return (
    `head ${d.headByUpdates ? 'by updates to base' : 'compiled'}; changes from base to head: ${d.changes.slice(d.base).map(changeText).join('; ')}\n` +
    `base:\n${clusterYaml(baseCluster(d))}\nhead:\n${clusterYaml(headCluster(d))}`
  );
}

/** A diff to hold to the reference: two engines and the clusters they were made from. */
interface DiffInput {
  base: Engine;
  head: Engine;
  baseCluster: Cluster;
  headCluster: Cluster;
  queries: PortQuery[];
  externalIPs: string[];
  ipBlockMatchesPods: boolean;
}

/**
 * The diff of two engines, checked for what needs no reference (added and
 * removed endpoints, counts, ports), and its connections against the
 * reference's: those it does not report, and those it reports wrongly.
 */
function diffAgainstReference(input: DiffInput, where: () => string, kept?: KeptBase) {
  const { queries } = input;
  const diff = connectivityDiff(input.base, input.head, queries, { kept });
  const sides: Sides = { base: referenceOracle(input.baseCluster, input.ipBlockMatchesPods), head: referenceOracle(input.headCluster, input.ipBlockMatchesPods) };
  const refs = (o: ReferenceOracle) => o.endpoints.map((e) => e.ref);
  const only = (a: string[], b: string[]) => a.filter((r) => !b.includes(r)).sort();
  same([...diff.added].sort(), only(refs(sides.head), refs(sides.base)), 'added endpoints', where);
  same([...diff.removed].sort(), only(refs(sides.base), refs(sides.head)), 'removed endpoints', where);
  same(diff.gained, diff.changes.filter((c) => c.change === 'gained').length, 'gained count', where);
  same(diff.lost, diff.changes.filter((c) => c.change === 'lost').length, 'lost count', where);
  // The diff names the ports in the order asked: its port texts are the queries'.
  if (diff.ports.length !== queries.length || new Set(diff.ports).size !== queries.length) assert.fail(`ports ${diff.ports.join(', ')}\n${where()}`);

  // Probes: the drawn IPs, every ipBlock boundary of both sides, and addresses of every class the diff reports.
  const reported = diff.changes.flatMap((c) => [c.from, c.to]).filter(isOutside).flatMap((g) => g.members.flatMap(addressesIn));
  const probes = outsideProbes([...input.externalIPs, ...reported], [input.baseCluster, input.headCluster], [sides.base, sides.head]);
  const { changes: want, compared } = referenceChanges(sides, queries, diff.ports, probes);
  const { missing, extra } = differences(claimedChanges(diff, sides, probes, where), want);
  return { diff, want, compared, missing, extra };
}

function differencesText(unreported: Connection[], wrong: Connection[], diff: ConnectivityDiff): string {
  return (
    `the diff (actual) and the reference (expected) differ\n` +
    `not reported (${unreported.length}): ${unreported.slice(0, 10).map(connectionText).join('; ')}\n` +
    `reported wrongly (${wrong.length}): ${wrong.slice(0, 10).map(connectionText).join('; ')}\n` +
    `the diff's changes:\n${diff.changes.map(changeSummary).join('\n')}`
  );
}

for (const ipBlockMatchesPods of [true, false]) {
  test(`connectivityDiff reports exactly what the reference gains and loses (ipBlockMatchesPods: ${ipBlockMatchesPods})`, (t) => {
    let [compared, connections, changes] = [0, 0, 0];
    // Port queries and external IPs are drawn from every state together: ports either side names, addresses no state's pods have.
    const scenario = fc.record({ evolution: evolutionArb({ minLength: 1, maxLength: 6 }, { ...RICH, askAbout: everyState }), split: fc.nat(), headByUpdates: fc.boolean() });
    fc.assert(
      fc.property(scenario, ({ evolution, split, headByUpdates }) => {
        const d = diffCase(evolution, split, headByUpdates);
        const where = () => `ipBlockMatchesPods: ${ipBlockMatchesPods}, ${diffCaseText(d)}`;
        const input = {
          base: Engine.compile(baseCluster(d), { ipBlockMatchesPods }),
          head: headEngine(d, ipBlockMatchesPods),
          baseCluster: baseCluster(d),
          headCluster: headCluster(d),
          queries: evolution.queries,
          externalIPs: evolution.externalIPs,
          ipBlockMatchesPods,
        };
        const { diff, want, missing, extra, ...counts } = diffAgainstReference(input, where);
        compared += counts.compared;
        if (missing.length > 0 || extra.length > 0) assert.fail(`${differencesText(missing, extra, diff)}\n${where()}`);
        connections += want.size;
        changes += diff.changes.length;
      }),
      { numRuns: RUNS ?? 400, includeErrorInReport: true },
    );
    assert.ok(compared > 0);
    t.diagnostic(`${compared} connections compared; ${connections} of them gained or lost by the reference; ${changes} changes reported`);
  });
}

/** Tiered policies of two clusters mixed: some of `mine`, some of `theirs`, one of each kind and name. */
function mixTiered(mine: Cluster, theirs: Cluster, keep: boolean[]): Pick<Cluster, 'clusterPolicies' | 'adminPolicies'> {
  const mix = <T extends { kind: string; metadata: { name?: string } }>(a: T[], b: T[]): T[] => {
    const drawn = [...a.filter((_, i) => keep[i % keep.length]), ...b.filter((_, i) => !keep[(i + 3) % keep.length])];
    return drawn.filter((p, i) => drawn.findIndex((q) => q.kind === p.kind && q.metadata.name === p.metadata.name) === i);
  };
  return { clusterPolicies: mix(mine.clusterPolicies, theirs.clusterPolicies), adminPolicies: mix(mine.adminPolicies, theirs.adminPolicies) };
}

for (const ipBlockMatchesPods of [true, false]) {
  test(`with policies alone changed, connectivityDiff works out the changed sides only, and still reports exactly what the reference gains and loses (ipBlockMatchesPods: ${ipBlockMatchesPods})`, () => {
    // NetworkPolicies upserted and deleted, then tiered policies swapped for another cluster's; two heads against one base, whose sides are kept between them as the editor keeps them.
    const policyChanges = changeIntentArb.filter((i) => i.type === 'upsert-policy' || i.type === 'delete-policy');
    const scenario = fc.record({
      evolution: evolutionArb({ minLength: 1, maxLength: 4 }, { ...RICH, intents: policyChanges, askAbout: everyState }),
      other: clusterArb,
      keep: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(scenario, ({ evolution, other, keep }) => {
        const baseCluster = evolution.cluster;
        const base = Engine.compile(baseCluster, { ipBlockMatchesPods });
        const kept = new KeptBase(base);
        const final = evolution.clusters[evolution.clusters.length - 1] ?? baseCluster;
        for (const headCluster of [final, { ...final, ...mixTiered(final, other, keep) }]) {
          const where = () => `ipBlockMatchesPods: ${ipBlockMatchesPods}\nbase:\n${clusterYaml(baseCluster)}\nhead:\n${clusterYaml(headCluster)}`;
          const input = { base, head: Engine.compile(headCluster, { ipBlockMatchesPods }), baseCluster, headCluster, queries: evolution.queries, externalIPs: evolution.externalIPs, ipBlockMatchesPods };
          const { diff, missing, extra } = diffAgainstReference(input, where, kept);
          if (missing.length > 0 || extra.length > 0) assert.fail(`${differencesText(missing, extra, diff)}\n${where()}`);
        }
      }),
      { numRuns: RUNS ?? 80, includeErrorInReport: true },
    );
  });
}

/** Found by the property test above, shrunk: a group of pods alike on several nodes, of which only some pairs are node-local. */
test(
  'connectivityDiff reports a pod gaining egress to a host-network pod of another node, and not to the one of its own',
  () => {
    const pod = (name: string, node: string, ip: string, extra: Partial<PodSpec> = {}, labels?: Labels): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
      spec: { nodeName: node, containers: [{ name: 'c' }], ...extra },
      status: { podIP: ip },
      origin: GEN_ORIGIN,
    });
    // Two host-network pods alike (one identity) on two nodes, and a pod on the first node whose egress is opened.
    const pods = [
      pod('agent-a', 'node-1', '172.16.0.1', { hostNetwork: true }),
      pod('agent-b', 'node-2', '172.16.0.2', { hostNetwork: true }),
      pod('web', 'node-1', '10.0.0.1', {}, { app: 'web' }),
    ];
    const denyEgress = policyObject('default', 'deny-egress', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] });
    const baseCluster: Cluster = { ...emptyBuckets(), pods, policies: [denyEgress] };
    const headCluster: Cluster = { ...baseCluster, policies: [] };
    const input = { base: Engine.compile(baseCluster), head: Engine.compile(headCluster), baseCluster, headCluster, queries: [{ protocol: 'TCP' as const, port: 80 }], externalIPs: [], ipBlockMatchesPods: true };
    const where = () => `base:\n${clusterYaml(baseCluster)}\nhead:\n${clusterYaml(headCluster)}`;
    const { diff, missing, extra } = diffAgainstReference(input, where);
    // Gained: default/web -> default/agent-b on 80/TCP (agent-a, on web's node, was always allowed).
    if (missing.length > 0 || extra.length > 0) assert.fail(`${differencesText(missing, extra, diff)}\n${where()}`);
    assert.ok(diff.changes.some((c) => c.from.label === 'default/web' && c.to.label === 'default/agent-b' && c.change === 'gained'));
  },
);
