/**
 * The fast engine against the reference evaluator on random valid clusters:
 * every pair of endpoints (pods, workloads, external IPs both ways), every
 * port query, both ipBlock modes, after compilation and after incremental
 * updates. Any difference is a bug in one of the two.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'node:test';
import type { Cluster } from '../engine/cluster.js';
import { AllowanceCache, allowancesOf, type RuleAllowance } from '../engine/allowances.js';
import { Engine } from '../engine/engine.js';
import { parseAddress, rangeContains } from '../engine/ip.js';
import type { Direction, Endpoint, PodEndpoint, PortQuery, RuleRef, SideVerdict, Verdict } from '../engine/types.js';
import { objectsOf } from '../model/kinds.js';
import { LATEST_KUBERNETES_VERSION, validateObject } from '../validation/index.js';
import { clusterArb, scenarioArb } from './arbitraries.js';
import { referenceCheck, referenceEndpoints, referencePeerMatches, referenceSide, type ReferenceSide, type ReferenceVerdict } from './evaluator.js';
import { afterChangeContext, clusterYaml, evolutionArb, external, RUNS } from './reference.test.helper.js';

interface Side {
  isolated: boolean;
  allowed: boolean;
  tier: string;
  /** The NetworkPolicy rules that allow. */
  allowingRules: string[];
  /** The ClusterNetworkPolicy rule that decided. */
  decidedBy: string | null;
}

function engineSide(s: SideVerdict): Side {
  const ref = (r: RuleRef) => `${r.policy}#${r.direction}#${r.rule}`;
  const rules = [...new Set(s.allowedBy.filter((r) => r.tier === undefined).map(ref))].sort();
  const decided = s.deniedBy ?? s.allowedBy.find((r) => r.tier !== undefined);
  return { isolated: s.isolated, allowed: s.allowed, tier: s.tier, allowingRules: rules, decidedBy: decided ? ref(decided) : null };
}

function referenceSideOf(s: ReferenceSide): Side {
  return { isolated: s.isolated, allowed: s.allowed, tier: s.tier, allowingRules: [...new Set(s.allowingRules)].sort(), decidedBy: s.decidedBy ?? null };
}

function normalize(v: Verdict | ReferenceVerdict, side: (s: never) => Side) {
  return { allowed: v.allowed, egress: side(v.egress as never), ingress: side(v.ingress as never) };
}

/** What identifies an endpoint, in a form that compares equal whatever the order of lists. */
function endpointKey(e: PodEndpoint) {
  return {
    kind: e.kind,
    ref: e.ref,
    namespace: e.namespace,
    name: e.name,
    labels: Object.fromEntries(Object.entries(e.labels).sort(([a], [b]) => (a < b ? -1 : 1))),
    ips: [...e.ips].sort(),
    node: e.node || undefined,
    hostNetwork: e.hostNetwork,
    namedPorts: [...new Set(e.namedPorts.map((p) => `${p.name}/${p.protocol}/${p.port}`))].sort(),
    replicas: e.kind === 'workload' ? (e.replicas ?? 1) : undefined,
    owner: e.owner,
  };
}

/**
 * Compares every verdict of `engine` on `cluster` with the reference's.
 * The engine's endpoints must be the reference's; each side is then given its
 * own endpoint objects for the same ref.
 */
function compareAll(
  engine: Engine,
  cluster: Cluster,
  externalIPs: string[],
  queries: PortQuery[],
  ipBlockMatchesPods: boolean,
  context: () => string,
): number {
  const engineEndpoints = engine.endpoints();
  const referenceEps = referenceEndpoints(cluster);
  const byRef = (xs: PodEndpoint[]) => [...xs].map(endpointKey).sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const where = () => `${context()}\ncluster:\n${clusterYaml(cluster)}`;
  const [gotEndpoints, wantEndpoints] = [byRef(engineEndpoints), byRef(referenceEps)];
  if (!isDeepStrictEqual(gotEndpoints, wantEndpoints)) assert.deepStrictEqual(gotEndpoints, wantEndpoints, `endpoints differ\n${where()}`);

  const refOf = new Map<string, PodEndpoint>(referenceEps.map((e) => [e.ref, e]));
  const pairs: [Endpoint, Endpoint][] = [];
  for (const e of engineEndpoints) pairs.push([e, refOf.get(e.ref)!]);
  for (const ip of externalIPs) {
    const resolved = engine.resolve(ip);
    if (!isDeepStrictEqual(resolved, external(ip))) {
      assert.deepStrictEqual(resolved, external(ip), `resolve(${ip}) should be an external endpoint\n${where()}`);
    }
    pairs.push([resolved!, external(ip)]);
  }
  for (const e of engineEndpoints) {
    const got = engine.resolve(e.ref)?.ref;
    if (got !== e.ref) assert.equal(got, e.ref, `resolve(${e.ref})\n${where()}`);
  }
  // A pod's IP resolves to that pod (when no other endpoint has it: host-network pods share their node's).
  const owners = new Map<string, string[]>();
  for (const e of referenceEps) for (const ip of e.ips) owners.set(ip, [...(owners.get(ip) ?? []), e.ref]);
  for (const [ip, refs] of owners) {
    const got = engine.resolve(ip)?.ref;
    if (refs.length === 1 && got !== refs[0]) assert.equal(got, refs[0], `resolve(${ip})\n${where()}`);
  }

  let checks = 0;
  for (const [fromEngine, fromRef] of pairs) {
    for (const [toEngine, toRef] of pairs) {
      for (const q of queries) {
        const got = engine.check(fromEngine, toEngine, q);
        const want = referenceCheck(cluster, fromRef, toRef, q, { ipBlockMatchesPods });
        const gotN = normalize(got, engineSide as never);
        const wantN = normalize(want, referenceSideOf as never);
        if (JSON.stringify(gotN) !== JSON.stringify(wantN)) {
          assert.deepStrictEqual(
            gotN,
            wantN,
            `engine (actual) vs reference (expected) differ: ${fromRef.ref} -> ${toRef.ref} on ${q.protocol}/${q.port}, ` +
              `ipBlockMatchesPods=${ipBlockMatchesPods}\n${where()}`,
          );
        }
        checkReferences(got.egress, want.egress, () => `egress of ${fromRef.ref} -> ${toRef.ref} on ${q.protocol}/${q.port}\n${where()}`);
        checkReferences(got.ingress, want.ingress, () => `ingress of ${fromRef.ref} -> ${toRef.ref} on ${q.protocol}/${q.port}\n${where()}`);
        // Without words the engine reuses side decisions across pods alike (and forgets them on updates): the same answers.
        const brief = engine.check(fromEngine, toEngine, q, { reasons: false });
        if (JSON.stringify(normalize(brief, engineSide as never)) !== JSON.stringify(gotN)) {
          assert.deepStrictEqual(normalize(brief, engineSide as never), gotN, `check without reasons differs: ${fromRef.ref} -> ${toRef.ref} on ${q.protocol}/${q.port}\n${where()}`);
        }
        checkReferences(brief.egress, want.egress, () => `egress (no reasons) of ${fromRef.ref} -> ${toRef.ref}\n${where()}`);
        checkReferences(brief.ingress, want.ingress, () => `ingress (no reasons) of ${fromRef.ref} -> ${toRef.ref}\n${where()}`);
        if (brief.egress.endpoint !== got.egress.endpoint || brief.ingress.endpoint !== got.ingress.endpoint) assert.fail(`a reused decision names another endpoint\n${where()}`);
        const allowed = engine.allowed(fromEngine, toEngine, q);
        if (allowed !== got.allowed) assert.fail(`allowed() says ${allowed}, check() ${got.allowed}: ${fromRef.ref} -> ${toRef.ref}\n${where()}`);
        checks++;
      }
    }
  }
  checkCompiledForm(engine, cluster, pairs.map(([, r]) => r), queries, ipBlockMatchesPods, where);
  return checks;
}

/**
 * Every rule, peer and port an explanation names exists and says what the
 * reference says of it: an allowing rule's peer and port entry are the first
 * of that rule that match; a denial lists every rule of every isolating
 * policy with whether its peers and its ports match.
 */
function checkReferences(got: SideVerdict, want: ReferenceSide, where: () => string): void {
  const ruleOf = (policy: string, direction: string, rule: number) => {
    const found = want.rules.find((r) => r.ref === `${policy}#${direction}#${rule}`);
    if (!found) assert.fail(`the explanation names ${policy} ${direction} rule ${rule}, which does not isolate this side\n${where()}`);
    return found;
  };
  const first = (matches: boolean[] | null) => (matches === null ? null : matches.indexOf(true));
  // ClusterNetworkPolicy rules are compared as `decidedBy` (see engineSide).
  for (const r of got.allowedBy.filter((x) => x.tier === undefined)) {
    const rule = ruleOf(r.policy, r.direction, r.rule);
    const expected = { peer: first(rule.peers), port: first(rule.ports) };
    if (r.peer !== expected.peer || r.port !== expected.port) assert.deepStrictEqual({ peer: r.peer, port: r.port }, expected, `allowedBy ${JSON.stringify(r)}\n${where()}`);
  }
  if (got.reason !== 'no-rule-matched') return;
  const named = got.denials.flatMap((p) => p.rules.map((r) => `${p.policy}#${got.direction}#${r.rule}`)).sort();
  const expectedRules = want.rules.map((r) => r.ref).sort();
  if (!isDeepStrictEqual(named, expectedRules)) assert.deepStrictEqual(named, expectedRules, `the denial lists other rules\n${where()}`);
  for (const p of got.denials) {
    for (const miss of p.rules) {
      const rule = ruleOf(p.policy, got.direction, miss.rule);
      const expected = { peerMatched: rule.peers === null || rule.peers.includes(true), portMatched: rule.ports === null || rule.ports.includes(true) };
      if (miss.peerMatched !== expected.peerMatched || miss.portMatched !== expected.portMatched) {
        assert.deepStrictEqual({ peerMatched: miss.peerMatched, portMatched: miss.portMatched }, expected, `${p.policy} rule ${miss.rule}\n${where()}`);
      }
      // Reasons name peers by their index in the rule: `from[2]: ...`.
      for (const reason of miss.reasons ?? []) {
        const index = /^(?:from|to)\[(\d+)\]/.exec(reason)?.[1];
        if (index !== undefined && rule.peers?.[Number(index)] !== false) assert.fail(`"${reason}" names a peer that is not a non-matching peer of ${rule.ref}\n${where()}`);
      }
    }
  }
}

/**
 * What the data plane is compiled from: each peer's members, and each
 * endpoint's allowances (addresses and ports per rule) against the reference
 * for every other endpoint and address, as a packet filter would apply them
 * (by membership, or by an IP inside an allowed range).
 */
function checkCompiledForm(engine: Engine, cluster: Cluster, others: Endpoint[], queries: PortQuery[], ipBlockMatchesPods: boolean, where: () => string): void {
  const podEndpoints = others.filter((e): e is PodEndpoint => e.kind !== 'external');
  for (const policy of cluster.policies) {
    const namespace = policy.metadata.namespace ?? 'default';
    const ref = `${namespace}/${policy.metadata.name}`;
    const rules = { ingress: (policy.spec.ingress ?? []).map((r) => r.from), egress: (policy.spec.egress ?? []).map((r) => r.to) };
    for (const direction of ['ingress', 'egress'] as const) {
      rules[direction].forEach((peers, rule) => {
        (peers ?? []).forEach((peer, index) => {
          const got = engine.peerMembers(ref, direction, rule, index).map((e) => e.ref).sort();
          const want = podEndpoints.filter((e) => referencePeerMatches(cluster, namespace, peer, e, ipBlockMatchesPods)).map((e) => e.ref).sort();
          if (!isDeepStrictEqual(got, want)) assert.deepStrictEqual(got, want, `members of ${ref} ${direction}[${rule}] peer ${index}\n${where()}`);
        });
      });
    }
  }
  const cache = new AllowanceCache();
  for (const subject of engine.endpoints()) {
    const referenceSubject = podEndpoints.find((e) => e.ref === subject.ref)!;
    for (const direction of ['ingress', 'egress'] as Direction[]) {
      const allowances = allowancesOf(engine, subject, direction, cache);
      for (const other of others) {
        for (const a of allowances ?? []) addressesHoldMembers(a, other, where);
        const destination = direction === 'ingress' ? referenceSubject : other;
        for (const q of queries) {
          const want = referenceSide(cluster, direction, referenceSubject, other, destination, q, ipBlockMatchesPods);
          const isolated = engine.isolatingPolicies(subject, direction).length > 0;
          const nodeLocal = other.kind === 'pod' && other.hostNetwork && subject.node !== undefined && subject.node === other.node;
          const got = allowances === null || allowancesAdmit(allowances, isolated, nodeLocal, other, q);
          if (got !== want.allowed || isolated !== want.isolated) {
            assert.fail(
              `allowances of ${subject.ref} (${direction}) ${got ? 'admit' : 'refuse'} ${other.ref} on ${q.protocol}/${q.port}, ` +
                `the reference ${want.allowed ? 'allows' : 'denies'} (isolated: ${want.isolated}, allowances: ${allowances === null ? 'none' : allowances.length})\n${where()}`,
            );
          }
        }
      }
    }
  }
}

/**
 * The addresses an allowance's peers admit, which the data plane writes as
 * its set, hold a far end's IP exactly when a range admits it or a member
 * has it (a host-network member shares its node's IP with others).
 */
function addressesHoldMembers(a: RuleAllowance, other: Endpoint, where: () => string): void {
  if (a.peers === 'any') return;
  const { endpoints, ranges, addresses } = a.peers;
  for (const ip of (other.kind === 'external' ? [other.ip] : other.ips).map((text) => parseAddress(text)!)) {
    const want = ranges.some((r) => rangeContains(r, ip)) || endpoints.some((e) => e.ips.some((text) => parseAddress(text)!.text === ip.text));
    if (addresses.some((r) => rangeContains(r, ip)) !== want) assert.fail(`addresses of ${a.policy} rule ${a.rule} ${want ? 'leave out' : 'hold'} ${ip.text} (${other.ref})\n${where()}`);
  }
}

/**
 * As the data plane applies a side's allowances, in order: the admin tier's
 * first match decides (a pass goes on), then the NetworkPolicies' (any allows,
 * and traffic with a host-network pod of the side's node, the rest is
 * dropped) when they isolate, else the baseline tier's first match; else
 * allowed.
 */
function allowancesAdmit(allowances: RuleAllowance[], isolated: boolean, nodeLocal: boolean, other: Endpoint, q: PortQuery): boolean {
  const first = (tier: RuleAllowance['tier']) => allowances.find((a) => a.tier === tier && allowanceMatches(a, other, q));
  const admin = first('admin');
  if (admin && admin.action !== 'pass') return admin.action === 'allow';
  if (isolated) return nodeLocal || first('namespace') !== undefined;
  return first('baseline')?.action !== 'deny';
}

/**
 * Whether one allowance matches, in the form the data plane is written
 * from: the far end by membership or by an IP inside a range, on a port of
 * its resolved port set; or a named destination serving the port.
 */
function allowanceMatches(a: RuleAllowance, other: Endpoint, q: PortQuery): boolean {
  if (a.tier === 'namespace') assert.equal(a.action, 'allow', 'NetworkPolicy rules only allow');
  if (other.kind !== 'external' && a.namedDestinations.some((n) => n.endpoint.ref === other.ref && n.protocol === q.protocol && n.port === q.port)) return true;
  const ports = a.portSet === 'any' || (a.portSet[q.protocol] ?? []).some(([lo, hi]) => lo <= q.port && q.port <= hi);
  if (!ports || a.peers === 'any') return ports;
  const { endpoints, ranges } = a.peers;
  if (other.kind !== 'external' && endpoints.some((e) => e.ref === other.ref)) return true;
  const ips = other.kind === 'external' ? [other.ip] : other.ips;
  return ips.some((ip) => ranges.some((r) => rangeContains(r, parseAddress(ip)!)));
}

test('generated clusters are valid as the API server sees them', () => {
  fc.assert(
    fc.property(clusterArb, (cluster) => {
      for (const o of objectsOf(cluster)) {
        // Node peers are in the experimental channel only, which forbids named ports beside networks peers too; v1alpha1's named ports are experimental.
        const experimental = (o.kind === 'ClusterNetworkPolicy' && JSON.stringify(o.spec).includes('"nodes"')) || o.kind === 'AdminNetworkPolicy' || o.kind === 'BaselineAdminNetworkPolicy';
        const crdChannel = experimental ? 'experimental' : 'standard';
        const errors = validateObject(o, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel }).filter((e) => e.severity === 'error');
        assert.deepStrictEqual(errors, [], `${o.kind} ${o.metadata.namespace}/${o.metadata.name}\n${clusterYaml(cluster)}`);
      }
    }),
    { numRuns: RUNS ?? 200, includeErrorInReport: true },
  );
});

for (const ipBlockMatchesPods of [true, false]) {
  test(`engine agrees with the reference on every pair and port (ipBlockMatchesPods: ${ipBlockMatchesPods})`, (t) => {
    let checks = 0;
    fc.assert(
      fc.property(scenarioArb, ({ cluster, externalIPs, queries }) => {
        const engine = Engine.compile(cluster, { ipBlockMatchesPods });
        checks += compareAll(engine, cluster, externalIPs, queries, ipBlockMatchesPods, () => 'compiled');
      }),
      { numRuns: RUNS ?? 2000, includeErrorInReport: true },
    );
    assert.ok(checks > 0);
    t.diagnostic(`${checks} verdicts compared`);
  });
}

test('engine agrees with the reference after incremental updates', (t) => {
  let checks = 0;
  let changeCount = 0;
  const scenario = fc.record({ evolution: evolutionArb({ minLength: 1, maxLength: 6 }), ipBlockMatchesPods: fc.boolean() });
  fc.assert(
    fc.property(scenario, ({ evolution, ipBlockMatchesPods }) => {
      const { cluster, changes, clusters, externalIPs, queries } = evolution;
      const engine = Engine.compile(cluster, { ipBlockMatchesPods });
      changes.forEach((change, i) => {
        engine.apply(change);
        // External IPs chosen for the final cluster may be a pod's IP in between; keep only those that are no live pod's now.
        const live = new Set(referenceEndpoints(clusters[i]!).flatMap((e) => e.ips));
        changeCount++;
        checks += compareAll(engine, clusters[i]!, externalIPs.filter((ip) => !live.has(ip)), queries, ipBlockMatchesPods, () => afterChangeContext(evolution, i));
      });
    }),
    { numRuns: RUNS ?? 600, includeErrorInReport: true },
  );
  t.diagnostic(`${changeCount} changes applied, ${checks} verdicts compared`);
});
