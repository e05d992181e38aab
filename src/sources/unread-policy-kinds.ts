import { apiGroupOf, isKindInItsGroups } from '../model/kinds.js';

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

/** A kind of the table below: known by name, so its resource is known too. */
export interface KnownUnreadPolicyKind extends UnreadPolicyKind {
  /** The API's plural resource name, as a live source lists it and the agent's ClusterRole grants it (deploy/). */
  resource: string;
}

const CALICO = ['projectcalico.org', 'crd.projectcalico.org'];
const ANTREA = ['crd.antrea.io', 'security.antrea.tanzu.vmware.com'];

export const UNREAD_POLICY_KINDS: readonly KnownUnreadPolicyKind[] = [
  { kind: 'CiliumNetworkPolicy', groups: ['cilium.io'], resource: 'ciliumnetworkpolicies', by: 'Cilium', clusterScoped: false, enforced: true },
  { kind: 'CiliumClusterwideNetworkPolicy', groups: ['cilium.io'], resource: 'ciliumclusterwidenetworkpolicies', by: 'Cilium', clusterScoped: true, enforced: true },
  { kind: 'NetworkPolicy', groups: CALICO, resource: 'networkpolicies', by: 'Calico', clusterScoped: false, enforced: true },
  { kind: 'GlobalNetworkPolicy', groups: CALICO, resource: 'globalnetworkpolicies', by: 'Calico', clusterScoped: true, enforced: true },
  { kind: 'StagedNetworkPolicy', groups: CALICO, resource: 'stagednetworkpolicies', by: 'Calico', clusterScoped: false, enforced: false },
  { kind: 'StagedGlobalNetworkPolicy', groups: CALICO, resource: 'stagedglobalnetworkpolicies', by: 'Calico', clusterScoped: true, enforced: false },
  { kind: 'StagedKubernetesNetworkPolicy', groups: CALICO, resource: 'stagedkubernetesnetworkpolicies', by: 'Calico', clusterScoped: false, enforced: false },
  { kind: 'NetworkPolicy', groups: ANTREA, resource: 'networkpolicies', by: 'Antrea', clusterScoped: false, enforced: true },
  { kind: 'ClusterNetworkPolicy', groups: ANTREA, resource: 'clusternetworkpolicies', by: 'Antrea', clusterScoped: true, enforced: true },
  { kind: 'MultiNetworkPolicy', groups: ['k8s.cni.cncf.io'], resource: 'multi-networkpolicies', by: 'a Multus network policy plugin', clusterScoped: false, enforced: true },
];

/**
 * The unread policy kind an object is, if any: a line of the table, or any
 * other `*NetworkPolicy` kind outside the groups where the registry reads
 * that kind (some product's policy Palisade has not heard of: still a
 * policy the answer ignores).
 */
export function unreadPolicyKind(kind: string, apiVersion: unknown): UnreadPolicyKind | undefined {
  const group = typeof apiVersion === 'string' ? apiGroupOf(apiVersion) : '';
  const known = UNREAD_POLICY_KINDS.find((k) => k.kind === kind && k.groups.includes(group));
  if (known) return known;
  if (!kind.endsWith('NetworkPolicy') || isKindInItsGroups(kind, group)) return undefined;
  return { kind, groups: [group], by: group ? `the API group ${group}` : 'an unknown API group', clusterScoped: false, enforced: true };
}
