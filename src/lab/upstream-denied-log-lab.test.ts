/**
 * The denied-flow log on the upstream e2e scenarios (src/engine/conformance),
 * with real packets on the x/y/z model's three nodes: each scenario's TCP
 * steps compiled with logging on, every pod pair probed, and then every
 * probe the engine denies is exactly one logged drop, read from its node's
 * NFLOG group as the agent reads it, naming the side the engine names (the
 * source's egress or the destination's ingress, and its pod); allowed
 * probes log nothing; and the nodes' drop counters add up to exactly the
 * denied probes. Needs root, nftables and tcpdump.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DeniedLog } from '../dataplane/counters.js';
import { clusterOf } from '../engine/cluster.js';
import { objectOf, type Scenario } from '../engine/conformance/harness.test.helper.js';
import { modelYaml } from '../engine/conformance/model.js';
import { endPortCases, tcpCases } from '../engine/conformance/network-policy-scenarios.test.helper.js';
import { Engine } from '../engine/engine.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { byPair, DeniedRecorder, dropsCounted, expectedRecord, tcpdumpMissing } from './denied-records.test.helper.js';
import { Lab } from './lab.js';
import { labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab } from './plan.js';

const unavailable = labUnavailable() ?? tcpdumpMissing();
const skip = unavailable ? `skipped: ${unavailable}` : false;

/** High enough that no probe of a step goes unlogged. */
const LOG: DeniedLog = { group: 4243, perSecond: 10_000 };

function clusterFrom(yaml: string) {
  const m = loadText(yaml, 'model.yaml');
  return clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION }));
}

describe('upstream e2e scenarios: each denied probe is one denied-flow record, naming the side the engine names', { skip }, () => {
  let lab: Lab;
  let recorder: DeniedRecorder;
  before(async () => {
    // Under the first SYN retransmission (1 s): a dropped attempt is one packet.
    lab = new Lab(planLab(clusterFrom(modelYaml()), 3), { timeoutMs: 800 });
    lab.build();
    await lab.startAgents([]);
    recorder = new DeniedRecorder(lab, LOG);
    await recorder.start();
  });
  after(() => {
    recorder.stop();
    lab.teardown();
    assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
    assert.deepEqual(recorder.errors, []);
  });

  const run = async (s: Scenario) => {
    lab.engine = Engine.compile(clusterFrom(modelYaml(s.policies)));
    for (const [i, step] of s.steps.entries()) {
      for (const c of step.changes ?? []) {
        lab.engine.apply('upsert' in c ? { op: 'upsert', object: objectOf(c.upsert) } : { op: 'delete', kind: 'NetworkPolicy', ...c.deletePolicy });
      }
      if (step.probe.protocol !== 'TCP') continue;
      const rulesets = lab.applyRulesets(LOG);
      const mark = recorder.mark();
      const results = await lab.probeAll([], 81, { port: step.probe, podsOnly: true });
      assert.deepEqual(results.filter((r) => r.observed !== r.expected), [], 'packets differ from the engine');
      const denied = results.filter((r) => !r.expected);
      const records = await recorder.recordsSince(mark, denied.length, rulesets, lab.engine);
      const where = `${s.name}, step ${i + 1}`;
      assert.deepEqual(records.sort(byPair), denied.map((r) => expectedRecord(lab.engine, r.from, r.to, r.port)).sort(byPair), `${where}: one record per denied probe, naming its side`);
      assert.equal(await dropsCounted(lab, rulesets), denied.length, `${where}: the drop counters moved by the denied probes`);
    }
  };

  for (const s of [...tcpCases, ...endPortCases].filter((c) => c.steps.some((step) => step.probe.protocol === 'TCP'))) {
    test(`denied-flow log: ${s.name}`, () => run(s));
  }
});
