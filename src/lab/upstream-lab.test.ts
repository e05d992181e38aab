/**
 * The upstream e2e conformance scenarios (src/engine/conformance), this time
 * with real packets: the x/y/z model as network namespaces on three nodes,
 * each scenario's policies compiled and applied to the nodes, each step's
 * changes applied as the agent would, and every pod pair probed on the
 * step's port. The packets must match upstream's expected reachability
 * (with Palisade's one difference: a pod always reaches itself). SCTP steps
 * are skipped: this kernel has no SCTP sockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clusterOf } from '../engine/cluster.js';
import { objectOf, type Scenario } from '../engine/conformance/harness.test.helper.js';
import { modelYaml, TruthTable } from '../engine/conformance/model.js';
import { endPortCases, sctpCases, tcpCases, udpCases } from '../engine/conformance/network-policy-scenarios.test.helper.js';
import { Engine } from '../engine/engine.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { Lab } from './lab.js';
import { labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab } from './plan.js';

const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;

function clusterFrom(yaml: string) {
  const m = loadText(yaml, 'model.yaml');
  return clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION }));
}

describe('upstream e2e scenarios with real packets', { skip }, () => {
  let lab: Lab;
  before(async () => {
    lab = new Lab(planLab(clusterFrom(modelYaml()), 3), { timeoutMs: 1000 });
    lab.build();
    await lab.startAgents([]);
  });
  after(() => {
    lab.teardown();
    assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
  });

  const run = async (s: Scenario) => {
    lab.engine = Engine.compile(clusterFrom(modelYaml(s.policies)));
    lab.applyRulesets();
    for (const [i, step] of s.steps.entries()) {
      for (const c of step.changes ?? []) {
        lab.engine.apply('upsert' in c ? { op: 'upsert', object: objectOf(c.upsert) } : { op: 'delete', kind: 'NetworkPolicy', ...c.deletePolicy });
      }
      if (step.probe.protocol === 'SCTP') continue;
      lab.applyRulesets();
      const results = await lab.probeAll([], 81, { port: step.probe, podsOnly: true });
      step.expect.allowLoopback();
      const observed = new TruthTable(step.expect.pods);
      for (const r of results) observed.set(r.from, r.to, r.observed);
      const wrong = step.expect.expected.differences(observed);
      assert.deepEqual(wrong, [], `${s.name}, step ${i + 1}: packets differ from upstream's expectation on ${step.probe.protocol}/${step.probe.port}`);
      assert.deepEqual(results.filter((r) => r.observed !== r.expected), [], 'packets differ from the engine');
    }
  };

  for (const s of [...tcpCases, ...udpCases, ...sctpCases, ...endPortCases]) {
    const tcpOrUdp = s.steps.some((step) => step.probe.protocol !== 'SCTP');
    test(`packets: ${s.name}`, { skip: tcpOrUdp ? false : 'SCTP only: no SCTP sockets on this kernel' }, () => run(s));
  }
});
