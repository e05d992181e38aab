/**
 * The kinds Palisade reads: the apiVersion each is served under and the
 * schema its documents are checked against.
 */
import { WORKLOAD_KINDS, type WorkloadKind } from '../model/objects.js';
import * as schemas from './schema.js';
import type { Schema } from './schema.js';

export type ReadKind = 'Namespace' | 'Pod' | 'NetworkPolicy' | WorkloadKind;

export const KINDS: Record<ReadKind, { apiVersion: string; schema: Schema }> = {
  Namespace: { apiVersion: 'v1', schema: schemas.namespace },
  Pod: { apiVersion: 'v1', schema: schemas.pod },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', schema: schemas.networkPolicy },
  Deployment: { apiVersion: 'apps/v1', schema: schemas.workload },
  StatefulSet: { apiVersion: 'apps/v1', schema: schemas.workload },
  DaemonSet: { apiVersion: 'apps/v1', schema: schemas.workload },
  ReplicaSet: { apiVersion: 'apps/v1', schema: schemas.workload },
  ReplicationController: { apiVersion: 'v1', schema: schemas.workload },
  Job: { apiVersion: 'batch/v1', schema: schemas.workload },
  CronJob: { apiVersion: 'batch/v1', schema: schemas.cronJob },
};

export function isReadKind(kind: string): kind is ReadKind {
  return Object.hasOwn(KINDS, kind);
}

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/**
 * Policy kinds that Palisade does not evaluate but a cluster may enforce:
 * other plugins' own policies, and Kubernetes policy APIs Palisade does not
 * read yet. Recognised by API group and kind, whatever the version, so that
 * answers that ignore them can say so. When Palisade learns to read one, its
 * line leaves this table. `enforced: false` marks previews the plugin itself
 * does not enforce (Calico's staged policies): ignoring those changes nothing.
 */
export interface UnreadPolicyKind {
  kind: string;
  groups: readonly string[];
  /** Who enforces it, for messages. */
  by: string;
  clusterScoped: boolean;
  enforced: boolean;
}

const CALICO = ['projectcalico.org', 'crd.projectcalico.org'];
const ANTREA = ['crd.antrea.io', 'security.antrea.tanzu.vmware.com'];
const POLICY_API = ['policy.networking.k8s.io'];

export const UNREAD_POLICY_KINDS: readonly UnreadPolicyKind[] = [
  { kind: 'ClusterNetworkPolicy', groups: POLICY_API, by: 'the Kubernetes network policy API', clusterScoped: true, enforced: true },
  { kind: 'AdminNetworkPolicy', groups: POLICY_API, by: 'the Kubernetes network policy API', clusterScoped: true, enforced: true },
  { kind: 'BaselineAdminNetworkPolicy', groups: POLICY_API, by: 'the Kubernetes network policy API', clusterScoped: true, enforced: true },
  { kind: 'CiliumNetworkPolicy', groups: ['cilium.io'], by: 'Cilium', clusterScoped: false, enforced: true },
  { kind: 'CiliumClusterwideNetworkPolicy', groups: ['cilium.io'], by: 'Cilium', clusterScoped: true, enforced: true },
  { kind: 'NetworkPolicy', groups: CALICO, by: 'Calico', clusterScoped: false, enforced: true },
  { kind: 'GlobalNetworkPolicy', groups: CALICO, by: 'Calico', clusterScoped: true, enforced: true },
  { kind: 'StagedNetworkPolicy', groups: CALICO, by: 'Calico', clusterScoped: false, enforced: false },
  { kind: 'StagedGlobalNetworkPolicy', groups: CALICO, by: 'Calico', clusterScoped: true, enforced: false },
  { kind: 'StagedKubernetesNetworkPolicy', groups: CALICO, by: 'Calico', clusterScoped: false, enforced: false },
  { kind: 'NetworkPolicy', groups: ANTREA, by: 'Antrea', clusterScoped: false, enforced: true },
  { kind: 'ClusterNetworkPolicy', groups: ANTREA, by: 'Antrea', clusterScoped: true, enforced: true },
  { kind: 'MultiNetworkPolicy', groups: ['k8s.cni.cncf.io'], by: 'a Multus network policy plugin', clusterScoped: false, enforced: true },
];

/** The groups where a NetworkPolicy is Kubernetes' own: a wrong version there is an error, not another product. */
const KUBERNETES_NETWORK_POLICY_GROUPS = new Set(['', 'networking.k8s.io', 'extensions']);

export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The unread policy kind an object is, if any: a line of the table, or any
 * other `*NetworkPolicy` kind outside Kubernetes' own NetworkPolicy groups
 * (some product's policy Palisade has not heard of: still a policy the
 * answer ignores).
 */
export function unreadPolicyKind(kind: string, apiVersion: unknown): UnreadPolicyKind | undefined {
  const group = typeof apiVersion === 'string' ? apiGroupOf(apiVersion) : '';
  const known = UNREAD_POLICY_KINDS.find((k) => k.kind === kind && k.groups.includes(group));
  if (known) return known;
  if (!kind.endsWith('NetworkPolicy') || (kind === 'NetworkPolicy' && KUBERNETES_NETWORK_POLICY_GROUPS.has(group))) return undefined;
  return { kind, groups: [group], by: group ? `the API group ${group}` : 'an unknown API group', clusterScoped: false, enforced: true };
}
