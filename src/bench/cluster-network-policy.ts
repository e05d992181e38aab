/**
 * The ClusterNetworkPolicy issue's speed target: with 200 ClusterNetworkPolicies
 * in both tiers added to the 10,000-pod, 2,000-NetworkPolicy cluster, compile,
 * a check, the full truth table and a node ruleset stay within 1.5x of the
 * NetworkPolicy-only figures. Each cluster is measured by the engine and data
 * plane workers in processes of their own, the two clusters alternately, so
 * drift in the machine's load hits both alike.
 */
import { runDataplaneWorker } from './dataplane.js';
import { runSize } from './engine.js';
import { TARGET_SIZE } from './generate-cluster.js';
import { tierSplit } from './generate-cluster-policies.js';
import { median, row, verdict } from './measure.js';

const CLUSTER_POLICIES = 200;
const TARGET_RATIO = 1.5;
const ROUNDS = 5;

interface Sample {
  loadMs: number;
  compileMs: number;
  checkMedianUs: number;
  matrixMs: number;
  rulesetMs: number;
}

function sample(clusterPolicies: number): Sample {
  const e = runSize({ ...TARGET_SIZE, clusterPolicies }, true);
  const d = runDataplaneWorker([String(clusterPolicies), '--compile-only']);
  return { loadMs: e.loadMs, compileMs: e.compileMs, checkMedianUs: e.checkMedianUs, matrixMs: e.matrixMs, rulesetMs: Number(d['compileMs']) };
}

export function benchClusterNetworkPolicies(): void {
  const without: Sample[] = [];
  const withCnps: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    without.push(sample(0));
    withCnps.push(sample(CLUSTER_POLICIES));
  }
  const { admin, baseline } = tierSplit(CLUSTER_POLICIES);
  console.log(
    `\nClusterNetworkPolicy (the 10,000-pod, 2,000-policy cluster plus ${admin} admin and ${baseline} baseline ClusterNetworkPolicies;` +
      ` target: within ${TARGET_RATIO}x of NetworkPolicy only; medians of ${ROUNDS} processes each)`,
  );
  const compare = (label: string, key: keyof Sample, unit: string, digits: number, target: boolean) => {
    const np = median(without.map((s) => s[key]));
    const cnp = median(withCnps.map((s) => s[key]));
    const ratio = cnp / np;
    const met = target ? ` (${verdict(ratio, TARGET_RATIO)} <= ${TARGET_RATIO}x)` : ' (not a target figure)';
    console.log(row(label, `${cnp.toFixed(digits)} ${unit}`, `NetworkPolicy only ${np.toFixed(digits)} ${unit}: ${ratio.toFixed(2)}x${met}`));
  };
  compare('load + validate', 'loadMs', 'ms', 0, false);
  compare('compile (Engine.compile)', 'compileMs', 'ms', 0, true);
  compare('one check query, median of 20,000', 'checkMedianUs', 'us', 1, true);
  compare('every pod-by-pod verdict on 3 ports (bit matrix)', 'matrixMs', 'ms', 0, true);
  compare('compile the node ruleset (node-0, 500 pods)', 'rulesetMs', 'ms', 0, true);
}
