/**
 * Turns pods and workloads into endpoints (rule 12): pods in phase Succeeded
 * or Failed are gone; a workload's pod template stands for its pods, with no
 * IP; named ports come from containers and sidecar init containers.
 */
import { writtenPodIPs, type Labels, type Namespace, type Pod, type PodSpec, type Workload } from '../model/objects.js';
import { parseAddress } from './ip.js';
import { controllerOf, workloadRef } from './owners.js';
import type { NamedPort, PodEndpoint, PortQuery, Protocol } from './types.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A namespace's labels as selectors see them: its own plus the automatic name label (rule 9). */
export function namespaceLabels(name: string, ns: Namespace | undefined): Labels {
  return { ...ns?.metadata.labels, [NAMESPACE_NAME_LABEL]: name };
}

export function isTerminated(pod: Pod): boolean {
  return pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
}

export interface EndpointProblem {
  endpoint: PodEndpoint;
  message: string;
}

export function podEndpoint(pod: Pod, problems: EndpointProblem[] = []): PodEndpoint {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const endpoint: PodEndpoint = {
    kind: 'pod',
    ref: `${namespace}/${name}`,
    namespace,
    name,
    labels: pod.metadata.labels ?? {},
    ips: [],
    hostNetwork: pod.spec.hostNetwork === true,
    ...portsOf(pod.spec),
    ...(pod.spec.nodeName ? { node: pod.spec.nodeName } : {}),
  };
  const controller = controllerOf(pod.metadata);
  if (controller) endpoint.controller = controller;
  for (const text of writtenPodIPs(pod)) {
    const address = parseAddress(text);
    if (address) {
      if (!endpoint.ips.includes(address.text)) endpoint.ips.push(address.text);
    } else {
      problems.push({ endpoint, message: `pod IP "${text}" is not an IP address; the pod is treated as having no IP` });
    }
  }
  return endpoint;
}

export function workloadEndpoint(w: Workload): PodEndpoint {
  const namespace = w.metadata.namespace ?? 'default';
  const name = w.metadata.name ?? '';
  return {
    kind: 'workload',
    ref: workloadRef(namespace, w.kind, name),
    namespace,
    name,
    labels: w.template.metadata.labels ?? {},
    ips: [],
    hostNetwork: w.template.spec.hostNetwork === true,
    ...portsOf(w.template.spec),
    // DaemonSets, Jobs and CronJobs run as many pods as nodes or runs call for.
    ...(SCALED_KINDS.includes(w.kind) ? { replicas: w.replicas ?? 1 } : {}),
  };
}

const SCALED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/**
 * Whether an endpoint is a single pod: a pod, or a workload that runs exactly
 * one (replicas: 1). Its traffic to itself is then a pod's to itself, which
 * no policy blocks; a workload of several pods to itself is between replicas.
 */
export function isOnePod(ep: PodEndpoint): boolean {
  return ep.kind === 'pod' || ep.replicas === 1;
}

/** The ports of the containers, and of init containers that keep running beside them (sidecars): every one, and those with a name. */
function portsOf(spec: PodSpec): { namedPorts: NamedPort[]; servedPorts: PortQuery[] } {
  const namedPorts: NamedPort[] = [];
  const servedPorts: PortQuery[] = [];
  const add = (c: PodSpec['containers'][number]) => {
    for (const p of c.ports ?? []) {
      const protocol = (p.protocol ?? 'TCP') as Protocol;
      servedPorts.push({ protocol, port: p.containerPort });
      if (p.name) namedPorts.push({ name: p.name, protocol, port: p.containerPort });
    }
  };
  for (const c of spec.containers) add(c);
  for (const c of spec.initContainers ?? []) if (c.restartPolicy === 'Always') add(c);
  return { namedPorts, servedPorts };
}
