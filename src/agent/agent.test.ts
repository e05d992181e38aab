/** The agent's reconcile loop, with a fake state source and a fake kernel: runs anywhere. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText, type Manifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { Agent } from './agent.js';
import type { StateSource } from './source.js';

const CLUSTER = `apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: n2, containers: [{name: c}]}
status: {podIP: 10.0.0.3}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
`;

class TextSource implements StateSource {
  readonly name = 'test';
  constructor(public text: string) {}
  load(): Manifests {
    return loadText(this.text, 'cluster.yaml');
  }
  watch(): () => void {
    return () => undefined;
  }
}

function setup() {
  const source = new TextSource(CLUSTER);
  const logs: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const applied: string[] = [];
  let failNext = false;
  const agent = new Agent(source, {
    node: 'n1',
    kubernetesVersion: LATEST_KUBERNETES_VERSION,
    log: (level, msg, fields = {}) => logs.push({ level, msg, fields }),
    apply: (script) => {
      if (failNext) throw new Error('nft: syntax error');
      applied.push(script);
    },
  });
  return { source, logs, applied, agent, failNext: () => (failNext = true) };
}

test('applies the node ruleset as one whole-table replacement, then only on change', () => {
  const { source, logs, applied, agent } = setup();
  assert.equal(agent.reconcile(), true);
  assert.equal(applied.length, 1);
  assert.match(applied[0]!, /^add table inet palisade\ndelete table inet palisade\n/);
  assert.match(applied[0]!, /10\.0\.0\.2 : jump in_/, 'the node-1 pod is protected');
  assert.doesNotMatch(applied[0]!, /10\.0\.0\.3 :/, 'the other node’s pod is not this node’s business');
  assert.deepEqual(logs.at(-1)!.fields['podsChanged'], ['shop/db']);
  assert.equal(typeof logs.at(-1)!.fields['compileMs'], 'number');
  assert.equal(agent.reconcile(), false);
  assert.equal(logs.at(-1)!.msg, 'no change');
  source.text = CLUSTER.replace('ports: [{port: 5432}]', 'ports: [{port: 5433}]');
  assert.equal(agent.reconcile(), true);
  assert.equal(applied.length, 2);
  assert.deepEqual(logs.at(-1)!.fields['chains'], { added: 1, removed: 1 });
});

test('input with errors keeps the last good ruleset and says why', () => {
  const { source, logs, applied, agent } = setup();
  agent.reconcile();
  source.text = CLUSTER.replace('ports: [{port: 5432}]', 'ports: [{port: 5432, protocol: tcp}]');
  assert.equal(agent.reconcile(), false);
  assert.equal(applied.length, 1);
  const error = logs.at(-1)!;
  assert.equal(error.level, 'error');
  assert.match(error.msg, /keeping the last good ruleset/);
  assert.match(String((error.fields['errors'] as string[])[0]), /cluster\.yaml:\d+:\d+: NetworkPolicy shop\/db: spec\.ingress\[0\]\.ports\[0\]\.protocol: Unsupported value: "tcp"/);
});

test('a ruleset nft refuses is reported and the last good one stays', () => {
  const { source, logs, applied, agent, failNext } = setup();
  agent.reconcile();
  failNext();
  source.text = CLUSTER.replace('app: web}}}]', 'app: web2}}}]');
  assert.equal(agent.reconcile(), false);
  assert.equal(applied.length, 1);
  assert.match(logs.at(-1)!.msg, /nft refused the ruleset/);
});

test('policies Palisade does not evaluate: the ruleset is applied, a warning names them, and the caller hears of them', () => {
  const logs: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const applied: string[] = [];
  const heard: string[][] = [];
  const source = new TextSource(`${CLUSTER}---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {}\n`);
  const agent = new Agent(source, {
    node: 'n1',
    kubernetesVersion: LATEST_KUBERNETES_VERSION,
    log: (level, msg, fields = {}) => logs.push({ level, msg, fields }),
    apply: (script) => applied.push(script),
    onIgnoredPolicies: (policies) => heard.push(policies.map((p) => `${p.kind} ${p.namespace}/${p.name}`)),
  });
  assert.equal(agent.reconcile(), true);
  assert.equal(applied.length, 1);
  const warning = logs.find((l) => l.level === 'warn')!;
  assert.match(warning.msg, /policies Palisade does not evaluate: the ruleset ignores them/);
  const line = CLUSTER.split('\n').length + 1; // after CLUSTER and the --- line
  assert.deepEqual(warning.fields['ignoredPolicies'], [`cluster.yaml:${line} CiliumNetworkPolicy shop/deny (cilium.io/v2)`]);
  assert.deepEqual(heard, [['CiliumNetworkPolicy shop/deny']]);
  source.text = CLUSTER;
  agent.reconcile();
  assert.equal(heard.length, 1, 'no longer heard once the policy is gone');
});
