/**
 * Real packets on random clusters: the property tests' generators (which
 * repeat peers, rules and whole policies across policies and namespaces)
 * build a few clusters each run, the lab builds them as network namespaces,
 * and every probe must agree with the engine. Each run takes new seeds;
 * `PALISADE_LAB_SEED` replays one, and a failure prints the seed and the
 * cluster as YAML.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dump } from 'js-yaml';
import type { Cluster } from '../engine/cluster.js';
import { portQueryText } from '../engine/ports.js';
import { clusterArb } from '../reference/arbitraries.js';
import { Lab } from './lab.js';
import { labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab, probePorts } from './plan.js';

const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;
const CLUSTERS = Number(process.env['PALISADE_LAB_CLUSTERS'] ?? 6);
const FIRST_SEED = Number(process.env['PALISADE_LAB_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

function yamlOf(cluster: Cluster): string {
  return [...cluster.namespaces, ...cluster.pods, ...cluster.workloads, ...cluster.policies]
    .map(({ origin: _origin, ...o }) => dump(o, { noRefs: true, lineWidth: 200 }))
    .join('---\n');
}

for (let i = 0; i < CLUSTERS; i++) {
  const seed = FIRST_SEED + i;
  // Both ipBlock settings, by the seed's parity, so that a replayed seed replays its setting too.
  const ipBlockMatchesPods = seed % 2 === 0;
  test(`lab: random cluster, seed ${seed}, ipBlock matches pods: ${ipBlockMatchesPods}`, { skip }, async (t) => {
    const [cluster] = fc.sample(clusterArb, { seed, numRuns: 1 });
    const lab = new Lab(planLab(cluster!, 2), { ipBlockMatchesPods, timeoutMs: 1000 });
    try {
      lab.build();
      lab.applyRulesets();
      const { probed } = probePorts(lab.portsOfInterest());
      await lab.startAgents(probed);
      const results = await lab.probeAll(probed);
      const wrong = results
        .filter((r) => r.observed !== r.expected)
        .map((r) => `${r.from} → ${r.to} ${portQueryText(r.port)}: engine says ${r.expected ? 'allowed' : 'denied'}, packets were ${r.observed ? 'delivered' : 'blocked'}`);
      t.diagnostic(`${results.length} probes, ${wrong.length} difference(s)`);
      assert.deepEqual(wrong, [], `replay with PALISADE_LAB_SEED=${seed} PALISADE_LAB_CLUSTERS=1; the cluster:\n${yamlOf(cluster!)}`);
    } finally {
      lab.teardown();
    }
    assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
  });
}
