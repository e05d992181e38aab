/**
 * The node ruleset's counters in the kernel: after real connections in the
 * lab, each policy rule's counter holds exactly the connections it allowed
 * (the first packet of each: the rest are established), each isolated pod's
 * default-deny counter exactly the connection attempts no rule allowed, and
 * /metrics gives the same numbers with the policy's and the pod's names.
 * Needs root and nftables, like the lab.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentMetrics } from '../agent/metrics.js';
import { compileRuleset } from '../dataplane/ruleset.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Engine } from '../engine/engine.js';
import { Lab } from './lab.js';
import { labUnavailable } from './netns.js';
import { planLab } from './plan.js';
import { SHOP, SHOP_PORT } from './shop.test.helper.js';

const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;

const CLUSTER = SHOP;

const PORT = SHOP_PORT;

test('counters in the kernel move by exactly the connections each rule allowed and each default deny dropped; /metrics names them', { skip }, async () => {
  const cluster = clusterOfText(CLUSTER, 'cluster.yaml');
  // Under the first SYN retransmission (1 s): a dropped attempt is one packet.
  const lab = new Lab(planLab(cluster, 1), { timeoutMs: 600 });
  try {
    lab.build();
    lab.applyRulesets();
    await lab.startAgents([PORT]);
    const probe = async (from: string, times: number) => {
      const results = await lab.probePairs(Array.from({ length: times }, () => ({ from, to: 'shop/db', port: PORT })), 1);
      return results.map((r) => r.outcome);
    };
    assert.deepEqual(await probe('shop/web', 3), ['answered', 'answered', 'answered']);
    assert.deepEqual(await probe('shop/other', 2), ['timeout', 'timeout']);

    const counters = await lab.readCounters(0);
    const count = (comment: string) => counters.find((c) => c.comment === comment);
    assert.equal(count('shop/db ingress[0] allow')?.packets, 3, 'one packet per allowed connection');
    assert.equal(count('shop/db ingress default-deny')?.packets, 2, 'one packet per dropped attempt');
    assert.ok(count('shop/db ingress default-deny')!.bytes > 0);
    assert.equal(count('shop/web ingress default-deny'), undefined, 'web is not isolated: no default deny');

    const ruleset = compileRuleset(Engine.compile(cluster), 'n1');
    const metrics = new AgentMetrics(undefined, () => lab.readCounters(0));
    metrics.round({ outcome: 'applied', ruleset });
    const text = await metrics.text();
    assert.match(text, /^palisade_rule_packets_total\{namespace="shop",policy="db",tier="namespace",direction="ingress",rule="0",action="allow"\} 3$/m);
    assert.match(text, /^palisade_default_deny_packets_total\{namespace="shop",pod="db",direction="ingress"\} 2$/m);
    assert.match(text, /^palisade_default_deny_bytes_total\{namespace="shop",pod="db",direction="ingress"\} [1-9]\d*$/m);
  } finally {
    lab.teardown();
  }
});
