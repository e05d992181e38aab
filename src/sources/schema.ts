/**
 * The shapes of the Kubernetes types Palisade reads, for type-checking
 * decoded documents the way the API server's JSON decoder does, and for
 * strict field validation (unknown fields). Only NetworkPolicy and object
 * metadata are closed; pod specs and statuses are open, since Palisade reads
 * a few of their many fields and must not warn about the rest.
 */
export type Schema = (
  | { t: 'string' }
  | { t: 'int32' }
  | { t: 'bool' }
  | { t: 'intOrString' }
  | { t: 'any' }
  | { t: 'map'; values: Schema }
  | { t: 'list'; items: Schema }
  | { t: 'object'; fields: Record<string, Schema>; open?: boolean }
) & {
  /** A non-pointer field in Go: when absent or null it decodes to its zero value ("", 0, {}), never to nothing. */
  zero?: true;
};

const string: Schema = { t: 'string' };
const int32: Schema = { t: 'int32' };
const bool: Schema = { t: 'bool' };
const any: Schema = { t: 'any' };
const stringMap: Schema = { t: 'map', values: string };
const list = (items: Schema): Schema => ({ t: 'list', items });
const closed = (fields: Record<string, Schema>): Schema => ({ t: 'object', fields });
const open = (fields: Record<string, Schema>): Schema => ({ t: 'object', fields, open: true });
const nonPointer = (schema: Schema): Schema => ({ ...schema, zero: true });

const ownerReference = closed({
  apiVersion: nonPointer(string),
  kind: nonPointer(string),
  name: nonPointer(string),
  uid: nonPointer(string),
  controller: bool,
  blockOwnerDeletion: bool,
});

export const objectMeta = closed({
  name: string,
  generateName: string,
  namespace: string,
  selfLink: string,
  uid: string,
  resourceVersion: string,
  generation: any,
  creationTimestamp: any,
  deletionTimestamp: any,
  deletionGracePeriodSeconds: any,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: list(ownerReference),
  finalizers: list(string),
  managedFields: any,
});

const labelSelector = closed({
  matchLabels: stringMap,
  matchExpressions: list(closed({ key: nonPointer(string), operator: nonPointer(string), values: list(string) })),
});

const policyPorts = list(closed({ protocol: string, port: { t: 'intOrString' }, endPort: int32 }));
const policyPeers = list(
  closed({
    podSelector: labelSelector,
    namespaceSelector: labelSelector,
    ipBlock: closed({ cidr: nonPointer(string), except: list(string) }),
  }),
);

export const networkPolicy = closed({
  apiVersion: string,
  kind: string,
  metadata: objectMeta,
  spec: closed({
    podSelector: nonPointer(labelSelector),
    ingress: list(closed({ ports: policyPorts, from: policyPeers })),
    egress: list(closed({ ports: policyPorts, to: policyPeers })),
    policyTypes: list(string),
  }),
});

const container = open({
  name: nonPointer(string),
  restartPolicy: string,
  ports: list(open({ name: string, containerPort: nonPointer(int32), protocol: string, hostPort: int32 })),
});

const podSpec = open({
  nodeName: string,
  hostNetwork: bool,
  containers: nonPointer(list(container)),
  initContainers: list(container),
});

export const pod = open({
  apiVersion: string,
  kind: string,
  metadata: objectMeta,
  spec: podSpec,
  status: open({ phase: string, podIP: string, podIPs: list(open({ ip: nonPointer(string) })) }),
});

export const namespace = open({ apiVersion: string, kind: string, metadata: objectMeta });

const podTemplate = open({ metadata: objectMeta, spec: podSpec });

/** Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job. */
export const workload = open({
  apiVersion: string,
  kind: string,
  metadata: objectMeta,
  spec: open({ replicas: int32, template: podTemplate }),
});

export const cronJob = open({
  apiVersion: string,
  kind: string,
  metadata: objectMeta,
  spec: open({ jobTemplate: open({ spec: open({ template: podTemplate }) }) }),
});

/**
 * A policy of a network-policy-api CRD (ClusterNetworkPolicy, AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy): the spec is left to the CRD's own schema
 * (validation/policy-crd.ts), which reports wrong types as kube-apiserver does.
 */
export const policyCrd = closed({ apiVersion: string, kind: string, metadata: objectMeta, spec: any, status: any });

export const node = open({
  apiVersion: string,
  kind: string,
  metadata: objectMeta,
  spec: open({ podCIDR: string, podCIDRs: list(string) }),
  status: open({ addresses: list(open({ type: nonPointer(string), address: nonPointer(string) })) }),
});
