/**
 * Issue #4's data plane figures, in a process of its own. Needs root and
 * nftables for the apply and connection figures; prints what it could
 * measure as one JSON object.
 * Usage: dataplane-worker [CLUSTER_POLICIES] [--compile-only]
 * (ClusterNetworkPolicies added to the cluster; the node ruleset's compile alone).
 */
import { NftShell } from '../agent/nft-shell.js';
import { AgentMetrics } from '../agent/metrics.js';
import { readCounters } from '../agent/nft.js';
import { replaceTableScript, updateTableScript } from '../dataplane/nft-text.js';
import { compileRuleset, NodeCompiler } from '../dataplane/ruleset.js';
import { clusterOf, enforcedPart, type Cluster } from '../engine/cluster.js';
import { Engine, type Change } from '../engine/engine.js';
import { Lab } from '../lab/lab.js';
import { addNamespace, deleteNamespace, inNamespace, labUnavailable } from '../lab/netns.js';
import { planLab } from '../lab/plan.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { generateCluster, TARGET_SIZE } from './generate-cluster.js';
import { median, timeMs } from './measure.js';

const clusterPolicies = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 0);
const figures: Record<string, number | string> = {};
const unavailable = labUnavailable();
if (unavailable) figures['skipped'] = unavailable;
// The apply, update and connection figures need the kernel.
const inKernel = !unavailable && !process.argv.includes('--compile-only');

function cluster(text: string): Cluster {
  const m = loadText(text);
  return clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION }));
}

// A node with 500 local pods in a 10,000-pod, 2,000-policy cluster.
const big = cluster(generateCluster({ ...TARGET_SIZE, clusterPolicies }));
const engine = Engine.compile(big);
let script = '';
figures['compileMs'] = timeMs(() => (script = replaceTableScript(compileRuleset(engine, 'node-0'))));
figures['localPods'] = compileRuleset(engine, 'node-0').pods.length;
figures['rulesetBytes'] = script.length;

if (inKernel) {
  const ns = `plbench${process.pid}`;
  addNamespace(ns);
  try {
    const apply = (text: string) => inNamespace(ns, 'nft', ['-f', '-'], text);
    figures['applyMs'] = timeMs(() => apply(script));
    // A /metrics scrape with the node's counters, as the agent serves it (here through `ip netns exec`, which the agent does not need).
    const metrics = new AgentMetrics(undefined, () => readCounters(['ip', 'netns', 'exec', ns, 'nft']));
    const ruleset = compileRuleset(engine, 'node-0');
    metrics.round({ outcome: 'applied', ruleset });
    const scrapes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await metrics.text();
      scrapes.push(performance.now() - started);
    }
    figures['scrapeMs'] = median(scrapes);
    figures['counters'] = ruleset.counters.length;
    // One pod relabelled, then added, as the agent takes a change: engine update, the node compiler redoes what it touched, one transaction of the changes, to an nft kept running.
    const compiler = new NodeCompiler(engine, 'node-0');
    const shell = new NftShell({ command: ['ip', 'netns', 'exec', ns, 'nft'] });
    let applied = compiler.compile();
    const update = async (change: Change) => {
      const started = performance.now();
      compiler.forget(engine.apply(change));
      const next = compiler.compile();
      await shell.apply(updateTableScript(applied, next));
      applied = next;
      return performance.now() - started;
    };
    const pod = big.pods.find((p) => p.spec.nodeName === 'node-0')!;
    const updates: number[] = [];
    for (let i = 0; i < 11; i++) {
      const changed = { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, app: `app-${i % 3}` } } };
      updates.push(await update({ op: 'upsert', object: changed }));
    }
    figures['relabelUpdateMs'] = median(updates.slice(1));
    const added = { ...pod, metadata: { ...pod.metadata, name: 'bench-added' }, status: { ...pod.status, podIP: '10.127.0.1' } };
    figures['addUpdateMs'] = await update({ op: 'upsert', object: added });
    shell.close();
  } finally {
    deleteNamespace(ns);
  }
}

// Connection set-up between two pods no policy selects: no policies, then 5,000 that select 500 other pods of the node.
if (inKernel) {
  const pair = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: bench, labels: {role: client}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.200.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: bench, labels: {role: server}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 8080}]}]}
status: {podIP: 10.200.0.2}
`;
  const others: string[] = [];
  for (let i = 0; i < 500; i++) {
    others.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: other-${i}, namespace: busy, labels: {app: app-${i % 50}, idx: "${i}"}}\nspec: {nodeName: n1, containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}\nstatus: {podIP: 10.201.${i >> 8}.${i & 255}}\n`);
  }
  for (let i = 0; i < 5_000; i++) {
    others.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p-${i}, namespace: busy}\nspec:\n  podSelector: {matchLabels: {idx: "${i % 500}"}}\n  policyTypes: [Ingress, Egress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: app-${i % 50}}}}], ports: [{port: ${1000 + (i % 3000)}}]}]\n  egress: [{to: [{ipBlock: {cidr: 172.${16 + (i % 16)}.${i % 256}.0/24}}]}]\n`);
  }
  const lab = new Lab(planLab(cluster(pair), 1), { timeoutMs: 2000 });
  try {
    lab.build();
    await lab.startAgents([{ protocol: 'TCP', port: 8080 }]);
    const busy = Engine.compile(cluster(`${pair}---\n${others.join('---\n')}`));
    const q = { protocol: 'TCP' as const, port: 8080 };
    const rate = async () => {
      await lab.connections('bench/client', '10.200.0.2', q, 300); // warm up
      const r = await lab.connections('bench/client', '10.200.0.2', q, 3000);
      if (r.ok !== 3000) throw new Error(`only ${r.ok} of 3000 connections got through`);
      return (r.ok / r.ms) * 1000;
    };
    const quietScript = replaceTableScript(compileRuleset(Engine.compile(cluster(pair)), 'n1'));
    const busyScript = replaceTableScript(compileRuleset(busy, 'n1'));
    // Alternate the two rulesets, so drift in the machine's load hits both alike.
    const quiet: number[] = [];
    const loaded: number[] = [];
    for (let round = 0; round < 4; round++) {
      lab.applyScript(0, quietScript);
      quiet.push(await rate());
      lab.applyScript(0, busyScript);
      loaded.push(await rate());
    }
    figures['connectionsPerSecondNoPolicies'] = median(quiet);
    figures['connectionsPerSecond5000Policies'] = median(loaded);
    figures['busyRulesetBytes'] = busyScript.length;

    // The server selected by a policy that allows the client: every connection counted by its rule, against the same ruleset with the counters taken out.
    const allowed = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: server, namespace: bench}
spec:
  podSelector: {matchLabels: {role: server}}
  ingress: [{from: [{podSelector: {matchLabels: {role: client}}}], ports: [{port: 8080}]}]
`;
    const counted = replaceTableScript(compileRuleset(Engine.compile(cluster(`${pair}${allowed}`)), 'n1'));
    const uncounted = counted.replace(/ counter name \S+/g, '').replace(/^\t\tcounter name ip6? [sd]addr map @\S+\n/gm, '');
    if (uncounted === counted || / counter name /.test(uncounted)) throw new Error('the counters were not taken out');
    // Everything watching at once: counters, drops logged (read by tcpdump, as the agent reads them) and an audited Admin-tier Deny that would deny every connection, so each walks an audit chain, is counted and offered to the log's limit.
    const audited = `---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: trial, annotations: {palisade.dev/enforcement: audit}}
spec:
  tier: Admin
  priority: 1
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {role: server}}}}
  ingress: [{action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {role: client}}}}]}]
`;
    const watchedCluster = cluster(`${pair}${allowed}${audited}`);
    const log = { group: 4244, perSecond: 100 };
    const watched = replaceTableScript(compileRuleset(Engine.compile(enforcedPart(watchedCluster)), 'n1', { log, audit: Engine.compile(watchedCluster) }));
    if (!watched.includes('audit_in_')) throw new Error('the audited policy gave no audit chain');
    let wouldDeny = 0;
    const stopReading = lab.readNflog(0, log.group, () => wouldDeny++, (e) => process.stderr.write(`${e}\n`));
    const withCounters: number[] = [];
    const withoutCounters: number[] = [];
    const watching: number[] = [];
    try {
      for (let round = 0; round < 4; round++) {
        lab.applyScript(0, uncounted);
        withoutCounters.push(await rate());
        lab.applyScript(0, counted);
        withCounters.push(await rate());
        lab.applyScript(0, watched);
        watching.push(await rate());
      }
    } finally {
      stopReading();
    }
    if (wouldDeny === 0) throw new Error('the audit chain logged nothing');
    figures['connectionsPerSecondCounted'] = median(withCounters);
    figures['connectionsPerSecondUncounted'] = median(withoutCounters);
    figures['connectionsPerSecondWatched'] = median(watching);
    figures['wouldDenyLogged'] = wouldDeny;
  } finally {
    lab.teardown();
  }
}

process.stdout.write(JSON.stringify(figures) + '\n');
