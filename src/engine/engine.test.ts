/** Every semantic rule of DESIGN.md and its corner cases, one table row or test each. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { allowancesOf } from './allowances.js';
import { clusterOf } from './cluster.js';
import { Engine, type EngineOptions } from './engine.js';
import { truthTable, verdictsOf } from './truth-table.js';
import type { Endpoint, PodEndpoint, PortQuery, Protocol } from './types.js';

/** Namespaces a (team=a) and b (team=b); pods with IPs, named ports, one per role. */
const BASE = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec:
  nodeName: n1
  containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]}]
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: a, labels: {app: db}}
spec:
  nodeName: n1
  containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: b, labels: {app: client}}
spec:
  nodeName: n2
  containers: [{name: c}]
status: {podIP: 10.0.1.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: b, labels: {app: web}}
spec:
  nodeName: n2
  containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]
status: {podIP: 10.0.1.2}
`;

function engineFor(policies: string, opts: EngineOptions = {}, extra = ''): Engine {
  const m = loadText(`${BASE}---\n${extra}---\n${policies}`, 'test.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'test manifests must be valid');
  return Engine.compile(clusterOf(m, report), opts);
}

function policy(name: string, namespace: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n---\n`;
}

function q(port: number, protocol: Protocol = 'TCP'): PortQuery {
  return { port, protocol };
}

function ep(engine: Engine, ref: string): Endpoint {
  const e = engine.resolve(ref);
  assert.ok(e, `no endpoint ${ref}`);
  return e;
}

/** `from -> to port` cases, each expected allowed or not. */
function expect(engine: Engine, cases: [string, string, PortQuery, boolean][]): void {
  for (const [from, to, port, allowed] of cases) {
    const v = engine.check(ep(engine, from), ep(engine, to), port);
    assert.equal(v.allowed, allowed, `${from} -> ${to} ${port.port}/${port.protocol}: expected ${allowed ? 'allowed' : 'denied'}\n${JSON.stringify(v, null, 1)}`);
    assert.equal(engine.allowed(ep(engine, from), ep(engine, to), port), allowed, `allowed() disagrees with check() for ${from} -> ${to}`);
  }
}

test('rule 1: a policy selects pods of its own namespace whose labels match; {} selects all of them', () => {
  const e = engineFor(policy('deny-web', 'a', 'podSelector: {matchLabels: {app: web}}'));
  expect(e, [
    ['b/client', 'a/web', q(8080), false],
    ['b/client', 'a/db', q(5432), true],
    ['a/db', 'b/web', q(9090), true], // same labels in another namespace: not selected
  ]);
  const all = engineFor(policy('deny-all', 'a', 'podSelector: {}'));
  expect(all, [
    ['b/client', 'a/web', q(8080), false],
    ['b/client', 'a/db', q(5432), false],
    ['a/web', 'b/web', q(9090), true],
  ]);
});

test('rule 2: policyTypes default to Ingress, plus Egress when there are egress rules', () => {
  const ingressOnly = engineFor(policy('p', 'a', 'podSelector: {}\ningress: []'));
  assert.deepEqual(ingressOnly.check(ep(ingressOnly, 'a/web'), ep(ingressOnly, 'b/web'), q(9090)).egress.isolated, false);
  const withEgress = engineFor(policy('p', 'a', 'podSelector: {}\negress: [{ports: [{port: 53, protocol: UDP}]}]'));
  const v = withEgress.check(ep(withEgress, 'a/web'), ep(withEgress, 'b/web'), q(9090));
  assert.equal(v.egress.isolated, true);
  assert.equal(v.allowed, false);
  const explicit = engineFor(policy('p', 'a', 'podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]'));
  const w = explicit.check(ep(explicit, 'b/client'), ep(explicit, 'a/web'), q(8080));
  assert.equal(w.ingress.isolated, false, 'policyTypes given: the ingress rules do not isolate');
  const emptyTypes = engineFor(policy('p', 'a', 'podSelector: {}\npolicyTypes: []\negress: [{}]'));
  assert.equal(emptyTypes.check(ep(emptyTypes, 'b/client'), ep(emptyTypes, 'a/web'), q(8080)).ingress.isolated, true);
});

test('rules 3-5: isolation, additive rules, both sides must allow', () => {
  const e = engineFor(
    policy('deny-egress', 'b', 'podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]') +
      policy('allow-in', 'a', 'podSelector: {}\ningress: [{}]'),
  );
  expect(e, [
    ['b/client', 'a/web', q(8080), false], // a/web admits it, but client's egress is isolated with no rule
    ['b/web', 'a/web', q(8080), true],
  ]);
  const v = e.check(ep(e, 'b/client'), ep(e, 'a/web'), q(8080));
  assert.equal(v.egress.reason, 'no-rule-matched');
  assert.deepEqual(v.egress.denials, [{ policy: 'b/deny-egress', rules: [] }]);
  assert.equal(v.ingress.reason, 'allowed-by-rule');
  const additive = engineFor(
    policy('one', 'a', 'podSelector: {}\ningress: [{ports: [{port: 8080}]}]') + policy('two', 'a', 'podSelector: {}\ningress: [{ports: [{port: 5432}]}]'),
  );
  expect(additive, [
    ['b/client', 'a/web', q(8080), true],
    ['b/client', 'a/db', q(5432), true],
    ['b/client', 'a/db', q(22), false],
  ]);
});

test('rule 6: missing or empty peers match everything, inside and outside the cluster', () => {
  for (const rule of ['- {}', '- from: []', '- ports: []']) {
    const e = engineFor(policy('p', 'a', `podSelector: {}\ningress:\n${rule}`));
    expect(e, [
      ['b/client', 'a/web', q(8080), true],
      ['203.0.113.9', 'a/web', q(1), true],
    ]);
  }
  const none = engineFor(policy('p', 'a', 'podSelector: {}\ningress: []'));
  expect(none, [['b/client', 'a/web', q(8080), false]]);
});

test('rule 6: podSelector alone is scoped to the policy namespace; namespaceSelector alone takes whole namespaces', () => {
  const pods = engineFor(policy('p', 'a', 'podSelector: {}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]'));
  expect(pods, [
    ['a/web', 'a/db', q(5432), true],
    ['b/web', 'a/db', q(5432), false],
  ]);
  const reasons = pods.check(ep(pods, 'b/web'), ep(pods, 'a/db'), q(5432)).ingress.denials[0]!.rules[0]!.reasons!;
  assert.match(reasons[0]!, /is in namespace 'b'; a podSelector alone selects pods in the policy's namespace 'a'/);
  const namespaces = engineFor(policy('p', 'a', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}]}]'));
  expect(namespaces, [
    ['b/web', 'a/db', q(5432), true],
    ['b/client', 'a/db', q(5432), true],
    ['a/web', 'a/db', q(5432), false],
  ]);
  const why = namespaces.check(ep(namespaces, 'a/web'), ep(namespaces, 'a/db'), q(5432)).ingress.denials[0]!.rules[0]!.reasons![0];
  assert.match(why!, /namespace 'a' has team=a, not team=b/);
});

test('rule 6: both selectors in one peer are AND; two peers are OR', () => {
  const and = engineFor(
    policy('p', 'a', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: web}}}]}]'),
  );
  expect(and, [
    ['b/web', 'a/db', q(5432), true],
    ['b/client', 'a/db', q(5432), false],
    ['a/web', 'a/db', q(5432), false],
  ]);
  const or = engineFor(
    policy('p', 'a', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}, {podSelector: {matchLabels: {app: web}}}]}]'),
  );
  expect(or, [
    ['b/web', 'a/db', q(5432), true],
    ['b/client', 'a/db', q(5432), true],
    ['a/web', 'a/db', q(5432), true],
  ]);
});

test('rule 6: ipBlock with except, against external addresses and pod IPs; the switch turns pod IPs off', () => {
  const spec = 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}}]}]';
  const e = engineFor(policy('p', 'a', spec));
  expect(e, [
    ['10.0.5.5', 'a/db', q(5432), true],
    ['10.0.1.9', 'a/db', q(5432), false],
    ['10.1.0.1', 'a/db', q(5432), false],
    ['a/web', 'a/db', q(5432), true], // pod IP 10.0.0.1 is in the block
    ['b/client', 'a/db', q(5432), false], // pod IP 10.0.1.1 is in the except
  ]);
  const why = e.check(ep(e, 'b/client'), ep(e, 'a/db'), q(5432)).ingress.denials[0]!.rules[0]!.reasons![0];
  assert.equal(why, 'from[0]: 10.0.1.1 is in except 10.0.1.0/24 of ipBlock 10.0.0.0/16');
  const off = engineFor(policy('p', 'a', spec), { ipBlockMatchesPods: false });
  expect(off, [
    ['10.0.5.5', 'a/db', q(5432), true],
    ['a/web', 'a/db', q(5432), false],
  ]);
});

test('rule 7: ports — numbers, endPort ranges, protocols, all ports of a protocol', () => {
  const e = engineFor(
    policy(
      'p',
      'a',
      `podSelector: {}
ingress:
- ports: [{port: 8000, endPort: 8100}, {protocol: UDP, port: 53}, {protocol: SCTP}]`,
    ),
  );
  expect(e, [
    ['b/client', 'a/web', q(8000), true],
    ['b/client', 'a/web', q(8080), true],
    ['b/client', 'a/web', q(8100), true],
    ['b/client', 'a/web', q(8101), false],
    ['b/client', 'a/web', q(53, 'UDP'), true],
    ['b/client', 'a/web', q(53, 'TCP'), false],
    ['b/client', 'a/web', q(1234, 'SCTP'), true],
    ['b/client', 'a/web', q(8080, 'UDP'), false],
  ]);
  const why = e.check(ep(e, 'b/client'), ep(e, 'a/web'), q(22)).ingress.denials[0]!.rules[0]!.reasons![0];
  assert.equal(why, 'peer matches, but port 22/TCP is not in [8000-8100/TCP, 53/UDP, all SCTP ports]');
});

test('rule 7: a named port is resolved on the destination pod, for ingress and egress; never on an external address', () => {
  const ingress = engineFor(policy('p', 'a', 'podSelector: {}\ningress: [{ports: [{port: http}]}]'));
  expect(ingress, [
    ['b/client', 'a/web', q(8080), true],
    ['b/client', 'a/web', q(9090), false],
    ['b/client', 'a/db', q(8080), false],
  ]);
  const miss = ingress.check(ep(ingress, 'b/client'), ep(ingress, 'a/db'), q(8080)).ingress.denials[0]!.rules[0]!.reasons!;
  assert.ok(miss.includes("named port 'http' is not defined on the destination pod a/db"), miss.join('\n'));
  const egress = engineFor(policy('p', 'b', 'podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]\negress: [{ports: [{port: http}]}]'));
  expect(egress, [
    ['b/client', 'a/web', q(8080), true], // http is 8080 on a/web
    ['b/client', 'b/web', q(9090), true], // and 9090 on b/web
    ['b/client', 'b/web', q(8080), false],
    ['b/client', '192.0.2.1', q(8080), false],
  ]);
  const wrongNumber = egress.check(ep(egress, 'b/client'), ep(egress, 'b/web'), q(8080)).egress.denials[0]!.rules[0]!.reasons!;
  assert.ok(wrongNumber.includes("named port 'http' is 9090/TCP on the destination, not 8080"), wrongNumber.join('\n'));
  const udp = engineFor(policy('p', 'a', 'podSelector: {}\ningress: [{ports: [{port: dns, protocol: UDP}]}]'));
  expect(udp, [
    ['b/client', 'a/web', q(53, 'UDP'), true],
    ['b/client', 'a/web', q(53, 'TCP'), false],
  ]);
});

test('rule 8: label selector operators', () => {
  const e = engineFor(
    policy(
      'p',
      'a',
      `podSelector: {}
ingress:
- from:
  - namespaceSelector: {}
    podSelector:
      matchExpressions:
      - {key: app, operator: In, values: [web, client]}
      - {key: legacy, operator: DoesNotExist}
      - {key: app, operator: NotIn, values: [web]}
      - {key: app, operator: Exists}`,
    ),
  );
  expect(e, [
    ['b/client', 'a/db', q(5432), true],
    ['b/web', 'a/db', q(5432), false],
    ['a/db', 'a/web', q(8080), false],
  ]);
});

test('rule 9: namespaces carry kubernetes.io/metadata.name, declared or not', () => {
  const spec = 'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: c}}}]}]';
  const e = engineFor(
    policy('p', 'a', spec),
    {},
    'apiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: c}\nspec: {containers: [{name: c}]}\nstatus: {podIP: 10.0.2.1}\n',
  );
  expect(e, [
    ['c/x', 'a/web', q(8080), true],
    ['b/client', 'a/web', q(8080), false],
  ]);
});

test('rule 11 and 12: self, host network and node-local traffic, pods without IPs, finished pods', () => {
  const extra = `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: b, labels: {app: web}}
spec: {nodeName: n1, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 192.168.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: pending, namespace: a, labels: {app: web}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: done, namespace: a, labels: {app: web}}
spec: {containers: [{name: c}]}
status: {phase: Succeeded, podIP: 10.0.0.9}
`;
  const e = engineFor(
    policy('deny', 'a', 'podSelector: {}\npolicyTypes: [Ingress, Egress]') +
      policy('web-from-ipblock', 'b', 'podSelector: {matchLabels: {app: web}}\ningress: []') +
      policy('from-block', 'a', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}, {podSelector: {matchLabels: {app: web}}}]}]'),
    {},
    extra,
  );
  expect(e, [
    ['a/web', 'a/web', q(8080), true], // self
    ['b/agent', 'a/web', q(8080), true], // host network on the pod's node
    ['a/web', 'b/agent', q(1), true],
    ['b/agent', 'a/db', q(5432), true],
    ['b/agent', 'b/web', q(9090), false], // b/web isolated, agent's node n1 is not b/web's node n2
    ['a/pending', 'a/db', q(5432), false], // no IP and a's egress is isolated
  ]);
  assert.equal(e.check(ep(e, 'a/web'), ep(e, 'a/web'), q(8080)).ingress.reason, 'self');
  const host = e.check(ep(e, '10.0.1.1'), ep(e, 'b/agent'), q(1));
  assert.equal(host.ingress.reason, 'host-network', 'host-network pods are never selected');
  assert.equal(e.resolve('a/done'), undefined, 'Succeeded pods are gone');
  assert.equal(e.resolve('10.0.0.9')!.kind, 'external', 'their IP is no pod');
  // A pod without an IP is still selected: it is isolated.
  assert.equal(e.check(ep(e, 'a/pending'), ep(e, 'a/db'), q(5432)).egress.isolated, true);
});

test('IPv6 pods and blocks; a v4 block never matches a v6 address', () => {
  const extra = `apiVersion: v1
kind: Pod
metadata: {name: six, namespace: b, labels: {app: six}}
spec: {containers: [{name: c}]}
status: {podIPs: [{ip: "fd00::10"}, {ip: 10.0.9.9}]}
`;
  const e = engineFor(
    policy('p', 'a', 'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: "fd00::/64", except: ["fd00::/120"]}}]}]'),
    {},
    extra,
  );
  expect(e, [
    ['fd00::1:0', 'a/web', q(8080), true],
    ['fd00::5', 'a/web', q(8080), false],
    ['10.0.0.0', 'a/web', q(8080), false],
  ]);
  assert.equal(e.resolve('fd00:0::10')!.ref, 'b/six', 'an address is written canonically and resolves to its pod');
});

test('workloads stand for their pods; refs accept kind aliases', () => {
  const extra = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: b}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 7000}]}]}
`;
  const e = engineFor(policy('p', 'a', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]}]'), {}, extra);
  expect(e, [
    ['b/deployment/api', 'a/db', q(5432), true],
    ['b/deploy/api', 'a/db', q(5432), true],
  ]);
  const w = ep(e, 'b/Deployment/api');
  assert.equal(w.kind === 'workload' && w.namedPorts[0]!.port, 7000);
});

test('a workload to itself: one replica is one pod (always allowed); several replicas, or a DaemonSet, are between pods', () => {
  const workload = (kind: string, name: string, replicas: string) =>
    `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: a}\nspec:\n${replicas}  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c}]}\n---\n`;
  const extra = workload('Deployment', 'one', '') + workload('Deployment', 'three', '  replicas: 3\n') + workload('DaemonSet', 'agent', '');
  const e = engineFor(policy('deny', 'a', 'podSelector: {}\npolicyTypes: [Ingress]'), {}, extra);
  expect(e, [
    ['a/deployment/one', 'a/deployment/one', q(80), true],
    ['a/deployment/three', 'a/deployment/three', q(80), false],
    ['a/daemonset/agent', 'a/daemonset/agent', q(80), false],
  ]);
  assert.equal(e.check(ep(e, 'a/deployment/one'), ep(e, 'a/deployment/one'), q(80)).ingress.reason, 'self');
  const all = e.endpoints();
  const table = truthTable(e, all, [q(80)]);
  const at = (ref: string) => all.findIndex((x) => x.ref === ref);
  assert.deepEqual(['a/deployment/one', 'a/deployment/three', 'a/daemonset/agent'].map((r) => table.allowed(at(r), at(r), 0)), [true, false, false]);
});

test('a denial names every isolating policy and each rule, closest miss first', () => {
  const e = engineFor(
    policy('ports-only', 'a', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: nothing}}}]}, {from: [{namespaceSelector: {matchLabels: {team: b}}}], ports: [{port: 6379}]}]') +
      policy('second', 'a', 'podSelector: {}\ningress: []'),
  );
  const v = e.check(ep(e, 'b/client'), ep(e, 'a/db'), q(5432));
  assert.equal(v.allowed, false);
  assert.deepEqual(v.ingress.policies, ['a/ports-only', 'a/second']);
  const [first, second] = v.ingress.denials;
  assert.deepEqual(first!.rules.map((r) => [r.rule, r.peerMatched, r.portMatched]), [
    [1, true, false],
    [0, false, true],
  ]);
  assert.deepEqual(first!.rules[0]!.reasons, ['peer matches, but port 5432/TCP is not in [6379/TCP]']);
  assert.deepEqual(second, { policy: 'a/second', rules: [] });
});

test('NetworkPolicies are listed by namespace and name, whatever order they were given or applied in', () => {
  const zeta = policy('zeta', 'a', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}]}]');
  const alpha = policy('alpha', 'a', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{podSelector: {matchLabels: {app: client}}, namespaceSelector: {}}]}]');
  const given = engineFor(zeta + alpha);
  const applied = engineFor(zeta);
  applied.apply({ op: 'upsert', object: loadText(alpha).policies[0]! });
  // Applied again: removed and added anew, so it would go last if lists kept arrival order.
  const reapplied = engineFor(alpha + zeta);
  reapplied.apply({ op: 'upsert', object: loadText(alpha).policies[0]! });
  for (const e of [given, applied, reapplied]) {
    const allowed = e.check(ep(e, 'b/client'), ep(e, 'a/db'), q(5432));
    assert.deepEqual(allowed.ingress.allowedBy.map((r) => r.policy), ['a/alpha', 'a/zeta']);
    const denied = e.check(ep(e, '10.9.9.9'), ep(e, 'a/db'), q(5432));
    assert.deepEqual(denied.ingress.policies, ['a/alpha', 'a/zeta']);
    assert.deepEqual(denied.ingress.denials.map((d) => d.policy).sort(), ['a/alpha', 'a/zeta']);
  }
});

test('an allowed verdict names the policy, rule, peer and port entry', () => {
  const e = engineFor(policy('p', 'a', 'podSelector: {}\ningress: [{from: [{podSelector: {matchLabels: {app: x}}}, {namespaceSelector: {}}], ports: [{port: 1}, {port: 5432}]}]'));
  const v = e.check(ep(e, 'b/client'), ep(e, 'a/db'), q(5432));
  assert.deepEqual(v.ingress.allowedBy, [{ policy: 'a/p', direction: 'ingress', rule: 0, peer: 1, port: 1 }]);
  assert.equal(v.egress.reason, 'not-isolated');
});

test('a peer written the same in two policies is matched, listed and named as each policy wrote it', () => {
  // p1 lists app=client second; p2 lists it first. The two share one compiled entry.
  const e = engineFor(
    policy('p1', 'b', 'podSelector: {matchLabels: {app: web}}\ningress: [{from: [{podSelector: {matchLabels: {app: x}}}, {podSelector: {matchLabels: {app: client}}}]}]') +
      policy('p2', 'b', 'podSelector: {matchLabels: {app: client}}\ningress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]'),
  );
  const v = e.check(ep(e, 'b/client'), ep(e, 'b/web'), q(80));
  assert.deepEqual(v.ingress.allowedBy, [{ policy: 'b/p1', direction: 'ingress', rule: 0, peer: 1, port: null }]);
  const client = ep(e, 'b/client') as PodEndpoint;
  assert.deepEqual(e.peerMembers('b/p2', 'ingress', 0, 0), [client]);
  assert.deepEqual(e.peerMembers('b/p1', 'ingress', 0, 1), [client]);
  assert.deepEqual(e.peerMembers('b/p1', 'ingress', 0, 0), []);
  const allowances = allowancesOf(e, client, 'ingress')!;
  assert.deepEqual(allowances.map((a) => [a.policy, a.rule, a.peers === 'any' ? 'any' : a.peers.endpoints.map((x) => x.ref)]), [['b/p2', 0, ['b/client']]]);
});

/** A `kubectl get all -o yaml` dump: a Deployment, its ReplicaSet, its two pods, and a Deployment with no pods listed. */
const DUMP = `apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    replicas: 2
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata:
    name: web-5d8f
    namespace: shop
    ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]
  spec:
    replicas: 2
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-5d8f-a
    namespace: shop
    labels: {app: web}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: u2, controller: true}]
  spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
  status: {podIP: 10.0.0.1}
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-5d8f-b
    namespace: shop
    labels: {app: web}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: u2, controller: true}]
  spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
  status: {podIP: 10.0.0.2}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    replicas: 3
    selector: {matchLabels: {app: api}}
    template:
      metadata: {labels: {app: api}}
      spec: {containers: [{name: c, image: x}]}
`;

test('ownerReferences: live pods stand for their workload; a workload without pods in the input stands for them', () => {
  const m = loadText(DUMP, 'dump.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  const e = Engine.compile(clusterOf(m, report));
  assert.deepEqual(e.endpoints().map((x) => x.ref), ['shop/web-5d8f-a', 'shop/web-5d8f-b', 'shop/deployment/api']);
  assert.deepEqual(e.endpoints().map((x) => x.owner), ['shop/deployment/web', 'shop/deployment/web', undefined]);
  // The pods go: the Deployment (not its ReplicaSet, which it controls) stands for them again; a pod back, and it steps aside.
  e.apply({ op: 'delete', kind: 'Pod', namespace: 'shop', name: 'web-5d8f-a' });
  e.apply({ op: 'delete', kind: 'Pod', namespace: 'shop', name: 'web-5d8f-b' });
  assert.deepEqual(e.endpoints().map((x) => x.ref).sort(), ['shop/deployment/api', 'shop/deployment/web']);
  e.apply({ op: 'upsert', object: m.pods[0]! });
  assert.deepEqual(e.endpoints().map((x) => x.ref).sort(), ['shop/deployment/api', 'shop/web-5d8f-a']);
  assert.equal((e.resolve('shop/web-5d8f-a') as PodEndpoint).owner, 'shop/deployment/web');
});

test('problems belong to their endpoint: updates replace them, rebuilds keep them once, deletion removes them', () => {
  const m = loadText('apiVersion: v1\nkind: Pod\nmetadata: {name: odd, namespace: a}\nspec: {containers: [{name: c}]}\nstatus: {podIP: not-an-ip}\n', 'odd.yaml');
  const e = Engine.compile(clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION })));
  assert.equal(e.problems.length, 1);
  for (let i = 0; i < 10; i++) e.apply({ op: 'upsert', object: { ...m.pods[0]!, metadata: { ...m.pods[0]!.metadata, labels: { round: String(i) } } } });
  assert.deepEqual(e.problems.map((p) => [p.endpoint.ref, p.message]), [['a/odd', 'pod IP "not-an-ip" is not an IP address; the pod is treated as having no IP']]);
  e.apply({ op: 'upsert', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { x: 'y' } }, origin: m.pods[0]!.origin } });
  assert.equal(e.problems.length, 1, 'a namespace relabel rebuilds the pod, and keeps its problem once');
  e.apply({ op: 'delete', kind: 'Pod', namespace: 'a', name: 'odd' });
  assert.deepEqual(e.problems, []);
});

test('incremental updates: pod labels, pod removal, policy changes, namespace labels, new ipBlocks', () => {
  const e = engineFor(policy('p', 'a', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: web}}}]}]'));
  const pod = (labels: string, ip = '10.0.1.1') =>
    loadText(`apiVersion: v1\nkind: Pod\nmetadata: {name: client, namespace: b, labels: {${labels}}}\nspec: {containers: [{name: c}]}\nstatus: {podIP: ${ip}}\n`).pods[0]!;
  expect(e, [['b/client', 'a/db', q(5432), false]]);
  e.apply({ op: 'upsert', object: pod('app: web') });
  expect(e, [['b/client', 'a/db', q(5432), true]]);
  e.apply({ op: 'upsert', object: pod('app: other') });
  expect(e, [['b/client', 'a/db', q(5432), false]]);
  e.apply({ op: 'upsert', object: loadText('apiVersion: v1\nkind: Namespace\nmetadata: {name: b, labels: {team: c}}\n').namespaces[0]! });
  expect(e, [['b/web', 'a/db', q(5432), false]]);
  e.apply({ op: 'upsert', object: loadText('apiVersion: v1\nkind: Namespace\nmetadata: {name: b, labels: {team: b}}\n').namespaces[0]! });
  expect(e, [['b/web', 'a/db', q(5432), true]]);
  // A new ipBlock splits pods that shared an identity (a/web 10.0.0.1 vs a/db's neighbours).
  e.apply({
    op: 'upsert',
    object: loadText(policy('block', 'a', 'podSelector: {matchLabels: {app: db}}\ningress: [{from: [{ipBlock: {cidr: 10.0.1.1/32}}]}]')).policies[0]!,
  });
  expect(e, [
    ['b/client', 'a/db', q(5432), true],
    ['10.0.1.1', 'a/db', q(5432), true],
  ]);
  e.apply({ op: 'upsert', object: pod('app: other', '10.0.1.7') });
  expect(e, [['b/client', 'a/db', q(5432), false]]);
  e.apply({ op: 'delete', kind: 'NetworkPolicy', namespace: 'a', name: 'p' });
  e.apply({ op: 'delete', kind: 'NetworkPolicy', namespace: 'a', name: 'block' });
  expect(e, [
    ['b/client', 'a/db', q(5432), true],
    ['b/web', 'a/db', q(5432), true],
  ]);
  e.apply({ op: 'delete', kind: 'Pod', namespace: 'b', name: 'client' });
  assert.equal(e.resolve('b/client'), undefined);
});

test('the truth table agrees with single queries on every pair and port', () => {
  const e = engineFor(
    policy('deny', 'a', 'podSelector: {}\npolicyTypes: [Ingress, Egress]\negress: [{ports: [{port: http}]}]') +
      policy('web', 'a', 'podSelector: {matchLabels: {app: web}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}], ports: [{port: http}]}]') +
      policy('client', 'b', 'podSelector: {matchLabels: {app: client}}\negress: [{to: [{ipBlock: {cidr: 10.0.0.0/24}}]}]'),
    {},
    `apiVersion: v1
kind: Pod
metadata: {name: node-agent, namespace: b, labels: {app: web}}
spec: {nodeName: n1, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 192.168.0.1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: a}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}}}
`,
  );
  const endpoints = e.endpoints();
  const ports = [q(8080), q(9090), q(53, 'UDP'), q(5432)];
  const table = truthTable(e, endpoints, ports);
  ports.forEach((port, k) => {
    const { words, wordsPerRow } = table.bitMatrix(k);
    endpoints.forEach((from, i) =>
      endpoints.forEach((to, j) => {
        const expected = e.allowed(from, to, port);
        assert.equal(table.allowed(i, j, k), expected, `${from.ref} -> ${to.ref} ${port.port}`);
        assert.equal((words[i * wordsPerRow + (j >>> 5)]! & (1 << (j & 31))) !== 0, expected, `bit matrix ${from.ref} -> ${to.ref}`);
      }),
    );
  });
  endpoints.forEach((from, i) => {
    const { reaches, reachedBy } = verdictsOf(e, from, endpoints, ports);
    ports.forEach((port, k) =>
      endpoints.forEach((to, j) => {
        assert.equal(reaches[k]!.has(j), table.allowed(i, j, k), `row of ${from.ref}: -> ${to.ref} ${port.port}`);
        assert.equal(reachedBy[k]!.has(j), table.allowed(j, i, k), `column of ${from.ref}: ${to.ref} -> ${port.port}`);
      }),
    );
  });
});
