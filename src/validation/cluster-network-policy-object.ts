/**
 * ClusterNetworkPolicy on create: a custom resource, so its metadata as
 * kube-apiserver checks any custom resource's (cluster-scoped, a DNS
 * subdomain name) and its spec against the CRD of the installed channel.
 */
import type { ClusterNetworkPolicy } from '../model/objects.js';
import { validateClusterNetworkPolicySpec } from './cluster-network-policy.js';
import { FieldPath } from '../model/field-path.js';
import { warning, type FieldError } from './field-error.js';
import type { ValidationRules } from './kubernetes-version.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './object-meta.js';

export function validateClusterNetworkPolicyObject(cnp: ClusterNetworkPolicy, rules: ValidationRules): FieldError[] {
  return [
    ...validateObjectMeta(cnp.metadata, { namespaced: false, validateName: nameIsDNSSubdomain }, rules),
    ...validateClusterNetworkPolicySpec(cnp.spec, rules.crdChannel, { kubernetesVersion: rules.kubernetesVersion }),
    ...(rules.crdChannel === 'experimental' ? unevaluatedPeers(cnp.spec) : []),
  ];
}

/**
 * Peers of the experimental channel that Palisade does not evaluate yet:
 * `nodes` and `domainNames` match nothing in its answers, which may then be
 * wrong; say so at each one rather than answer silently past them.
 */
function unevaluatedPeers(spec: ClusterNetworkPolicy['spec']): FieldError[] {
  const out: FieldError[] = [];
  (Array.isArray(spec?.egress) ? spec.egress : []).forEach((rule, i) => {
    (Array.isArray(rule?.to) ? rule.to : []).forEach((peer, j) => {
      for (const field of ['nodes', 'domainNames'] as const) {
        if (peer?.[field] === undefined) continue;
        const path = FieldPath.root('spec', 'egress').index(i).child('to').index(j).child(field);
        out.push(warning(path, `Palisade does not evaluate ${field} peers yet: this peer matches nothing in its answers, which may be wrong where it would match`));
      }
    });
  });
  return out;
}
