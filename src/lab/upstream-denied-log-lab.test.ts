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
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { deniedFlow } from '../agent/denied-flows.js';
import type { LoggedPacket } from '../agent/nflog.js';
import { countersByName, type DeniedLog } from '../dataplane/counters.js';
import type { Ruleset } from '../dataplane/ruleset.js';
import { clusterOf } from '../engine/cluster.js';
import { objectOf, type Scenario } from '../engine/conformance/harness.test.helper.js';
import { modelYaml } from '../engine/conformance/model.js';
import { endPortCases, tcpCases } from '../engine/conformance/network-policy-scenarios.test.helper.js';
import { Engine } from '../engine/engine.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { Lab, type ProbeResult } from './lab.js';
import { labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab } from './plan.js';

function tcpdumpMissing(): string | undefined {
  try {
    execFileSync('tcpdump', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'the denied-flow log needs tcpdump (install the tcpdump package)';
  }
}
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
  const logged: { node: number; packet: LoggedPacket }[] = [];
  const errors: string[] = [];
  const stops: (() => void)[] = [];
  before(async () => {
    // Under the first SYN retransmission (1 s): a dropped attempt is one packet.
    lab = new Lab(planLab(clusterFrom(modelYaml()), 3), { timeoutMs: 800 });
    lab.build();
    await lab.startAgents([]);
    lab.plan.nodes.forEach((_, i) => stops.push(lab.readNflog(i, LOG.group, (packet) => logged.push({ node: i, packet }), (e) => errors.push(e))));
    await new Promise((r) => setTimeout(r, 1000)); // tcpdump starting
  });
  after(() => {
    for (const stop of stops) stop();
    lab.teardown();
    assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
  });

  const run = async (s: Scenario) => {
    lab.engine = Engine.compile(clusterFrom(modelYaml(s.policies)));
    for (const [i, step] of s.steps.entries()) {
      for (const c of step.changes ?? []) {
        lab.engine.apply('upsert' in c ? { op: 'upsert', object: objectOf(c.upsert) } : { op: 'delete', kind: 'NetworkPolicy', ...c.deletePolicy });
      }
      if (step.probe.protocol !== 'TCP') continue;
      const rulesets = lab.applyRulesets(LOG);
      const mark = logged.length;
      const results = await lab.probeAll([], 81, { port: step.probe, podsOnly: true });
      assert.deepEqual(results.filter((r) => r.observed !== r.expected), [], 'packets differ from the engine');
      const denied = results.filter((r) => !r.expected);
      const records = await recordsAfter(mark, denied.length, rulesets);
      const where = `${s.name}, step ${i + 1}`;
      assert.deepEqual(records.sort(byPair), denied.map((r) => expectedRecord(lab.engine, r)).sort(byPair), `${where}: one record per denied probe, naming its side`);
      assert.equal(await dropsCounted(rulesets), denied.length, `${where}: the drop counters moved by the denied probes`);
    }
    assert.deepEqual(errors, []);
  };

  /** The records of what the nodes logged after `mark`, once `count` have come (or after 5 s), and a moment more for any extra. */
  const recordsAfter = async (mark: number, count: number, rulesets: Ruleset[]) => {
    const deadline = Date.now() + 5000;
    while (logged.length - mark < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    return logged.slice(mark).map(({ node, packet }) => {
      const flow = deniedFlow({ engine: lab.engine }, countersByName(rulesets[node]!.counters), packet);
      assert.ok(flow, `a logged packet the ruleset of node ${node} names: ${packet.prefix}`);
      return { from: flow.from, to: flow.to, direction: flow.direction, pod: flow.pod, deniedBy: flow.deniedBy };
    });
  };

  /** Packets counted by every deny rule and default deny, on every node. */
  const dropsCounted = async (rulesets: Ruleset[]) => {
    let total = 0;
    for (const [i, ruleset] of rulesets.entries()) {
      const known = countersByName(ruleset.counters);
      for (const k of await lab.readCounters(i)) {
        const c = known.get(k.name);
        if (c && (c.kind === 'default' || c.action === 'deny')) total += k.packets;
      }
    }
    return total;
  };

  for (const s of [...tcpCases, ...endPortCases].filter((c) => c.steps.some((step) => step.probe.protocol === 'TCP'))) {
    test(`denied-flow log: ${s.name}`, () => run(s));
  }
});

/** What the engine says denies a probe: the first side that does (egress first, as the packet walks), and the rule or default deny. */
function expectedRecord(engine: Engine, r: ProbeResult) {
  const v = engine.check(engine.resolve(r.from)!, engine.resolve(r.to)!, r.port, { reasons: false });
  const side = v.egress.allowed ? 'ingress' : 'egress';
  const rule = v[side].deniedBy;
  return { from: r.from, to: r.to, direction: side, pod: side === 'egress' ? r.from : r.to, deniedBy: rule ? { policy: rule.policy, tier: rule.tier, rule: rule.rule } : 'default deny' };
}

function byPair(a: { from: string; to: string }, b: { from: string; to: string }): number {
  return a.from.localeCompare(b.from) || a.to.localeCompare(b.to);
}
