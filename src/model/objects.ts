/**
 * Kubernetes objects as Palisade reads them: the fields of the v1 API that
 * matter for NetworkPolicy, with the API's names and optionality. Values are
 * as decoded (type-checked, not yet validated).
 */
import type { FieldPath } from './field-path.js';
import { isKind, KINDS } from './kinds.js';

export interface Position {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/**
 * Where a field is, as messages name it: a position in a file or, for an
 * object read from an API server, the object (`cluster:NetworkPolicy/shop/deny`
 * in `file`) with no line.
 */
export type Place = Position | { file: string; line?: undefined; column?: undefined };

/** Where an object came from; `locate` finds any of its fields there. */
export type Origin = FileOrigin | ApiOrigin;

/** Read from a file. `kind` may be left out: a plain `{ file, locate }` is a file origin. */
export interface FileOrigin {
  readonly kind?: 'file';
  readonly file: string;
  /** Read from a text laid over the files before it (the UI's editor): see `InputFile.overlay`. */
  readonly overlay?: boolean;
  locate(path: FieldPath): Position;
}

/** Read from an API server (a list or a watch). There is no text, so every field is placed at the object. */
export interface ApiOrigin {
  readonly kind: 'api';
  /** The kubeconfig context it was read through, when known. */
  readonly context?: string;
  /** The API server's URL, when known. */
  readonly server?: string;
  /** The object's `metadata.resourceVersion` as read: which version of it the answer saw. */
  readonly resourceVersion?: string;
  locate(path: FieldPath): Place;
}

/** The origin of an object an API server returned: its fields are placed at `cluster:Kind/namespace/name`. */
export function apiOrigin(
  object: { kind: string; namespace?: string | undefined; name: string },
  from: Pick<ApiOrigin, 'context' | 'server' | 'resourceVersion'> = {},
): ApiOrigin {
  const place = { file: `cluster:${[object.kind, object.namespace, object.name].filter(Boolean).join('/')}` };
  return { kind: 'api', ...from, locate: () => place };
}

/** `file:line:column` (`file:line` when `column` is false), or only `file` where there is no line (an API object). */
export function placeText(place: { file: string; line?: number | undefined; column?: number | undefined }, { column = true } = {}): string {
  if (place.line === undefined) return place.file;
  return column ? `${place.file}:${place.line}:${place.column}` : `${place.file}:${place.line}`;
}

export type Labels = Record<string, string>;

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Labels;
  annotations?: Labels;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}

/** An object this one belongs to, such as the ReplicaSet of a pod. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  /** At most one owner is the managing controller. */
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: LabelSelectorRequirement[];
}

export type IntOrString = number | string;

export interface NetworkPolicyPort {
  protocol?: string;
  port?: IntOrString;
  endPort?: number;
}

export interface IPBlock {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyIngressRule {
  ports?: NetworkPolicyPort[];
  from?: NetworkPolicyPeer[];
}

export interface NetworkPolicyEgressRule {
  ports?: NetworkPolicyPort[];
  to?: NetworkPolicyPeer[];
}

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  ingress?: NetworkPolicyIngressRule[];
  egress?: NetworkPolicyEgressRule[];
  policyTypes?: string[];
}

/** ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2), as its CRD defines it. */
export type ClusterPolicyTier = 'Admin' | 'Baseline';
export type ClusterPolicyAction = 'Accept' | 'Deny' | 'Pass';

/** Pods by their namespace's labels and their own. */
export interface NamespacedPod {
  namespaceSelector?: LabelSelector;
  podSelector: LabelSelector;
}

/** Exactly one field is set. */
export interface ClusterNetworkPolicySubject {
  namespaces?: LabelSelector;
  pods?: NamespacedPod;
}

/** Exactly one field is set; `nodes`, `networks` and `domainNames` only in egress rules (`nodes` and `domainNames`: experimental channel). */
export interface ClusterNetworkPolicyPeer {
  namespaces?: LabelSelector;
  pods?: NamespacedPod;
  nodes?: LabelSelector;
  networks?: string[];
  domainNames?: string[];
}

export interface ClusterNetworkPolicyPort {
  number?: number;
  range?: { start: number; end: number };
}

/** Exactly one field is set. */
export interface ClusterNetworkPolicyProtocol {
  tcp?: { destinationPort?: ClusterNetworkPolicyPort };
  udp?: { destinationPort?: ClusterNetworkPolicyPort };
  sctp?: { destinationPort?: ClusterNetworkPolicyPort };
  destinationNamedPort?: string;
}

export interface ClusterNetworkPolicyIngressRule {
  name?: string;
  action: ClusterPolicyAction;
  from: ClusterNetworkPolicyPeer[];
  protocols?: ClusterNetworkPolicyProtocol[];
}

export interface ClusterNetworkPolicyEgressRule {
  name?: string;
  action: ClusterPolicyAction;
  to: ClusterNetworkPolicyPeer[];
  protocols?: ClusterNetworkPolicyProtocol[];
}

export interface ClusterNetworkPolicySpec {
  tier: ClusterPolicyTier;
  priority: number;
  subject: ClusterNetworkPolicySubject;
  ingress?: ClusterNetworkPolicyIngressRule[];
  egress?: ClusterNetworkPolicyEgressRule[];
}

/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1,
 * the CRDs of network-policy-api v0.1.8), as their CRDs define them.
 */
export type AdminPolicyAction = 'Allow' | 'Deny' | 'Pass';
export type BaselineAdminPolicyAction = 'Allow' | 'Deny';

/** Exactly one field is set; `namedPort` only in the experimental channel. */
/** `protocol`: any string; TCP when left out (the CRD's default). */
export interface AdminNetworkPolicyPort {
  portNumber?: { protocol?: string; port: number };
  namedPort?: string;
  portRange?: { protocol?: string; start: number; end: number };
}

/** Exactly one field is set. */
export interface AdminNetworkPolicyIngressPeer {
  namespaces?: LabelSelector;
  pods?: NamespacedPod;
}

/** Exactly one field is set; `nodes` and (AdminNetworkPolicy only) `domainNames` only in the experimental channel. */
export interface AdminNetworkPolicyEgressPeer extends AdminNetworkPolicyIngressPeer {
  nodes?: LabelSelector;
  networks?: string[];
  domainNames?: string[];
}

export interface AdminNetworkPolicyIngressRule<A extends string = AdminPolicyAction> {
  name?: string;
  action: A;
  from: AdminNetworkPolicyIngressPeer[];
  ports?: AdminNetworkPolicyPort[];
}

export interface AdminNetworkPolicyEgressRule<A extends string = AdminPolicyAction> {
  name?: string;
  action: A;
  to: AdminNetworkPolicyEgressPeer[];
  ports?: AdminNetworkPolicyPort[];
}

export interface AdminNetworkPolicySpec {
  /** 0 to 1000, lower first. */
  priority: number;
  subject: ClusterNetworkPolicySubject;
  ingress?: AdminNetworkPolicyIngressRule[];
  egress?: AdminNetworkPolicyEgressRule[];
}

/** No priority: there is one, named `default`. */
export interface BaselineAdminNetworkPolicySpec {
  subject: ClusterNetworkPolicySubject;
  ingress?: AdminNetworkPolicyIngressRule<BaselineAdminPolicyAction>[];
  egress?: AdminNetworkPolicyEgressRule<BaselineAdminPolicyAction>[];
}

/** A node's addresses, as `status.addresses` lists them (InternalIP, ExternalIP, Hostname, ...). */
export interface NodeAddress {
  type: string;
  address: string;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
  hostPort?: number;
}

export interface Container {
  name: string;
  ports?: ContainerPort[];
  /** On init containers, `Always` makes a sidecar that serves its ports. */
  restartPolicy?: string;
}

export interface PodSpec {
  nodeName?: string;
  hostNetwork?: boolean;
  containers: Container[];
  initContainers?: Container[];
}

export interface PodStatus {
  phase?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
}

export interface PodTemplateSpec {
  metadata: ObjectMeta;
  spec: PodSpec;
}

interface Base<K extends string> {
  apiVersion: string;
  kind: K;
  metadata: ObjectMeta;
  origin: Origin;
}

export interface Namespace extends Base<'Namespace'> {
  /** Not declared in any manifest; made up because objects live in it. */
  implicit?: boolean;
}

export interface Pod extends Base<'Pod'> {
  spec: PodSpec;
  status: PodStatus;
}

export interface NetworkPolicy extends Base<'NetworkPolicy'> {
  spec: NetworkPolicySpec;
}

export interface ClusterNetworkPolicy extends Base<'ClusterNetworkPolicy'> {
  spec: ClusterNetworkPolicySpec;
}

export interface AdminNetworkPolicy extends Base<'AdminNetworkPolicy'> {
  spec: AdminNetworkPolicySpec;
}

export interface BaselineAdminNetworkPolicy extends Base<'BaselineAdminNetworkPolicy'> {
  spec: BaselineAdminNetworkPolicySpec;
}

/** A node: its labels for `nodes` peers, its addresses, and the ranges its pods' addresses come from. */
/** The policies whose rules decide in order in a tier, with an action. */
export type TieredPolicy = ClusterNetworkPolicy | AdminNetworkPolicy | BaselineAdminNetworkPolicy;

export interface Node extends Base<'Node'> {
  spec: { podCIDR?: string; podCIDRs?: string[] };
  status: { addresses?: NodeAddress[] };
}

/** The kinds that land among the workloads (see WORKLOAD_KINDS in kinds.ts). */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'Job' | 'CronJob';

/** A controller whose pod template stands for its pods in analysis. */
export interface Workload extends Base<WorkloadKind> {
  replicas?: number;
  template: PodTemplateSpec;
  /** Where the template sits in the object, for locating its fields. */
  templatePath: FieldPath;
}

export type KubeObject = Namespace | Pod | NetworkPolicy | ClusterNetworkPolicy | AdminNetworkPolicy | BaselineAdminNetworkPolicy | Node | Workload;

/** `Kind namespace/name`, as diagnostics name objects. */
export function describeObject(o: { kind: string; metadata: ObjectMeta }): string {
  const name = o.metadata.name ?? o.metadata.generateName ?? '<unnamed>';
  if (isKind(o.kind) && !KINDS[o.kind].namespaced) return `${o.kind} ${name}`;
  return `${o.kind} ${o.metadata.namespace ?? 'default'}/${name}`;
}

/** A node's pod CIDRs as the API server reads them: `podCIDRs`, else `podCIDR` (the first of them, kept for old clients). */
export function nodePodCIDRs(node: Node): string[] {
  return node.spec.podCIDRs?.length ? node.spec.podCIDRs : node.spec.podCIDR ? [node.spec.podCIDR] : [];
}

/** A pod's IPs as written in its status (`podIPs`, else `podIP`), unparsed. */
export function writtenPodIPs(pod: Pod): string[] {
  return pod.status.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : pod.status.podIP ? [pod.status.podIP] : [];
}
