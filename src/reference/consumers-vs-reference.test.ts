/**
 * The engine's consumers against the reference evaluator on random valid
 * clusters: truth tables (per pair, as bit rows, per identity), one
 * endpoint's verdicts, reach (endpoints, namespaces, addresses outside),
 * allowed port sets and the connection list. Each is asked after compilation
 * and after every one of a few incremental updates, in both ipBlock modes,
 * about every pair of endpoints, every port query and addresses outside the
 * cluster chosen so that every run of addresses the ipBlocks cut out is
 * visited. Whatever a consumer says must be what the reference says.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Cluster } from '../engine/cluster.js';
import { allowedPorts, connectionList, type Connection } from '../engine/connections.js';
import { Engine } from '../engine/engine.js';
import type { PortSet } from '../engine/port-set.js';
import { reach } from '../engine/reach.js';
import { identityVerdictsOf, truthTable, verdictsOf } from '../engine/truth-table.js';
import type { Direction, Endpoint, PodEndpoint, PortQuery } from '../engine/types.js';
import { LATEST_KUBERNETES_VERSION, validateObject } from '../validation/index.js';
import {
  addressSpan,
  addressValue,
  afterChangeContext,
  clusterYaml,
  evolutionArb,
  ipBlockCidrs,
  outsideProbes,
  referenceOracle,
  RICH,
  RUNS,
  spanContains,
  type AddressSpan,
  type Evolution,
  type Probe,
  type ReferenceOracle,
} from './reference.test.helper.js';

/** One state of an evolving cluster, as the engine holds it and as the reference sees it. */
interface State {
  engine: Engine;
  cluster: Cluster;
  oracle: ReferenceOracle;
  /** Addresses that are no live endpoint's now. */
  outside: Probe[];
  queries: PortQuery[];
  /** A number drawn per run and per state, to pick one of many things to ask about (deterministic, so that shrinking replays it). */
  pick: number;
  where: () => string;
}

/** The compiled state, then the state after each change applied to the same engine. */
function* statesOf(e: Evolution, ipBlockMatchesPods: boolean, pick: number): Generator<State> {
  const engine = Engine.compile(e.cluster, { ipBlockMatchesPods });
  let turn = 0;
  const state = (cluster: Cluster, context: () => string): State => {
    const oracle = referenceOracle(cluster, ipBlockMatchesPods);
    return {
      engine,
      cluster,
      oracle,
      outside: outsideProbes(e.externalIPs, [cluster], [oracle]),
      queries: e.queries,
      pick: pick + turn++,
      where: () => `${context()}\nipBlockMatchesPods: ${ipBlockMatchesPods}`,
    };
  };
  yield state(e.cluster, () => `compiled; the cluster:\n${clusterYaml(e.cluster)}`);
  for (const [i, change] of e.changes.entries()) {
    engine.apply(change);
    yield state(e.clusters[i]!, () => `${afterChangeContext(e, i)}\nthe cluster now:\n${clusterYaml(e.clusters[i]!)}`);
  }
}

const portText = (q: PortQuery) => `${q.protocol}/${q.port}`;

/** Fails with both answers and the state when the consumer's answer is not the reference's. */
function agree(s: State, got: boolean, want: boolean, what: () => string): void {
  if (got !== want) assert.fail(`${what()}: the engine's consumer says ${got}, the reference ${want}\n${s.where()}`);
}

/** Registers one property per ipBlock mode: `check` is run on every state and returns how many answers it compared. */
function consumerProperty(name: string, defaultRuns: number, check: (s: State) => number): void {
  for (const ipBlockMatchesPods of [true, false]) {
    test(`${name} agrees with the reference (ipBlockMatchesPods: ${ipBlockMatchesPods})`, (t) => {
      let [states, compared] = [0, 0];
      fc.assert(
        fc.property(evolutionArb({ minLength: 0, maxLength: 3 }, RICH), fc.nat(), (e, pick) => {
          for (const s of statesOf(e, ipBlockMatchesPods, pick)) {
            states++;
            compared += check(s);
          }
        }),
        { numRuns: RUNS ?? defaultRuns, includeErrorInReport: true },
      );
      assert.ok(compared > 0);
      t.diagnostic(`${states} states (compiled and after updates), ${compared} answers compared`);
    });
  }
}

test('clusters stay valid, with no shared pod IP, through the extra changes', () => {
  fc.assert(
    fc.property(evolutionArb({ minLength: 0, maxLength: 6 }, RICH), (e) => {
      for (const cluster of [e.cluster, ...e.clusters]) {
        for (const o of [...cluster.namespaces, ...cluster.pods, ...cluster.workloads, ...cluster.policies]) {
          const errors = validateObject(o, { kubernetesVersion: LATEST_KUBERNETES_VERSION }).filter((x) => x.severity === 'error');
          if (errors.length > 0) assert.deepStrictEqual(errors, [], `${o.kind} ${o.metadata.namespace}/${o.metadata.name}\n${clusterYaml(cluster)}`);
        }
        const problems = Engine.compile(cluster).problems.map((p) => `${p.endpoint.ref}: ${p.message}`);
        if (problems.length > 0) assert.deepStrictEqual(problems, [], clusterYaml(cluster));
      }
    }),
    { numRuns: RUNS ?? 100, includeErrorInReport: true },
  );
});

// ---------------------------------------------------------------------------
// Truth tables and one endpoint's verdicts

consumerProperty('truthTable', 400, (s) => {
  const endpoints = s.engine.endpoints();
  const table = truthTable(s.engine, endpoints, s.queries);
  let compared = 0;
  s.queries.forEach((q, k) => {
    const { words, wordsPerRow } = table.bitMatrix(k);
    const rows = table.identityRows(k);
    endpoints.forEach((from, i) => {
      endpoints.forEach((to, j) => {
        const want = s.oracle.allows(from, to, q);
        const pair = () => `${from.ref} -> ${to.ref} on ${portText(q)}`;
        agree(s, table.allowed(i, j, k), want, () => `allowed(${i}, ${j}, ${k}): ${pair()}`);
        agree(s, ((words[i * wordsPerRow + (j >>> 5)]! >>> (j & 31)) & 1) === 1, want, () => `bitMatrix(${k}) row ${i} bit ${j}: ${pair()}`);
        compared += 2;
        // Identity rows hold what is decided between two different pods: the pairs no policy can deny are not in them.
        if (s.oracle.alwaysAllowed(from, to)) return;
        const [a, b] = [s.engine.identityOf(from).id, s.engine.identityOf(to).id];
        agree(s, rows.get(a)?.has(b) ?? false, want, () => `identityRows(${k}): identity ${a}'s row, bit ${b}: ${pair()}`);
        compared++;
      });
    });
  });
  return compared;
});

consumerProperty('identityVerdictsOf and verdictsOf', 300, (s) => {
  const endpoints = s.engine.endpoints();
  let compared = 0;
  for (const ep of endpoints) {
    const byIdentity = identityVerdictsOf(s.engine, ep, s.queries);
    const byEndpoint = verdictsOf(s.engine, ep, endpoints, s.queries);
    s.queries.forEach((q, k) => {
      endpoints.forEach((other, m) => {
        const [reaches, reachedBy] = [s.oracle.allows(ep, other, q), s.oracle.allows(other, ep, q)];
        const pair = () => `${ep.ref} and ${other.ref} on ${portText(q)}`;
        agree(s, byEndpoint.reaches[k]!.has(m), reaches, () => `verdictsOf(${ep.ref}).reaches: ${pair()}`);
        agree(s, byEndpoint.reachedBy[k]!.has(m), reachedBy, () => `verdictsOf(${ep.ref}).reachedBy: ${pair()}`);
        compared += 2;
        // Per identity the answers are those between different pods: not for pairs no policy can deny.
        const id = s.engine.identityOf(other).id;
        if (!s.oracle.alwaysAllowed(ep, other)) {
          agree(s, byIdentity.reaches[k]!.has(id), reaches, () => `identityVerdictsOf(${ep.ref}).reaches, identity ${id}: ${pair()}`);
          compared++;
        }
        if (!s.oracle.alwaysAllowed(other, ep)) {
          agree(s, byIdentity.reachedBy[k]!.has(id), reachedBy, () => `identityVerdictsOf(${ep.ref}).reachedBy, identity ${id}: ${pair()}`);
          compared++;
        }
      });
    });
  }
  return compared;
});

// ---------------------------------------------------------------------------
// Reach

/** `ingress`: `other` to `target`; `egress`: `target` to `other`. */
function allowsTowards(s: State, target: Endpoint, direction: Direction, other: Endpoint, q: PortQuery): boolean {
  return direction === 'ingress' ? s.oracle.allows(other, target, q) : s.oracle.allows(target, other, q);
}

consumerProperty('reach', 300, (s) => {
  let compared = 0;
  for (const target of s.engine.endpoints()) {
    for (const direction of ['ingress', 'egress'] as const) {
      reach(s.engine, target, direction, s.queries).forEach((r, k) => {
        const q = s.queries[k]!;
        const what = () => `reach(${target.ref}, ${direction}) on ${portText(q)} = ${JSON.stringify(r)}`;
        if (r.port !== q) assert.deepStrictEqual(r.port, q, `${what()}: the answers come in the order of the ports\n${s.where()}`);
        // A namespace listed stands for all its endpoints but the target.
        const listed = [...r.endpoints, ...s.oracle.endpoints.filter((e) => r.namespaces.includes(e.namespace) && e.ref !== target.ref).map((e) => e.ref)];
        if (new Set(listed).size !== listed.length) assert.fail(`${what()}: an endpoint is listed twice\n${s.where()}`);
        for (const other of s.oracle.endpoints) {
          if (other.ref === target.ref) continue;
          agree(s, listed.includes(other.ref), allowsTowards(s, target, direction, other, q), () => `${what()}: lists ${other.ref}`);
          compared++;
        }
        const spans = r.addresses === 'any' ? 'any' : r.addresses.map(addressSpan);
        for (const x of s.outside) {
          const inside = spans === 'any' || spans.some((span) => spanContains(span, x));
          agree(s, inside, allowsTowards(s, target, direction, x.endpoint, q), () => `${what()}: addresses hold ${x.ip}`);
          compared++;
        }
      });
    }
  }
  return compared;
});

// ---------------------------------------------------------------------------
// Allowed ports and the connection list

function portSetHas(set: PortSet | undefined, q: PortQuery): boolean {
  return set?.[q.protocol]?.some(([lo, hi]) => lo <= q.port && q.port <= hi) ?? false;
}

/** Every port query on `set` against the reference's verdicts on `from` to `to`. */
function agreeOnPorts(s: State, set: PortSet | undefined, from: Endpoint, to: Endpoint, what: () => string): number {
  for (const q of s.queries) agree(s, portSetHas(set, q), s.oracle.allows(from, to, q), () => `${what()} holds ${portText(q)} (${JSON.stringify(set ?? {})})`);
  return s.queries.length;
}

consumerProperty('allowedPorts', 250, (s) => {
  const endpoints: Endpoint[] = s.engine.endpoints();
  const ends = [...endpoints, ...s.outside.map((x) => x.endpoint)];
  let compared = 0;
  for (const from of ends) {
    for (const to of ends) {
      if (from.kind === 'external' && to.kind === 'external') continue;
      compared += agreeOnPorts(s, allowedPorts(s.engine, from, to), from, to, () => `allowedPorts(${from.ref}, ${to.ref})`);
    }
  }
  return compared;
});

/**
 * The address families the connection list covers outside the cluster: those
 * of the ipBlocks and of the endpoints' IPs, IPv4 when there is none.
 */
function familiesInUse(s: State): Set<4 | 6> {
  const families = new Set<4 | 6>([...ipBlockCidrs(s.cluster).map((c) => addressSpan(c).family), ...[...s.oracle.liveIPs].map((ip) => addressValue(ip)!.family)]);
  return families.size > 0 ? families : new Set([4]);
}

/**
 * A connection list against the reference: between two different endpoints
 * (with `focus`, those where it is one of the two), the entry's ports (none
 * without an entry); and for each endpoint, each direction and each probe
 * address, the ports of the one address range that holds it.
 */
function agreeOnConnectionList(s: State, list: Connection[], endpoints: PodEndpoint[], focus: PodEndpoint | undefined): number {
  const what = () => `connectionList(${focus ? `focus: ${focus.ref}` : 'all'})`;
  const between = new Map<string, PortSet>();
  const outside = new Map<string, { span: AddressSpan; ports: PortSet }[]>();
  for (const c of list) {
    if (c.fromKind === 'external' || c.toKind === 'external') {
      const [ep, span, direction] = c.fromKind === 'external' ? [c.to, c.from, 'ingress'] : [c.from, c.to, 'egress'];
      const key = `${ep} ${direction}`;
      outside.set(key, [...(outside.get(key) ?? []), { span: addressSpan(span), ports: c.ports }]);
      continue;
    }
    const key = `${c.from} -> ${c.to}`;
    if (between.has(key)) assert.fail(`${what()} lists ${key} twice\n${s.where()}`);
    between.set(key, c.ports);
  }
  const asked = (ep: PodEndpoint) => focus === undefined || ep === focus;
  let compared = 0;
  for (const a of endpoints) {
    for (const b of endpoints) {
      if (a === b) continue;
      const key = `${a.ref} -> ${b.ref}`;
      if (asked(a) || asked(b)) compared += agreeOnPorts(s, between.get(key), a, b, () => `${what()}: ${key}`);
      else if (between.has(key)) assert.fail(`${what()} lists ${key}, which does not involve the focus\n${s.where()}`);
    }
  }
  const families = familiesInUse(s);
  const probes = s.outside.filter((x) => families.has(x.family));
  for (const ep of endpoints) {
    for (const direction of ['ingress', 'egress'] as const) {
      const spans = outside.get(`${ep.ref} ${direction}`) ?? [];
      if (!asked(ep)) {
        if (spans.length > 0) assert.fail(`${what()} lists addresses outside for ${ep.ref}, not the focus\n${s.where()}`);
        continue;
      }
      for (const x of probes) {
        const holding = spans.filter((entry) => spanContains(entry.span, x));
        if (holding.length > 1) assert.fail(`${what()}: two ${direction} entries of ${ep.ref} hold ${x.ip}\n${s.where()}`);
        const [from, to] = direction === 'ingress' ? [x.endpoint, ep] : [ep, x.endpoint];
        compared += agreeOnPorts(s, holding[0]?.ports, from, to, () => `${what()}: ${from.ref} -> ${to.ref}`);
      }
    }
  }
  return compared;
}

consumerProperty('connectionList', 200, (s) => {
  const endpoints = s.engine.endpoints();
  let compared = agreeOnConnectionList(s, connectionList(s.engine, endpoints), endpoints, undefined);
  // One endpoint in focus per state, a different one from state to state.
  const focus = endpoints[s.pick % Math.max(1, endpoints.length)];
  if (focus) compared += agreeOnConnectionList(s, connectionList(s.engine, endpoints, { focus }), endpoints, focus);
  return compared;
});
