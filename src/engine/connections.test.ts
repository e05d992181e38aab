/** allowedPorts and connectionList against the engine's single-port answer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { clusterOf } from './cluster.js';
import { allowedPorts, connectionList } from './connections.js';
import { Engine } from './engine.js';
import type { PortSet } from './port-set.js';
import { PROTOCOLS, type Endpoint, type PortQuery } from './types.js';

/** Named ports served differently, endPort ranges, ipBlocks with excepts, UDP and SCTP, a host-network pod on a pod's node, a workload. */
const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
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
metadata: {name: web2, namespace: a, labels: {app: web}}
spec:
  nodeName: n2
  containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]
status: {podIP: 10.0.0.5}
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
metadata: {name: agent, namespace: a, labels: {app: agent}}
spec:
  nodeName: n1
  hostNetwork: true
  containers: [{name: c}]
status: {podIP: 192.168.0.1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: a}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 8000}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: a}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: http}, {port: 7000, endPort: 7100, protocol: SCTP}]
  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
    ports: [{port: 80}, {port: 81}, {port: 79}, {port: dns, protocol: UDP}]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}, {ipBlock: {cidr: 172.16.0.0/12, except: [172.16.5.0/24]}}]
    ports: [{port: pg}, {port: 1000, endPort: 2000}, {protocol: UDP}]
  - to: [{podSelector: {}}]
    ports: [{port: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: a}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 1500, endPort: 5432}]
`;

function compile(): Engine {
  const m = loadText(CLUSTER, 'test.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
  return Engine.compile(clusterOf(m, report));
}

/** Every port the cluster names, its neighbours, the ends of the range, and a few others. */
function probes(): PortQuery[] {
  const numbers = new Set([1, 2, 65534, 65535, 12345]);
  for (const n of [53, 79, 80, 81, 1000, 1500, 2000, 5432, 7000, 7100, 8000, 8080, 9090]) for (const d of [-1, 0, 1]) numbers.add(n + d);
  return PROTOCOLS.flatMap((protocol) => [...numbers].map((port) => ({ protocol, port })));
}

function contains(set: PortSet, q: PortQuery): boolean {
  return (set[q.protocol] ?? []).some(([lo, hi]) => lo <= q.port && q.port <= hi);
}

test('allowedPorts holds exactly the ports engine.check allows, for every pair and outside addresses', () => {
  const engine = compile();
  const outside: Endpoint[] = ['8.8.8.8', '10.9.9.9', '172.16.5.7', '172.20.0.1', '2001:db8::1'].map((ip) => ({ kind: 'external', ref: ip, ip }));
  const all: Endpoint[] = [...engine.endpoints(), ...outside];
  let allowed = 0;
  for (const from of all) {
    for (const to of all) {
      if (from.kind === 'external' && to.kind === 'external') continue;
      const set = allowedPorts(engine, from, to);
      for (const q of probes()) {
        const expected = engine.check(from, to, q).allowed;
        allowed += Number(expected);
        assert.equal(contains(set, q), expected, `${from.ref} → ${to.ref} on ${q.port}/${q.protocol}`);
      }
    }
  }
  assert.ok(allowed > 0);
});

test('connectionList: one line per allowed pair, ports merged, the outside cut at ipBlock bounds', () => {
  const engine = compile();
  const list = connectionList(engine, engine.endpoints());
  const line = (from: string, to: string) => list.find((c) => c.from === from && c.to === to)?.connections;
  assert.equal(line('a/web', 'a/db'), 'TCP 1500-2000,5432', 'both sides: web egress 1000-2000 and pg, db ingress 1500-5432');
  assert.equal(line('a/deployment/api', 'a/web'), 'SCTP 7000-7100,TCP 8080');
  assert.equal(line('a/deployment/api', 'a/web2'), 'SCTP 7000-7100,TCP 9090', 'a named port is resolved on each destination');
  assert.equal(line('a/db', 'a/web'), undefined, 'web allows only api and outside addresses in');
  assert.equal(line('a/agent', 'a/web'), 'All Connections', 'a host-network pod of the same node');
  assert.equal(line('a/agent', 'a/web2'), 'TCP 79-81', 'on another node its traffic carries the node address, which the ipBlock holds');
  assert.equal(line('0.0.0.0-9.255.255.255', 'a/web'), 'TCP 79-81,UDP 53');
  assert.equal(line('11.0.0.0-255.255.255.255', 'a/web'), 'TCP 79-81,UDP 53');
  assert.equal(line('10.0.0.0/8', 'a/web'), undefined, 'the except');
  assert.equal(line('a/web', '172.16.0.0-172.16.4.255'), 'TCP 1000-2000,UDP 1-65535', 'a named port never matches an address');
  assert.equal(line('a/db', '0.0.0.0/0'), 'All Connections');
  assert.equal(line('a/web', 'a/web'), undefined, 'no line from an endpoint to itself');
  for (const c of list) {
    for (const q of probes()) {
      if (c.fromKind === 'external' || c.toKind === 'external') continue;
      assert.equal(contains(c.ports, q), engine.check(engine.resolve(c.from)!, engine.resolve(c.to)!, q).allowed, `${c.from} → ${c.to} ${q.port}/${q.protocol}`);
    }
  }
  const focused = connectionList(engine, engine.endpoints(), { focus: engine.resolve('a/db') as never });
  assert.ok(focused.length > 0 && focused.every((c) => c.from === 'a/db' || c.to === 'a/db'));
  assert.deepEqual(focused, list.filter((c) => c.from === 'a/db' || c.to === 'a/db'));
});
