/**
 * The resources the test API server serves: one row per resource, as its
 * discovery document describes it. Adding a resource is adding a row.
 */

export interface ResourceDefinition {
  /** '' for the core group (`/api/v1`). */
  readonly group: string;
  readonly version: string;
  /** The plural name in URLs (`networkpolicies`). */
  readonly resource: string;
  readonly singularName: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  /**
   * Served through a CustomResourceDefinition: absent until a test installs
   * it, and listed as unstructured objects are (items keep kind and apiVersion).
   */
  readonly crd?: boolean;
}

/** `v1`, `apps/v1`. */
export function apiVersionOf(def: ResourceDefinition): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}

/** `v1/pods`, `cilium.io/v2/ciliumnetworkpolicies`: how tests name a resource. */
export function resourceId(def: ResourceDefinition): string {
  return `${apiVersionOf(def)}/${def.resource}`;
}

/** `pods`, `networkpolicies.networking.k8s.io`: the resource as kube-apiserver's messages name it. */
export function qualifiedResource(def: Pick<ResourceDefinition, 'group' | 'resource'>): string {
  return def.group === '' ? def.resource : `${def.resource}.${def.group}`;
}

const core = (resource: string, singularName: string, kind: string, namespaced: boolean, shortNames: string[]): ResourceDefinition => ({
  group: '',
  version: 'v1',
  resource,
  singularName,
  kind,
  namespaced,
  shortNames,
});

const grouped = (group: string, version: string, resource: string, singularName: string, kind: string, shortNames: string[]): ResourceDefinition => ({
  group,
  version,
  resource,
  singularName,
  kind,
  namespaced: true,
  shortNames,
});

/** Built into kube-apiserver: always served. */
export const BUILTIN_RESOURCES: readonly ResourceDefinition[] = [
  core('namespaces', 'namespace', 'Namespace', false, ['ns']),
  core('nodes', 'node', 'Node', false, ['no']),
  core('pods', 'pod', 'Pod', true, ['po']),
  core('services', 'service', 'Service', true, ['svc']),
  grouped('networking.k8s.io', 'v1', 'networkpolicies', 'networkpolicy', 'NetworkPolicy', ['netpol']),
  grouped('apps', 'v1', 'deployments', 'deployment', 'Deployment', ['deploy']),
  grouped('apps', 'v1', 'statefulsets', 'statefulset', 'StatefulSet', ['sts']),
  grouped('apps', 'v1', 'daemonsets', 'daemonset', 'DaemonSet', ['ds']),
  grouped('apps', 'v1', 'replicasets', 'replicaset', 'ReplicaSet', ['rs']),
  grouped('batch', 'v1', 'jobs', 'job', 'Job', []),
  grouped('batch', 'v1', 'cronjobs', 'cronjob', 'CronJob', ['cj']),
];

/** Names and scopes as the projects' CRD manifests declare them. */
export const KNOWN_CRDS: readonly ResourceDefinition[] = [
  { ...grouped('policy.networking.k8s.io', 'v1alpha2', 'clusternetworkpolicies', 'clusternetworkpolicy', 'ClusterNetworkPolicy', ['cnp']), namespaced: false, crd: true },
  { ...grouped('policy.networking.k8s.io', 'v1alpha1', 'adminnetworkpolicies', 'adminnetworkpolicy', 'AdminNetworkPolicy', ['anp']), namespaced: false, crd: true },
  { ...grouped('policy.networking.k8s.io', 'v1alpha1', 'baselineadminnetworkpolicies', 'baselineadminnetworkpolicy', 'BaselineAdminNetworkPolicy', ['banp']), namespaced: false, crd: true },
  { ...grouped('cilium.io', 'v2', 'ciliumnetworkpolicies', 'ciliumnetworkpolicy', 'CiliumNetworkPolicy', ['cnp', 'ciliumnp']), crd: true },
];

/**
 * An object with its kind and apiVersion, as gets and watch events carry
 * it. Custom resources are unstructured maps, which Go encodes with sorted
 * keys, so apiVersion comes first there; typed objects begin with kind.
 */
export function withType<T extends object>(def: ResourceDefinition, item: T): T & { kind: string; apiVersion: string } {
  return def.crd ? { apiVersion: apiVersionOf(def), kind: def.kind, ...item } : { kind: def.kind, apiVersion: apiVersionOf(def), ...item };
}
