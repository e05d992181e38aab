/** Each side reason in words, as `check` prints them and a web UI shows them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../sources/load-text.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { clusterOf } from './cluster.js';
import { Engine } from './engine.js';
import type { SideVerdict } from './types.js';
import { denyingSideText, endpointText, onlyIsolatesText, ruleAllowsText, ruleName, ruleRefText, sideReasonText, sideVerb } from './verdict-words.js';

/**
 * In namespace locked, isolated both ways: pod a (of deployment web), and
 * host-network pods h (on a's node) and h2 (on another). In shop: b, not
 * isolated, and db, which admits b on pg.
 */
const CLUSTER = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: locked}
spec: {template: {metadata: {labels: {app: a}}, spec: {containers: [{name: c}]}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: locked
  labels: {app: a}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.0.0.1, hostIP: 192.168.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: h, namespace: locked}
spec: {nodeName: n1, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 192.168.0.1, hostIP: 192.168.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: h2, namespace: locked}
spec: {nodeName: n2, hostNetwork: true, containers: [{name: c}]}
status: {podIP: 192.168.0.2, hostIP: 192.168.0.2}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: locked}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: shop, labels: {app: b}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.1.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
status: {podIP: 10.0.1.2}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: b}}}], ports: [{port: pg}]}]
`;

const manifests = loadText(CLUSTER, 'words.yaml');
const report = validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
const engine = Engine.compile(clusterOf(manifests, report));
const verdict = (from: string, to: string) => engine.check(engine.resolve(from)!, engine.resolve(to)!, { protocol: 'TCP', port: 5432 });
const words = (side: SideVerdict) => `${sideVerb(side)}: ${sideReasonText(side)}`;

test('the cluster is valid: the verdicts below come from its policies', () => {
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('a side that no policy decides says why', () => {
  assert.equal(words(verdict('8.8.8.8', 'shop/b').egress), 'allows: an address outside the cluster has no policies');
  assert.equal(words(verdict('locked/h', 'locked/a').egress), 'allows: host-network pods are not selected by policies');
  assert.equal(words(verdict('locked/h', 'locked/a').ingress), 'allows: traffic between a pod and a host-network pod of its own node is always allowed');
  assert.equal(words(verdict('locked/a', 'locked/a').ingress), 'allows: a pod can always reach itself');
  assert.equal(words(verdict('shop/b', 'shop/db').egress), 'allows: no policy selects it for egress, so it is not isolated');
});

test('a side that rules decide names its policies, then the rules', () => {
  const allowed = verdict('shop/b', 'shop/db').ingress;
  assert.equal(words(allowed), 'allows: isolated by shop/db; allowed by');
  assert.deepEqual(
    allowed.allowedBy.map((r) => ruleRefText(engine, r)),
    ['shop/db ingress[0] from[0] (pods with app=b in namespace shop), ports[0] (pg/TCP)'],
  );

  const denied = verdict('locked/a', 'shop/db');
  assert.equal(words(denied.egress), 'denies: isolated by locked/deny, and no rule allows it');
  assert.equal(onlyIsolatesText(denied.egress.denials[0]!.policy, 'egress'), 'locked/deny: has no egress rules (it only isolates)');
  assert.equal(words(denied.ingress), 'denies: isolated by shop/db, and no rule allows it');
  assert.equal(ruleName('shop/db', 'ingress', 0), 'shop/db ingress[0]');
  assert.equal(ruleAllowsText(engine, 'shop/db', 'ingress', 0), 'from pods with app=b in namespace shop, on named port pg/TCP');
  assert.equal(denyingSideText(denied.ingress), 'ingress of shop/db (isolated by shop/db)');
});

test('a pod of a workload is named with its workload', () => {
  assert.equal(endpointText(engine.resolve('locked/a')!), 'locked/a (of deployment/web)');
  assert.equal(endpointText(engine.resolve('shop/b')!), 'shop/b');
  assert.equal(endpointText(engine.resolve('8.8.8.8')!), '8.8.8.8');
});

test('a side a ClusterNetworkPolicy rule denies is named with that rule', () => {
  const rule = { policy: 'no-egress', tier: 'admin' as const, priority: 5, action: 'deny' as const, name: 'nowhere', direction: 'egress' as const, rule: 0, peer: 0, port: null };
  assert.equal(
    denyingSideText({ direction: 'egress', endpoint: 'shop/db', policies: [], rule }),
    'egress of shop/db (ClusterNetworkPolicy no-egress (Admin, priority 5) egress[0] "nowhere" Deny)',
  );
});
