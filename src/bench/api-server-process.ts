/**
 * A test API server in a process of its own, for the live benchmarks: the
 * process measured (a CLI run, an agent) then pays only for its own work and
 * memory. Driven over IPC: `{ load: ClusterSize }` fills it with a generated
 * cluster and answers `{ kubeconfig }`; `{ relabel: { node, count } }`
 * relabels pods of a node, one write each, and answers `{ relabelled }`.
 */
import { parseAllDocuments } from 'yaml';
import { TestApiServer, type ApiObject } from '../lab/test-api-server.js';
import { generateCluster, type ClusterSize } from './generate-cluster.js';

type Message = { load: ClusterSize } | { relabel: { node: string; count: number } };

const server = await TestApiServer.start({ crds: ['policy.networking.k8s.io/v1alpha2/clusternetworkpolicies'] });
const pods: ApiObject[] = [];
/** Each node's pods, as last written. */
const byNode = new Map<string, ApiObject[]>();
let flips = 0;

process.on('message', (m: Message) => {
  if ('load' in m) {
    for (const doc of parseAllDocuments(generateCluster(m.load))) {
      const object = doc.toJS() as ApiObject;
      server.create(object);
      if (object.kind === 'Pod') pods.push(object);
    }
    process.send!({ kubeconfig: server.writeKubeconfig({ context: 'bench' }) });
  } else {
    const { node, count } = m.relabel;
    let local = byNode.get(node);
    if (!local) byNode.set(node, (local = pods.filter((p) => (p['spec'] as { nodeName?: string }).nodeName === node)));
    for (let i = 0; i < count; i++) {
      // Pods in turn, each flipped between its own tier and another one: every write changes what selects the pod.
      const at = flips % local.length;
      const pod = local[at]!;
      const labels = pod.metadata['labels'] as Record<string, string>;
      const changed = { ...pod, metadata: { ...pod.metadata, labels: { ...labels, tier: labels['tier'] === 'relabelled' ? 'web' : 'relabelled' } } };
      server.update(changed);
      local[at] = changed;
      flips++;
    }
    process.send!({ relabelled: m.relabel.count });
  }
});
process.on('disconnect', () => void server.stop().then(() => process.exit(0)));
process.send!({ ready: true });
