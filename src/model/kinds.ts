/**
 * The registry of the kinds Palisade reads: one entry per kind holds what
 * the rest of Palisade asks about it. The API's names and versions for it,
 * whether it lives in a namespace, the schema its documents are decoded
 * against and the typed object they make, how kube-apiserver validates it,
 * the bucket of `Manifests` and `Cluster` it lands in, and when the engine
 * takes it. Loading, validation, the cluster snapshot, the agent's changes
 * and `palisade get` consult this table instead of listing kinds, so a new
 * kind is its model type, schema and validator, plus one entry here.
 *
 * The table ties the stages of the flow together, so it imports from
 * sources (schemas) and validation (validators); they import only types
 * from the model, so no module cycle arises.
 */
import { effectivePolicyTypes } from '../engine/policy-types.js';
import { isPlainObject } from '../sources/decode.js';
import * as schemas from '../sources/schema.js';
import type { Schema } from '../sources/schema.js';
import type { FieldError } from '../validation/field-error.js';
import type { ValidationRules } from '../validation/kubernetes-version.js';
import { validateNamespaceObject } from '../validation/namespace.js';
import { validateAdminNetworkPolicyObject, validateBaselineAdminNetworkPolicyObject } from '../validation/admin-network-policy.js';
import { validateClusterNetworkPolicyObject } from '../validation/cluster-network-policy-object.js';
import { validateNetworkPolicyObject } from '../validation/network-policy.js';
import { validateNodeObject } from '../validation/node.js';
import { validatePodObject } from '../validation/pod.js';
import { validateWorkloadObject } from '../validation/workload.js';
import { FieldPath } from './field-path.js';
import { writtenPodIPs, type AdminNetworkPolicy, type BaselineAdminNetworkPolicy, type ClusterNetworkPolicy, type ClusterNetworkPolicySubject, type KubeObject, type Node, type Namespace, type NetworkPolicy, type ObjectMeta, type Origin, type Pod, type PodStatus, type PodTemplateSpec, type TieredPolicy, type Workload, type WorkloadKind } from './objects.js';
import { labelsText, selectorText } from './selector-text.js';

export type Kind = KubeObject['kind'];

/** The model type of a kind: `Pod` for 'Pod', `Workload` for every workload kind. */
export type ObjectOf<K extends Kind> = KubeObject extends infer O ? (O extends { kind: infer Of } ? (K extends Of ? O : never) : never) : never;

/** The objects of a snapshot, by bucket; an entry says which bucket its kind lands in. */
export interface Buckets {
  namespaces: Namespace[];
  nodes: Node[];
  pods: Pod[];
  workloads: Workload[];
  policies: NetworkPolicy[];
  clusterPolicies: ClusterNetworkPolicy[];
  /** The v1alpha1 predecessors of ClusterNetworkPolicy: AdminNetworkPolicies and the BaselineAdminNetworkPolicy. */
  adminPolicies: (AdminNetworkPolicy | BaselineAdminNetworkPolicy)[];
}

/** The bucket whose list holds objects of type O. */
type BucketOf<O> = { [B in keyof Buckets]: O extends Buckets[B][number] ? B : never }[keyof Buckets];

/** What every object gets whatever its kind, before its entry builds the rest. */
export interface ObjectBase {
  apiVersion: string;
  metadata: ObjectMeta;
  origin: Origin;
}

/** A typed object, and the required part its document lacks, if any: an error that makes the object refused. */
export interface Built<O> {
  object: O;
  missing?: { path: FieldPath; message: string };
}

export interface KindEntry<O extends KubeObject = KubeObject> {
  /** The API's plural resource name (`networkpolicies`), as URLs and kubectl spell it. */
  resource: string;
  /** kubectl's short names (`netpol`). */
  shortNames: readonly string[];
  /** The versions the API serves it under; an object keeps the one its document names. */
  apiVersions: readonly string[];
  /** Groups that served it once (NetworkPolicy in `extensions`): a version there is an error, not another product's kind. */
  formerGroups?: readonly string[];
  namespaced: boolean;
  /** What its documents are type-checked against, as the API server's decoder does. */
  schema: Schema;
  /** The typed object from its decoded document (fields of the wrong type already dropped). */
  build(document: Record<string, unknown>, base: ObjectBase): Built<O>;
  /** As kube-apiserver validates it on create. */
  validate(object: O, rules: ValidationRules): FieldError[];
  bucket: BucketOf<O>;
  /**
   * Its place in the order the engine takes a cluster, lowest first (as
   * Engine.compile does: namespaces, policies, then workloads and pods);
   * clusterChanges hands the engine changes in this order.
   */
  engineOrder: number;
  /** The DETAILS column of `palisade get`. */
  details(object: O): string;
}

const specOf = (document: Record<string, unknown>) => (document['spec'] ?? {}) as Record<string, unknown>;

const TEMPLATE = FieldPath.root('spec', 'template');

/** A workload kind: a controller whose pod template (at `templatePath`) stands for its pods. */
function workload(
  kind: WorkloadKind,
  names: { resource: string; shortNames: readonly string[] },
  apiVersion: string,
  schema: Schema = schemas.workload,
  templatePath: FieldPath = TEMPLATE,
): KindEntry<Workload> {
  return {
    ...names,
    apiVersions: [apiVersion],
    namespaced: true,
    schema,
    build(document, base) {
      const spec = specOf(document);
      const template = valueAt(document, templatePath) as Partial<PodTemplateSpec> | undefined;
      const object: Workload = {
        ...base,
        kind,
        ...(typeof spec['replicas'] === 'number' ? { replicas: spec['replicas'] } : {}),
        template: { metadata: template?.metadata ?? {}, spec: { containers: [], ...template?.spec } },
        templatePath,
      };
      return template ? { object } : { object, missing: { path: templatePath, message: 'Required value: a workload needs a pod template' } };
    },
    validate: validateWorkloadObject,
    bucket: 'workloads',
    engineOrder: 2,
    details: (w) => `replicas: ${w.replicas ?? 1}  labels: ${labelsText(w.template.metadata.labels)}`,
  };
}

function valueAt(document: Record<string, unknown>, path: FieldPath): unknown {
  let value: unknown = document;
  for (const segment of path.segments) value = isPlainObject(value) && typeof segment === 'string' ? value[segment] : undefined;
  return value;
}

/** Every kind Palisade reads. */
export const KINDS: { readonly [K in Kind]: KindEntry<ObjectOf<K>> } = {
  Namespace: {
    resource: 'namespaces',
    shortNames: ['ns'],
    apiVersions: ['v1'],
    namespaced: false,
    schema: schemas.namespace,
    build: (_, base) => ({ object: { ...base, kind: 'Namespace' } }),
    validate: validateNamespaceObject,
    bucket: 'namespaces',
    engineOrder: 0,
    details: (ns) => `labels: ${labelsText(ns.metadata.labels)}`,
  },
  Pod: {
    resource: 'pods',
    shortNames: ['po'],
    apiVersions: ['v1'],
    namespaced: true,
    schema: schemas.pod,
    build: (document, base) => ({
      object: { ...base, kind: 'Pod', spec: { containers: [], ...specOf(document) }, status: (document['status'] ?? {}) as PodStatus },
    }),
    validate: validatePodObject,
    bucket: 'pods',
    engineOrder: 3,
    details: (pod) => `ip: ${writtenPodIPs(pod).join(',') || '<no IP>'}  labels: ${labelsText(pod.metadata.labels)}`,
  },
  Deployment: workload('Deployment', { resource: 'deployments', shortNames: ['deploy'] }, 'apps/v1'),
  StatefulSet: workload('StatefulSet', { resource: 'statefulsets', shortNames: ['sts'] }, 'apps/v1'),
  DaemonSet: workload('DaemonSet', { resource: 'daemonsets', shortNames: ['ds'] }, 'apps/v1'),
  ReplicaSet: workload('ReplicaSet', { resource: 'replicasets', shortNames: ['rs'] }, 'apps/v1'),
  ReplicationController: workload('ReplicationController', { resource: 'replicationcontrollers', shortNames: ['rc'] }, 'v1'),
  Job: workload('Job', { resource: 'jobs', shortNames: [] }, 'batch/v1'),
  CronJob: workload('CronJob', { resource: 'cronjobs', shortNames: ['cj'] }, 'batch/v1', schemas.cronJob, FieldPath.root('spec', 'jobTemplate', 'spec', 'template')),
  NetworkPolicy: {
    resource: 'networkpolicies',
    shortNames: ['netpol'],
    apiVersions: ['networking.k8s.io/v1'],
    formerGroups: ['extensions'],
    namespaced: true,
    schema: schemas.networkPolicy,
    build: (document, base) => ({ object: { ...base, kind: 'NetworkPolicy', spec: { podSelector: {}, ...specOf(document) } } }),
    validate: validateNetworkPolicyObject,
    bucket: 'policies',
    engineOrder: 1,
    details: (np) => `pods: ${selectorText(np.spec.podSelector)}  types: ${effectivePolicyTypes(np.spec).join(',')}`,
  },
  ClusterNetworkPolicy: {
    resource: 'clusternetworkpolicies',
    shortNames: ['cnp'],
    apiVersions: ['policy.networking.k8s.io/v1alpha2'],
    namespaced: false,
    schema: schemas.policyCrd,
    // The spec is kept as written: the CRD's schema, not a decoder, checks its types (see validation/cluster-network-policy.ts).
    build: (document, base) => ({ object: { ...base, kind: 'ClusterNetworkPolicy', spec: specOf(document) as unknown as ClusterNetworkPolicy['spec'] } }),
    validate: validateClusterNetworkPolicyObject,
    bucket: 'clusterPolicies',
    engineOrder: 1,
    details: (cnp) => `tier: ${String(cnp.spec.tier)}  priority: ${String(cnp.spec.priority)}  subject: ${subjectText(cnp.spec.subject)}`,
  },
  AdminNetworkPolicy: {
    resource: 'adminnetworkpolicies',
    shortNames: ['anp'],
    apiVersions: ['policy.networking.k8s.io/v1alpha1'],
    namespaced: false,
    schema: schemas.policyCrd,
    build: (document, base) => ({ object: { ...base, kind: 'AdminNetworkPolicy', spec: specOf(document) as unknown as AdminNetworkPolicy['spec'] } }),
    validate: validateAdminNetworkPolicyObject,
    bucket: 'adminPolicies',
    engineOrder: 1,
    details: (anp) => `priority: ${String(anp.spec.priority)}  subject: ${subjectText(anp.spec.subject)}`,
  },
  BaselineAdminNetworkPolicy: {
    resource: 'baselineadminnetworkpolicies',
    shortNames: ['banp'],
    apiVersions: ['policy.networking.k8s.io/v1alpha1'],
    namespaced: false,
    schema: schemas.policyCrd,
    build: (document, base) => ({ object: { ...base, kind: 'BaselineAdminNetworkPolicy', spec: specOf(document) as unknown as BaselineAdminNetworkPolicy['spec'] } }),
    validate: validateBaselineAdminNetworkPolicyObject,
    bucket: 'adminPolicies',
    engineOrder: 1,
    details: (banp) => `subject: ${subjectText(banp.spec.subject)}`,
  },
  Node: {
    resource: 'nodes',
    shortNames: ['no'],
    apiVersions: ['v1'],
    namespaced: false,
    schema: schemas.node,
    build: (document, base) => ({ object: { ...base, kind: 'Node', spec: specOf(document) as Node['spec'], status: (document['status'] ?? {}) as Node['status'] } }),
    validate: validateNodeObject,
    bucket: 'nodes',
    engineOrder: 0,
    details: (node) => `addresses: ${(node.status.addresses ?? []).map((a) => a.address).join(',') || '<none>'}  labels: ${labelsText(node.metadata.labels)}`,
  },
};

/** A cluster-wide policy's subject in a line; the spec is as written, so any part may be missing. */
function subjectText(subject: ClusterNetworkPolicySubject | undefined): string {
  if (subject?.namespaces) return `namespaces ${selectorText(subject.namespaces)}`;
  if (subject?.pods) return `pods ${selectorText(subject.pods.podSelector ?? {})} in namespaces ${selectorText(subject.pods.namespaceSelector ?? {})}`;
  return '<none>';
}

export function isKind(kind: string): kind is Kind {
  return Object.hasOwn(KINDS, kind);
}

/** The entry of an object's kind; an object of a kind the registry lacks is a bug, never guessed at. */
export function entryOf<O extends KubeObject>(object: O): KindEntry<O> {
  if (!isKind(object.kind)) throw new Error(`kind "${String(object.kind)}" has no entry in the registry of kinds (src/model/kinds.ts)`);
  // Sound: KINDS maps each kind to the entry of its own object type.
  return KINDS[object.kind] as unknown as KindEntry<O>;
}

/** Whether an object lands in a bucket, narrowing it to that bucket's type. */
export function inBucket<B extends keyof Buckets>(object: KubeObject, bucket: B): object is Buckets[B][number] {
  return entryOf(object).bucket === bucket;
}

/** Whether an object is a policy of any kind Palisade evaluates. */
export function isPolicy(object: KubeObject): object is NetworkPolicy | TieredPolicy {
  return inBucket(object, 'policies') || inBucket(object, 'clusterPolicies') || inBucket(object, 'adminPolicies');
}

/** The bucket a kind's objects land in; an unknown kind is a bug, never guessed at. */
export function bucketOf(kind: string): keyof Buckets {
  if (!isKind(kind)) throw new Error(`kind "${kind}" has no entry in the registry of kinds (src/model/kinds.ts)`);
  return KINDS[kind].bucket;
}

/** Deployment, StatefulSet, …: the kinds that land among the workloads. */
export const WORKLOAD_KINDS = (Object.keys(KINDS) as Kind[]).filter((k) => KINDS[k].bucket === 'workloads') as readonly WorkloadKind[];

/** A snapshot with nothing in it. Its keys are the buckets, in the order `palisade get` lists them. */
export function emptyBuckets(): Buckets {
  return { namespaces: [], nodes: [], pods: [], workloads: [], policies: [], clusterPolicies: [], adminPolicies: [] };
}

export const BUCKETS = Object.keys(emptyBuckets()) as readonly (keyof Buckets)[];

/** Every object, bucket by bucket. */
export function objectsOf(buckets: Buckets): KubeObject[] {
  return BUCKETS.flatMap((b): KubeObject[] => buckets[b]);
}

/** The objects `keep` keeps, in their buckets. */
export function filterBuckets(buckets: Buckets, keep: (o: KubeObject) => boolean): Buckets {
  return Object.fromEntries(BUCKETS.map((b) => [b, (buckets[b] as KubeObject[]).filter(keep)])) as unknown as Buckets;
}

/** `networking.k8s.io/v1` → `networking.k8s.io`; the core group (`v1`) is ''. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether a document of `kind` in API `group` is the Kubernetes kind the
 * registry reads, in a version or not: a group it is or was served under, or
 * no group (no apiVersion at all, or `v1`). Another group's kind of the same
 * name is another product's.
 */
export function isKindInItsGroups(kind: string, group: string): boolean {
  if (!isKind(kind)) return false;
  const entry = KINDS[kind];
  return group === '' || entry.apiVersions.some((v) => apiGroupOf(v) === group) || (entry.formerGroups ?? []).includes(group);
}
