/**
 * The agent with audited policies: after each round, whether it took in the
 * whole state or only the objects a watch says changed, its ruleset is the
 * one compiled afresh from the state (the enforcing chains from the cluster
 * without the audited policies, the audit chains from all of it), through a
 * policy put in audit mode, a pod relabelled into its reach, and the policy
 * switched to enforce.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rulesetText } from '../dataplane/nft-text.js';
import { compileRuleset } from '../dataplane/ruleset.js';
import { enforcedPart, hasAudited } from '../engine/cluster.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Engine } from '../engine/engine.js';
import { loadText, type Manifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { Agent } from './agent.js';
import type { ObjectChanges, StateSource } from './source.js';

const pod = (name: string, app: string, ip: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: ${app}}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 5432}]}]}
status: {podIP: ${ip}}
`;
const lockdown = (mode: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: lockdown, namespace: shop, annotations: {palisade.dev/enforcement: ${mode}}}
spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}
`;

/** The states the agent goes through, one document per object (by name) so a watch can hand only the changed ones. */
const STATES: Record<string, string>[] = [
  { web: pod('web', 'web', '10.0.0.1'), db: pod('db', 'db', '10.0.0.2') },
  { web: pod('web', 'web', '10.0.0.1'), db: pod('db', 'db', '10.0.0.2'), lockdown: lockdown('audit') },
  { web: pod('web', 'web', '10.0.0.1'), db: pod('db', 'web', '10.0.0.2'), lockdown: lockdown('audit') },
  { web: pod('web', 'web', '10.0.0.1'), db: pod('db', 'web', '10.0.0.2'), lockdown: lockdown('enforce') },
  { web: pod('web', 'web', '10.0.0.1'), db: pod('db', 'web', '10.0.0.2'), lockdown: lockdown('audit') },
  { web: pod('web', 'web', '10.0.0.1'), db: pod('db', 'db', '10.0.0.2') },
];

/** A source that, when `watching`, hands the objects that changed since the last round, as a watch does. */
class StepSource implements StateSource {
  readonly name = 'test';
  private step = 0;
  private handed = 0;
  constructor(private readonly watching: boolean) {}
  next(): void {
    this.step++;
  }
  load(): Manifests {
    this.handed = this.step;
    return loadText(Object.values(STATES[this.step]!).join('---'), 'cluster.yaml');
  }
  changes(): ObjectChanges | undefined {
    if (!this.watching) return undefined;
    const [was, is] = [STATES[this.handed]!, STATES[this.step]!];
    this.handed = this.step;
    const written = Object.keys(is).filter((k) => was[k] !== is[k]).map((k) => is[k]!);
    const deleted = Object.keys(was).filter((k) => !(k in is)).map((k) => ({ kind: k === 'lockdown' ? ('NetworkPolicy' as const) : ('Pod' as const), namespace: 'shop', name: k }));
    return { written: loadText(written.join('---'), 'changes.yaml'), deleted, ignoredPolicyChanged: false };
  }
  watch(): () => void {
    return () => undefined;
  }
}

function fresh(step: number): string {
  const cluster = clusterOfText(Object.values(STATES[step]!).join('---'));
  const audit = hasAudited(cluster) ? { audit: Engine.compile(cluster) } : {};
  return rulesetText(compileRuleset(Engine.compile(enforcedPart(cluster)), 'n1', audit));
}

for (const watching of [false, true]) {
  test(`audited policies coming, reaching a relabelled pod, enforced and gone: each ruleset as compiled afresh (${watching ? 'changes from a watch' : 'whole snapshots'})`, async () => {
    const source = new StepSource(watching);
    const agent = new Agent(source, { node: 'n1', kubernetesVersion: LATEST_KUBERNETES_VERSION, log: () => undefined, apply: () => undefined });
    for (let step = 0; step < STATES.length; step++) {
      if (step > 0) source.next();
      assert.equal(await agent.reconcile(), 'applied', `step ${step}`);
      assert.equal(rulesetText(agent.ruleset!), fresh(step), `step ${step}`);
      // A whole load drops the audit engine with the last audited policy; a watch's changes keep it, idle.
      if (!watching) assert.equal(agent.auditEngine !== undefined, step === 1 || step === 2 || step === 4, `step ${step}: an audit engine while there are audited policies`);
    }
    // Not vacuous: lockdown watches web, then (relabelled) db too, then neither when enforced.
    const watched = (step: number) => (fresh(step).match(/ : jump audit_in_/g) ?? []).length;
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(watched), [0, 1, 2, 0, 2, 0]);
  });
}
