/**
 * The benchmark's ClusterNetworkPolicies must cost what real ones cost: valid
 * against the standard CRD (an invalid one is left out of the engine and
 * would cost nothing), and selecting pods with every subject and pod peer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { DIRECTIONS } from '../engine/types.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { generateCluster } from './generate-cluster.js';
import { tierSplit } from './generate-cluster-policies.js';

// 200 namespaces make 20 teams, a count prime to the 3 envs: every team has a namespace of each env, so every team's prod data stores exist.
const m = loadText(generateCluster({ namespaces: 200, pods: 4_000, policies: 400, clusterPolicies: 40 }), 'generated.yaml');
const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: 'standard' });
const engine = Engine.compile(clusterOf(m, report));

test('generated clusters validate clean, ClusterNetworkPolicies included', () => {
  assert.deepEqual(
    report.diagnostics.map((d) => `${d.object} ${d.field}: ${d.message}`),
    [],
  );
  const tiers = engine.clusterPolicies().map((p) => p.tier);
  assert.deepEqual(
    { admin: tiers.filter((t) => t === 'admin').length, baseline: tiers.filter((t) => t === 'baseline').length },
    tierSplit(40),
  );
});

test("every ClusterNetworkPolicy's subject and pod peers select pods", () => {
  const endpoints = engine.endpoints();
  const empty: string[] = [];
  for (const policy of engine.clusterPolicies()) {
    for (const direction of DIRECTIONS) {
      const rules = policy.rules[direction];
      if (rules.length > 0 && !endpoints.some((ep) => engine.sidePolicyRefs(ep, direction).includes(policy.ref))) empty.push(`${policy.ref} ${direction} subject`);
      for (const rule of rules) {
        for (const peer of rule.peers ?? []) {
          if (!peer.blocks && engine.peerMembers(policy.ref, direction, rule.index, peer.index).length === 0) empty.push(`${policy.ref} ${direction}[${rule.index}] peer ${peer.index}`);
        }
      }
    }
  }
  assert.deepEqual(empty, []);
});
