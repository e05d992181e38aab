/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1) in the engine:
 * on the ClusterNetworkPolicy tiers, with v1alpha1's words (`Allow`,
 * `ports`), its port forms, its order beside ClusterNetworkPolicies of the
 * same tier, and updates.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { clusterOf } from './cluster.js';
import { Engine } from './engine.js';
import type { PortQuery } from './types.js';
import { ruleRefText, sideReasonText } from './verdict-words.js';

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
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: b, labels: {app: client}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.1.1}
`;

const anp = (name: string, priority: number, ingress: string) => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${priority}
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
${ingress}`;

const banp = (ingress: string) => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
${ingress}`;

const cnp = (name: string, tier: string, priority: number, ingress: string) => `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
${ingress}`;

/** Isolates a/web for ingress, allowing nothing. */
const NP_DENY = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress]}`;

const FROM_B = `from: [{namespaces: {matchLabels: {team: b}}}]`;

function engineFor(...docs: string[]): Engine {
  const m = loadText([BASE, ...docs].join('\n---\n'), 'test.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: 'experimental' });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.object} ${d.field}: ${d.message}`), []);
  return Engine.compile(clusterOf(m, report));
}

const TCP = (port: number): PortQuery => ({ protocol: 'TCP', port });

function ingress(engine: Engine, q: PortQuery = TCP(8080)) {
  return engine.check(engine.resolve('b/client')!, engine.resolve('a/web')!, q).ingress;
}

test('an AdminNetworkPolicy Allow overrides a NetworkPolicy that isolates, and the reasons name it in v1alpha1 words', () => {
  const engine = engineFor(NP_DENY, anp('allow-b', 5, `  - {name: from-b, action: Allow, ${FROM_B}, ports: [{portNumber: {protocol: TCP, port: 8080}}]}`));
  const side = ingress(engine);
  assert.equal(side.allowed, true);
  assert.equal(side.tier, 'admin');
  assert.equal(sideReasonText(side), 'accepted by the Admin tier');
  assert.equal(ruleRefText(engine, side.allowedBy[0]!), 'AdminNetworkPolicy allow-b (Admin, priority 5) ingress[0] "from-b" Allow from[0] (all pods in namespaces with team=b), ports[0] (8080/TCP)');
  assert.equal(ingress(engine, TCP(80)).allowed, false, 'another port: the NetworkPolicy decides');
});

test('Pass hands over to the NetworkPolicies, then to the BaselineAdminNetworkPolicy when none isolates', () => {
  const pass = anp('pass-b', 1, `  - {action: Pass, ${FROM_B}}`);
  const baselineDeny = banp(`  - {name: no-b, action: Deny, ${FROM_B}}`);
  const denied = ingress(engineFor(pass, baselineDeny));
  assert.equal(denied.allowed, false);
  assert.equal(denied.tier, 'baseline');
  assert.deepEqual(denied.passedBy?.map((r) => r.policy), ['AdminNetworkPolicy/pass-b']);
  assert.equal(denied.deniedBy?.policy, 'BaselineAdminNetworkPolicy/default');
  const npAllow = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-b, namespace: a}
spec: {podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}]}]}`;
  const allowed = ingress(engineFor(pass, baselineDeny, npAllow));
  assert.equal(allowed.allowed, true);
  assert.equal(allowed.tier, 'namespace', 'a NetworkPolicy that isolates decides; the baseline is not asked');
});

test('the BaselineAdminNetworkPolicy has no priority in words, and comes after every Baseline ClusterNetworkPolicy', () => {
  const engine = engineFor(banp(`  - {action: Deny, ${FROM_B}}`), cnp('allow-b', 'Baseline', 1000, `  - {action: Accept, ${FROM_B}}`));
  const side = ingress(engine);
  assert.equal(side.allowed, true, 'the ClusterNetworkPolicy, at the priority the BaselineAdminNetworkPolicy is ordered as, first');
  assert.equal(side.allowedBy[0]!.policy, 'allow-b');
  const alone = ingress(engineFor(banp(`  - {action: Deny, ${FROM_B}}`)));
  assert.equal(ruleRefText(engineFor(banp(`  - {action: Deny, ${FROM_B}}`)), alone.deniedBy!), 'BaselineAdminNetworkPolicy default (Baseline) ingress[0] Deny from[0] (all pods in namespaces with team=b), any port');
});

test('at equal priority a ClusterNetworkPolicy comes before an AdminNetworkPolicy, whatever the names; one name may be both kinds', () => {
  const engine = engineFor(anp('same', 3, `  - {action: Deny, ${FROM_B}}`), cnp('same', 'Admin', 3, `  - {action: Accept, ${FROM_B}}`));
  assert.deepEqual(engine.clusterPolicies().map((p) => p.ref).sort(), ['AdminNetworkPolicy/same', 'same']);
  assert.equal(ingress(engine).allowed, true);
  const lower = engineFor(anp('zzz', 2, `  - {action: Deny, ${FROM_B}}`), cnp('aaa', 'Admin', 3, `  - {action: Accept, ${FROM_B}}`));
  assert.equal(ingress(lower).allowed, false, 'a lower priority still comes first');
});

test('port forms: portNumber, portRange (inclusive), TCP when no protocol is written, namedPort on the destination whatever its protocol', () => {
  const engine = engineFor(
    NP_DENY,
    anp('ports', 1, `  - {action: Allow, ${FROM_B}, ports: [{portNumber: {protocol: UDP, port: 5353}}, {portRange: {protocol: TCP, start: 9000, end: 9010}}, {namedPort: dns}, {portNumber: {port: 7000}}]}`),
  );
  assert.equal(ingress(engine, { protocol: 'UDP', port: 5353 }).allowed, true);
  assert.equal(ingress(engine, TCP(5353)).allowed, false);
  assert.equal(ingress(engine, TCP(9000)).allowed, true);
  assert.equal(ingress(engine, TCP(9010)).allowed, true);
  assert.equal(ingress(engine, TCP(9011)).allowed, false);
  assert.equal(ingress(engine, { protocol: 'UDP', port: 53 }).allowed, true, 'dns is 53/UDP on a/web');
  assert.equal(ingress(engine, TCP(53)).allowed, false);
  assert.equal(ingress(engine, TCP(7000)).allowed, true);
  assert.equal(ingress(engine, { protocol: 'UDP', port: 7000 }).allowed, false);
});

test('entries v1alpha1 takes but that match nothing: a protocol that is not TCP, UDP or SCTP, a range that ends before it starts', () => {
  const engine = engineFor(anp('odd', 1, `  - {action: Deny, ${FROM_B}, ports: [{portNumber: {protocol: ICMP, port: 8080}}, {portRange: {protocol: TCP, start: 9000, end: 8000}}]}`));
  for (const port of [8080, 8500, 9000]) assert.equal(ingress(engine, TCP(port)).allowed, true, `${port}/TCP is not denied`);
  // Nor do they add ports of interest, or break the truth table.
  assert.deepEqual(engine.portsOfInterest().map((q) => `${q.port}/${q.protocol}`), ['8080/TCP', '53/UDP']);
});

test('updates: an AdminNetworkPolicy written, changed and deleted, as a fresh engine answers', () => {
  const engine = engineFor(NP_DENY);
  const written = loadText(anp('allow-b', 5, `  - {action: Allow, ${FROM_B}}`), 'update.yaml').adminPolicies[0]!;
  engine.apply({ op: 'upsert', object: written });
  assert.equal(ingress(engine).allowed, true);
  const changed = loadText(anp('allow-b', 5, `  - {action: Deny, ${FROM_B}}`), 'update.yaml').adminPolicies[0]!;
  engine.apply({ op: 'upsert', object: changed });
  assert.equal(ingress(engine).allowed, false);
  assert.equal(ingress(engine).tier, 'admin');
  engine.apply({ op: 'delete', kind: 'AdminNetworkPolicy', name: 'allow-b' });
  assert.equal(ingress(engine).tier, 'namespace');
  assert.equal(engine.policy('AdminNetworkPolicy/allow-b'), undefined);
});
