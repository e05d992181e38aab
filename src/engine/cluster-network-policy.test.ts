/**
 * ClusterNetworkPolicy's tiers and actions in the engine, one row per rule of
 * the API's semantics (apis/v1alpha2 comments): the admin tier before the
 * NetworkPolicies before the baseline tier before the default; priorities;
 * first match within a tier; Accept, Deny and Pass; subjects and peers by
 * namespace and pod labels, networks (pod IPs included) and named ports of
 * any protocol.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { clusterOf } from './cluster.js';
import { Engine, type EngineOptions } from './engine.js';
import { truthTable } from './truth-table.js';
import type { PortQuery, Protocol, SideVerdict } from './types.js';
import { clusterRuleName, ruleRefText, sideReasonText } from './verdict-words.js';

/** Namespaces a (team=a) and b (team=b); one server per namespace, one client in b. */
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

function engineFor(policies: string, opts: EngineOptions = {}): Engine {
  const m = loadText(`${BASE}---\n${policies}`, 'test.yaml');
  // The experimental channel: node and domain name peers are in it.
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: 'experimental' });
  assert.deepEqual(
    report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.object} ${d.field}: ${d.message}`),
    [],
    'test manifests must be valid',
  );
  return Engine.compile(clusterOf(m, report), opts);
}

/** A ClusterNetworkPolicy in flow style: `cnp('x', 'Admin', 10, 'subject: {namespaces: {}}', 'ingress: [...]')`. */
function cnp(name: string, tier: 'Admin' | 'Baseline', priority: number, subject: string, rules: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
  ${subject}
  ${rules}
`;
}

const ALL_NAMESPACES = 'subject: {namespaces: {}}';
const TEAM_A = 'subject: {namespaces: {matchLabels: {team: a}}}';
const FROM_B = `from: [{namespaces: {matchLabels: {team: b}}}]`;
const NP_ALLOW_B_TO_A = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-b, namespace: a}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}]}]
`;
const NP_DENY_A = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: a}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

const tcp = (port: number): PortQuery => ({ protocol: 'TCP', port });
const q = (port: number, protocol: Protocol = 'TCP'): PortQuery => ({ protocol, port });

interface Row {
  name: string;
  policies: string[];
  from?: string;
  to?: string;
  port?: PortQuery;
  opts?: EngineOptions;
  allowed: boolean;
  /** The ingress side's tier and reason. */
  tier: SideVerdict['tier'];
  reason: SideVerdict['reason'];
}

const ROWS: Row[] = [
  {
    name: 'an admin Deny beats a NetworkPolicy that allows',
    policies: [cnp('deny-b', 'Admin', 10, TEAM_A, `ingress: [{action: Deny, ${FROM_B}}]`), NP_ALLOW_B_TO_A],
    allowed: false,
    tier: 'admin',
    reason: 'denied-by-rule',
  },
  {
    name: 'an admin Accept beats a NetworkPolicy that isolates',
    policies: [cnp('accept-b', 'Admin', 10, TEAM_A, `ingress: [{action: Accept, ${FROM_B}}]`), NP_DENY_A],
    allowed: true,
    tier: 'admin',
    reason: 'allowed-by-rule',
  },
  {
    name: 'an admin Pass hands over to the NetworkPolicy that isolates',
    policies: [cnp('pass-b', 'Admin', 10, TEAM_A, `ingress: [{action: Pass, ${FROM_B}}]`), cnp('deny-all', 'Admin', 20, ALL_NAMESPACES, `ingress: [{action: Accept, ${FROM_B}}]`), NP_DENY_A],
    allowed: false,
    tier: 'namespace',
    reason: 'no-rule-matched',
  },
  {
    name: 'an admin Pass, no NetworkPolicy: the baseline tier decides',
    policies: [cnp('pass-b', 'Admin', 10, TEAM_A, `ingress: [{action: Pass, ${FROM_B}}]`), cnp('baseline-deny', 'Baseline', 10, ALL_NAMESPACES, `ingress: [{action: Deny, ${FROM_B}}]`)],
    allowed: false,
    tier: 'baseline',
    reason: 'denied-by-rule',
  },
  {
    name: 'a NetworkPolicy overrides a baseline Deny',
    policies: [cnp('baseline-deny', 'Baseline', 10, ALL_NAMESPACES, `ingress: [{action: Deny, ${FROM_B}}]`), NP_ALLOW_B_TO_A],
    allowed: true,
    tier: 'namespace',
    reason: 'allowed-by-rule',
  },
  {
    name: 'a NetworkPolicy that isolates overrides a baseline Accept',
    policies: [cnp('baseline-accept', 'Baseline', 10, ALL_NAMESPACES, `ingress: [{action: Accept, ${FROM_B}}]`), NP_DENY_A],
    allowed: false,
    tier: 'namespace',
    reason: 'no-rule-matched',
  },
  {
    name: 'a baseline Pass leaves it to the default: allowed',
    policies: [cnp('baseline-pass', 'Baseline', 1, ALL_NAMESPACES, `ingress: [{action: Pass, ${FROM_B}}]`), cnp('baseline-deny', 'Baseline', 2, ALL_NAMESPACES, `ingress: [{action: Deny, ${FROM_B}}]`)],
    allowed: true,
    tier: 'default',
    reason: 'not-isolated',
  },
  {
    name: 'the lower priority value applies first',
    policies: [cnp('z-accept', 'Admin', 5, TEAM_A, `ingress: [{action: Accept, ${FROM_B}}]`), cnp('a-deny', 'Admin', 6, TEAM_A, `ingress: [{action: Deny, ${FROM_B}}]`)],
    allowed: true,
    tier: 'admin',
    reason: 'allowed-by-rule',
  },
  {
    name: 'at the same priority, the name decides the order (deterministically)',
    policies: [cnp('b-accept', 'Admin', 5, TEAM_A, `ingress: [{action: Accept, ${FROM_B}}]`), cnp('a-deny', 'Admin', 5, TEAM_A, `ingress: [{action: Deny, ${FROM_B}}]`)],
    allowed: false,
    tier: 'admin',
    reason: 'denied-by-rule',
  },
  {
    name: 'within a policy, the first matching rule decides',
    policies: [cnp('ordered', 'Admin', 5, TEAM_A, `ingress: [{action: Accept, ${FROM_B}, protocols: [{tcp: {destinationPort: {number: 80}}}]}, {action: Deny, ${FROM_B}}]`)],
    allowed: true,
    tier: 'admin',
    reason: 'allowed-by-rule',
  },
  {
    name: 'a rule whose port does not match is skipped',
    policies: [cnp('ordered', 'Admin', 5, TEAM_A, `ingress: [{action: Accept, ${FROM_B}, protocols: [{tcp: {destinationPort: {number: 81}}}]}, {action: Deny, ${FROM_B}}]`)],
    allowed: false,
    tier: 'admin',
    reason: 'denied-by-rule',
  },
  {
    name: 'a port range matches its ends',
    policies: [cnp('range', 'Admin', 5, TEAM_A, `ingress: [{action: Deny, ${FROM_B}, protocols: [{tcp: {destinationPort: {range: {start: 70, end: 80}}}}]}]`)],
    allowed: false,
    tier: 'admin',
    reason: 'denied-by-rule',
  },
  {
    name: 'a named port matches on the protocol the pod serves it (UDP here)',
    policies: [cnp('named', 'Admin', 5, TEAM_A, `ingress: [{action: Deny, ${FROM_B}, protocols: [{destinationNamedPort: dns}]}]`)],
    port: q(53, 'UDP'),
    allowed: false,
    tier: 'admin',
    reason: 'denied-by-rule',
  },
  {
    name: 'a named port does not match the same number on another protocol',
    policies: [cnp('named', 'Admin', 5, TEAM_A, `ingress: [{action: Deny, ${FROM_B}, protocols: [{destinationNamedPort: dns}]}]`)],
    port: q(53, 'TCP'),
    allowed: true,
    tier: 'default',
    reason: 'not-isolated',
  },
  {
    name: 'a pods subject selects by namespace and pod labels',
    policies: [cnp('web-only', 'Admin', 5, 'subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}', `ingress: [{action: Deny, ${FROM_B}}]`)],
    allowed: false,
    tier: 'admin',
    reason: 'denied-by-rule',
  },
  {
    name: 'a subject that does not hold the pod leaves it alone',
    policies: [cnp('db-only', 'Admin', 5, 'subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}', `ingress: [{action: Deny, ${FROM_B}}]`)],
    allowed: true,
    tier: 'default',
    reason: 'not-isolated',
  },
  {
    name: 'a pod reaching itself is not subject to ClusterNetworkPolicy (hairpin)',
    policies: [cnp('deny-all', 'Admin', 5, ALL_NAMESPACES, `ingress: [{action: Deny, from: [{namespaces: {}}]}]`)],
    from: 'a/web',
    to: 'a/web',
    allowed: true,
    tier: 'default',
    reason: 'self',
  },
];

for (const row of ROWS) {
  test(`ClusterNetworkPolicy: ${row.name}`, () => {
    const engine = engineFor(row.policies.join('---\n'), row.opts);
    const from = engine.resolve(row.from ?? 'b/client')!;
    const to = engine.resolve(row.to ?? 'a/web')!;
    const port = row.port ?? tcp(80);
    const v = engine.check(from, to, port);
    assert.equal(v.allowed, row.allowed, JSON.stringify(v, null, 1));
    assert.equal(engine.allowed(from, to, port), row.allowed, 'allowed() agrees with check()');
    assert.equal(v.ingress.tier, row.tier);
    assert.equal(v.ingress.reason, row.reason);
  });
}

test('ClusterNetworkPolicy: the egress side denies a network, pod IPs included', () => {
  const engine = engineFor(cnp('egress-net', 'Admin', 5, 'subject: {namespaces: {matchLabels: {team: b}}}', `egress: [{action: Deny, to: [{networks: [10.0.0.0/24]}]}]`), { ipBlockMatchesPods: false });
  const v = engine.check(engine.resolve('b/client')!, engine.resolve('a/web')!, tcp(80));
  assert.equal(v.egress.reason, 'denied-by-rule');
  assert.deepEqual(v.egress.deniedBy, { policy: 'egress-net', tier: 'admin', priority: 5, action: 'deny', direction: 'egress', rule: 0, peer: 0, port: null });
  assert.equal(v.egress.tier, 'admin');
  assert.equal(v.egress.action, 'deny');
  assert.equal(engine.check(engine.resolve('b/client')!, engine.resolve('b/web')!, tcp(80)).allowed, true, '10.0.1.2 is outside the network');
});

test('ClusterNetworkPolicy: check words name the tier, policy, priority, rule name and action', () => {
  const engine = engineFor(
    [
      cnp('delegate', 'Admin', 3, TEAM_A, `ingress: [{name: to-namespace-owners, action: Pass, ${FROM_B}}]`),
      cnp('default-deny', 'Baseline', 7, ALL_NAMESPACES, `ingress: [{name: no-cross-team, action: Deny, ${FROM_B}, protocols: [{tcp: {destinationPort: {number: 80}}}]}]`),
    ].join('---\n'),
  );
  const v = engine.check(engine.resolve('b/client')!, engine.resolve('a/web')!, tcp(80));
  assert.equal(v.allowed, false);
  assert.equal(sideReasonText(v.ingress), 'passed on by the Admin tier; denied by the Baseline tier');
  assert.deepEqual(
    [...v.ingress.passedBy!, v.ingress.deniedBy!].map((r) => ruleRefText(engine, r)),
    [
      'ClusterNetworkPolicy delegate (Admin, priority 3) ingress[0] "to-namespace-owners" Pass from[0] (all pods in namespaces with team=b), any port',
      'ClusterNetworkPolicy default-deny (Baseline, priority 7) ingress[0] "no-cross-team" Deny from[0] (all pods in namespaces with team=b), protocols[0] (80/TCP)',
    ],
  );
});

test('ClusterNetworkPolicy: the truth table agrees with check on every pair and port', () => {
  const engine = engineFor(
    [
      cnp('delegate', 'Admin', 3, TEAM_A, `ingress: [{action: Pass, ${FROM_B}, protocols: [{tcp: {destinationPort: {number: 80}}}]}, {action: Deny, from: [{namespaces: {}}], protocols: [{destinationNamedPort: http}]}]`),
      cnp('baseline', 'Baseline', 7, ALL_NAMESPACES, `egress: [{action: Deny, to: [{networks: [10.0.0.0/24]}]}]`),
      NP_ALLOW_B_TO_A,
    ].join('---\n'),
  );
  const ports = [tcp(80), tcp(8080), tcp(9090), q(53, 'UDP')];
  const eps = engine.endpoints();
  const table = truthTable(engine, eps, ports);
  for (const [k, port] of ports.entries()) {
    for (const [i, from] of eps.entries()) {
      for (const [j, to] of eps.entries()) {
        assert.equal(table.allowed(i, j, k), engine.check(from, to, port).allowed, `${from.ref} → ${to.ref} on ${port.port}/${port.protocol}`);
      }
    }
  }
});

test('ClusterNetworkPolicy: updates add, replace and remove policies', () => {
  const engine = engineFor('');
  const [from, to] = [engine.resolve('b/client')!, engine.resolve('a/web')!];
  const m = loadText(cnp('deny-b', 'Admin', 10, TEAM_A, `ingress: [{action: Deny, ${FROM_B}}]`), 'change.yaml');
  const [policy] = m.clusterPolicies;
  assert.ok(policy);
  engine.apply({ op: 'upsert', object: policy });
  assert.equal(engine.allowed(from, to, tcp(80)), false);
  engine.apply({ op: 'upsert', object: { ...policy, spec: { ...policy.spec, ingress: [{ ...policy.spec.ingress![0]!, action: 'Accept' }] } } });
  assert.equal(engine.allowed(from, to, tcp(80)), true);
  assert.equal(engine.check(from, to, tcp(80)).ingress.tier, 'admin');
  engine.apply({ op: 'delete', kind: 'ClusterNetworkPolicy', name: 'deny-b' });
  assert.equal(engine.check(from, to, tcp(80)).ingress.tier, 'default');
  assert.deepEqual(engine.clusterPolicies(), []);
});

/** Nodes n1 (role=worker) and n2 (role=infra, with an ExternalIP), and a host-network agent on each. */
const NODES = `apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 172.18.0.2}, {type: Hostname, address: n1}]}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {role: infra}}
status: {addresses: [{type: InternalIP, address: 172.18.0.3}, {type: ExternalIP, address: 203.0.113.3}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent-1, namespace: b, labels: {app: agent}}
spec: {nodeName: n1, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 172.18.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: agent-2, namespace: b, labels: {app: agent}}
spec: {nodeName: n2, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 172.18.0.3}
`;
const NODE_EGRESS = (action: string, role: string) => cnp('to-nodes', 'Admin', 5, ALL_NAMESPACES, `egress: [{action: ${action}, to: [{nodes: {matchLabels: {role: ${role}}}}]}]`);

test('ClusterNetworkPolicy: a nodes peer matches the addresses of the Nodes it selects, host-network pods and ExternalIPs alike', () => {
  const engine = engineFor(`${NODES}---\n${NODE_EGRESS('Deny', 'infra')}`);
  const web = engine.resolve('a/web')!;
  const denied = engine.check(web, engine.resolve('b/agent-2')!, tcp(80));
  assert.equal(denied.allowed, false);
  assert.equal(ruleRefText(engine, denied.egress.deniedBy!), 'ClusterNetworkPolicy to-nodes (Admin, priority 5) egress[0] Deny to[0] (nodes with role=infra (n2 172.18.0.3, n2 203.0.113.3)), any port');
  assert.equal(engine.allowed(web, engine.resolve('203.0.113.3')!, tcp(443)), false, 'the ExternalIP of n2');
  assert.equal(engine.allowed(web, engine.resolve('203.0.113.4')!, tcp(443)), true, 'no node has it');
  assert.equal(engine.allowed(engine.resolve('b/client')!, engine.resolve('b/agent-1')!, tcp(80)), true, 'n1 is no infra node');
});

test('ClusterNetworkPolicy: a Node relabelled or removed changes what nodes peers match, as a fresh compile would', () => {
  const engine = engineFor(`${NODES}---\n${NODE_EGRESS('Deny', 'infra')}`);
  const [from, to] = [engine.resolve('b/client')!, engine.resolve('b/agent-1')!];
  assert.equal(engine.allowed(from, to, tcp(80)), true);
  const n1 = loadText(NODES, 'nodes.yaml').nodes.find((n) => n.metadata.name === 'n1')!;
  engine.apply({ op: 'upsert', object: { ...n1, metadata: { ...n1.metadata, labels: { role: 'infra' } } } });
  assert.equal(engine.allowed(from, to, tcp(80)), false, 'n1 is an infra node now');
  assert.equal(engine.check(from, engine.resolve('172.18.0.2')!, tcp(80)).allowed, false, 'its address too');
  engine.apply({ op: 'delete', kind: 'Node', name: 'n1' });
  assert.equal(engine.allowed(from, to, tcp(80)), true, 'without the Node object, nothing says 172.18.0.2 is a node');
});

test('ClusterNetworkPolicy: traffic with a host-network pod of the own node is the admin and baseline tiers\' to decide; NetworkPolicy always allows it', () => {
  const isolateEgress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: a}
spec: {podSelector: {}, policyTypes: [Egress]}
`;
  const [web, agent1, agent2] = ['a/web', 'b/agent-1', 'b/agent-2'];
  // a/web runs on n1: agent-1 is node-local to it, agent-2 is not.
  const isolated = engineFor(`${NODES}---\n${isolateEgress}`);
  const local = isolated.check(isolated.resolve(web)!, isolated.resolve(agent1)!, tcp(80));
  assert.deepEqual([local.allowed, local.egress.reason, local.egress.tier], [true, 'node-local', 'namespace']);
  assert.equal(isolated.allowed(isolated.resolve(web)!, isolated.resolve(agent2)!, tcp(80)), false, 'another node: the NetworkPolicy denies');

  const admin = engineFor(`${NODES}---\n${isolateEgress}---\n${NODE_EGRESS('Deny', 'worker')}`);
  const denied = admin.check(admin.resolve(web)!, admin.resolve(agent1)!, tcp(80));
  assert.deepEqual([denied.allowed, denied.egress.reason, denied.egress.tier], [false, 'denied-by-rule', 'admin']);

  const baseline = engineFor(`${NODES}---\n${cnp('to-nodes', 'Baseline', 5, ALL_NAMESPACES, `egress: [{action: Deny, to: [{nodes: {}}]}]`)}`);
  assert.equal(baseline.allowed(baseline.resolve(web)!, baseline.resolve(agent1)!, tcp(80)), false, 'not isolated: the baseline tier decides');
  const overridden = engineFor(`${NODES}---\n${isolateEgress}---\n${cnp('to-nodes', 'Baseline', 5, ALL_NAMESPACES, `egress: [{action: Deny, to: [{nodes: {}}]}]`)}`);
  assert.equal(overridden.allowed(overridden.resolve(web)!, overridden.resolve(agent1)!, tcp(80)), true, 'isolated: the NetworkPolicy tier allows it before the baseline');

  for (const engine of [isolated, admin, baseline, overridden]) {
    const eps = engine.endpoints();
    const table = truthTable(engine, eps, [tcp(80)]);
    for (const [i, from] of eps.entries()) {
      for (const [j, to] of eps.entries()) assert.equal(table.allowed(i, j, 0), engine.allowed(from, to, tcp(80)), `${from.ref} → ${to.ref}`);
    }
  }
});

test('ClusterNetworkPolicy: a verdict a domainNames rule could change is unknown, and names the rule', () => {
  const engine = engineFor(
    cnp('egress', 'Admin', 5, ALL_NAMESPACES, `egress: [{name: api, action: Accept, to: [{domainNames: [api.example.com]}], protocols: [{tcp: {destinationPort: {number: 443}}}]}, {action: Deny, to: [{networks: [0.0.0.0/0]}]}]`),
  );
  const web = engine.resolve('a/web')!;
  const v = engine.check(web, engine.resolve('8.8.8.8')!, tcp(443));
  assert.deepEqual([v.allowed, v.unknown, v.egress.reason], [false, true, 'denied-by-rule']);
  assert.deepEqual(
    v.egress.unknownBy!.map((r) => ruleRefText(engine, r)),
    ['ClusterNetworkPolicy egress (Admin, priority 5) egress[0] "api" Accept to[0] (domain names api.example.com), protocols[0] (443/TCP)'],
  );
  const otherPort = engine.check(web, engine.resolve('8.8.8.8')!, tcp(80));
  assert.deepEqual([otherPort.allowed, otherPort.unknown], [false, undefined], 'the rule is for 443 only');
  const pod = engine.check(web, engine.resolve('b/web')!, tcp(443));
  assert.deepEqual([pod.allowed, pod.unknown], [false, undefined], 'domain names stand for addresses outside the cluster');
});

test('ClusterNetworkPolicy: the rules walked past that would have decided otherwise, each with its closest miss', () => {
  const engine = engineFor(
    [
      cnp('guardrails', 'Admin', 10, TEAM_A, `ingress: [{name: from-monitoring, action: Accept, from: [{namespaces: {matchLabels: {role: monitoring}}}]}, {name: no-b, action: Deny, ${FROM_B}, protocols: [{tcp: {destinationPort: {number: 443}}}]}]`),
      cnp('default-deny', 'Baseline', 50, ALL_NAMESPACES, `ingress: [{action: Deny, ${FROM_B}}]`),
    ].join('---\n'),
  );
  const [client, web] = [engine.resolve('b/client')!, engine.resolve('a/web')!];
  const denied = engine.check(client, web, tcp(80));
  assert.deepEqual([denied.allowed, denied.ingress.tier], [false, 'baseline']);
  assert.deepEqual(
    denied.ingress.missedBy!.map((m) => [clusterRuleName(m, 'ingress'), m.peerMatched, m.portMatched, m.reasons]),
    [['ClusterNetworkPolicy guardrails (Admin, priority 10) ingress[0] "from-monitoring" Accept', false, true, ["from[0]: namespace 'b' lacks label role=monitoring (namespaceSelector role=monitoring)"]]],
    'the Deny on 443 would not have decided otherwise',
  );
  const other = engineFor(cnp('guardrails', 'Admin', 10, ALL_NAMESPACES, `ingress: [{name: no-b-443, action: Deny, ${FROM_B}, protocols: [{tcp: {destinationPort: {number: 443}}}]}]`));
  const open = other.check(other.resolve('b/client')!, other.resolve('a/web')!, tcp(80));
  assert.equal(open.allowed, true);
  assert.deepEqual(open.ingress.missedBy!.map((m) => [m.action, m.peerMatched, m.portMatched, m.reasons]), [['deny', true, false, ['peer matches, but port 80/TCP is not in [443/TCP]']]]);
});
