/**
 * The cluster a network-policy-api conformance suite runs in, as Palisade
 * objects: what `kubectl get namespaces,pods,nodes -o yaml` would show after
 * the suite's Setup applied its base/manifests.yaml (each version's own, as
 * vendored with it: ./cnp-suite/, ./anp-suite/) and its StatefulSets rolled
 * out.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 *
 * - Namespaces: as in the manifest, plus the `kubernetes.io/metadata.name`
 *   label the API server adds.
 * - Pods: each StatefulSet's replicas, `<name>-0`, `<name>-1`, with the
 *   template's labels, the labels the StatefulSet controller adds
 *   (`statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`)
 *   and the template's spec (containers with their ports, commands, env).
 *   Replica i runs on node-(i+1). Pods get 10.244.<node>.<n> (n: the
 *   namespace's place in the manifest, 1..4); host-network pods (centaur-*)
 *   get their node's IP, and their container ports get hostPort =
 *   containerPort, as the API server defaults them.
 * - Nodes: node-1 and node-2, labelled `kubernetes.io/os: linux`,
 *   `kubernetes.io/arch: amd64` and `kubernetes.io/hostname`, with an
 *   InternalIP (172.18.0.2, 172.18.0.3, as kind would give) and a pod CIDR.
 *
 * How this differs from a real cluster running the suite:
 * - Placement and addresses are fixed here; the scheduler and the network
 *   plugin choose them in a real cluster (any placement is possible there,
 *   e.g. harry-potter-1 and centaur-1 on one node, as here, or not; the two
 *   centaur pods cannot share a node: they bind the same host ports).
 * - IPv4 only; a dual-stack cluster gives pods an IPv6 address too, and
 *   upstream's policies list ::/0 next to 0.0.0.0/0 for it.
 * - No StatefulSets, no controller-revision-hash label, no ownerReferences, no
 *   pod conditions, no defaulted fields beyond those said above; no
 *   control-plane node, no other system pods or namespaces (kube-system, …),
 *   no Services.
 * - Nothing listens: in a real cluster the agnhost containers serve 80, 8080
 *   (TCP), 53, 5353 (UDP), 9003, 9005 (SCTP) and the centaur containers their
 *   HostNetworkPorts, though the pod specs (copied here as they are) declare
 *   only some of them (80 `web`, 53 `dns`, centaur's TCP and UDP ports). Every
 *   upstream poke goes to a port a server listens on, so upstream's expected
 *   values are about policy only.
 */
import { parseAllDocuments } from 'yaml';
import type { Manifest, ModelInfo, PodName } from './upstream-suite.test.helper.js';

export interface ModelNode {
  name: string;
  internalIP: string;
  podCIDR: string;
}

export const MODEL_NODES: readonly ModelNode[] = [
  { name: 'node-1', internalIP: '172.18.0.2', podCIDR: '10.244.1.0/24' },
  { name: 'node-2', internalIP: '172.18.0.3', podCIDR: '10.244.2.0/24' },
];

function object(value: unknown, what: string): Manifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not an object`);
  return value as Manifest;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is not a string`);
  return value;
}

/** The documents of base/manifests.yaml (templates rendered). */
function baseManifests(text: string): Manifest[] {
  return parseAllDocuments(text).map((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`base/manifests.yaml document ${i}: ${doc.errors[0]!.message}`);
    return object(doc.toJS(), `base/manifests.yaml document ${i}`);
  });
}

function nodeManifest(node: ModelNode): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux' },
    },
    spec: { podCIDR: node.podCIDR, podCIDRs: [node.podCIDR] },
    status: {
      addresses: [
        { type: 'InternalIP', address: node.internalIP },
        { type: 'Hostname', address: node.name },
      ],
    },
  };
}

interface Built {
  objects: Manifest[];
  ips: Map<PodName, string>;
}

function build(manifestsText: string): Built {
  const docs = baseManifests(manifestsText);
  const namespaces = docs.filter((d) => d['kind'] === 'Namespace');
  const nsIndex = new Map(namespaces.map((ns, i) => [str(object(ns['metadata'], 'metadata')['name'], 'namespace name'), i + 1]));
  const objects: Manifest[] = namespaces.map((ns) => {
    const metadata = object(ns['metadata'], 'metadata');
    const name = str(metadata['name'], 'namespace name');
    const labels = { ...object(metadata['labels'] ?? {}, 'labels'), 'kubernetes.io/metadata.name': name };
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { ...metadata, labels } };
  });
  objects.push(...MODEL_NODES.map(nodeManifest));

  const ips = new Map<PodName, string>();
  for (const sts of docs.filter((d) => d['kind'] === 'StatefulSet')) {
    const metadata = object(sts['metadata'], 'StatefulSet metadata');
    const stsName = str(metadata['name'], 'StatefulSet name');
    const namespace = str(metadata['namespace'], `StatefulSet ${stsName} namespace`);
    const spec = object(sts['spec'], `StatefulSet ${stsName} spec`);
    const template = object(spec['template'], `StatefulSet ${stsName} template`);
    const templateLabels = object(object(template['metadata'], 'template metadata')['labels'], 'template labels');
    const templateSpec = object(template['spec'], 'template spec');
    const hostNetwork = templateSpec['hostNetwork'] === true;
    const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const n = nsIndex.get(namespace);
    if (n === undefined) throw new Error(`StatefulSet ${stsName}: namespace ${namespace} is not in the manifest`);
    for (let i = 0; i < replicas; i++) {
      const name = `${stsName}-${i}`;
      const node = MODEL_NODES[i % MODEL_NODES.length]!;
      const ip = hostNetwork ? node.internalIP : `${node.podCIDR.split('.').slice(0, 3).join('.')}.${n}`;
      const podSpec = structuredClone(templateSpec);
      if (hostNetwork) {
        for (const c of podSpec['containers'] as Manifest[]) {
          for (const p of (c['ports'] ?? []) as Manifest[]) p['hostPort'] ??= p['containerPort'];
        }
      }
      ips.set(`${namespace}/${name}`, ip);
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace,
          labels: { ...templateLabels, 'apps.kubernetes.io/pod-index': String(i), 'statefulset.kubernetes.io/pod-name': name },
        },
        spec: { ...podSpec, nodeName: node.name },
        status: {
          phase: 'Running',
          hostIP: node.internalIP,
          hostIPs: [{ ip: node.internalIP }],
          podIP: ip,
          podIPs: [{ ip }],
        },
      });
    }
  }
  return { objects, ips };
}

/** A suite's model cluster: what its Setup makes of its base/manifests.yaml. */
export interface SuiteModel {
  /** The model's Namespaces, Nodes and Pods, as plain manifests; a fresh copy each call (mutations may change them). */
  objects(): Manifest[];
  /** Every pod of the model, `namespace/name`. */
  pods(): PodName[];
  info: ModelInfo;
}

/** Built once per file text. */
const models = new Map<string, SuiteModel>();

/** The model of a suite, from its vendored files (base/manifests.yaml). */
export function suiteModel(files: Readonly<Record<string, string>>): SuiteModel {
  const text = files['base/manifests.yaml'];
  if (text === undefined) throw new Error('the vendored files have no base/manifests.yaml');
  let model = models.get(text);
  if (!model) {
    let built: Built | undefined;
    const get = (): Built => (built ??= build(text));
    model = {
      objects: () => structuredClone(get().objects),
      pods: () => [...get().ips.keys()],
      info: {
        podIP(pod: PodName): string {
          const ip = get().ips.get(pod);
          if (ip === undefined) throw new Error(`pod ${pod} is not in the model`);
          return ip;
        },
      },
    };
    models.set(text, model);
  }
  return model;
}
