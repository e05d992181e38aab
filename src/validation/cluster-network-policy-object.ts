/**
 * ClusterNetworkPolicy on create: a custom resource, so its metadata as
 * kube-apiserver checks any custom resource's (cluster-scoped, a DNS
 * subdomain name) and its spec against the CRD of the installed channel.
 */
import type { ClusterNetworkPolicy } from '../model/objects.js';
import { validateClusterNetworkPolicySpec } from './cluster-network-policy.js';
import { enforcementWarnings } from './enforcement.js';
import { FieldPath } from '../model/field-path.js';
import { warning, type FieldError } from './field-error.js';
import type { ValidationRules } from './kubernetes-version.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './object-meta.js';

export function validateClusterNetworkPolicyObject(cnp: ClusterNetworkPolicy, rules: ValidationRules): FieldError[] {
  return [
    ...validateObjectMeta(cnp.metadata, { namespaced: false, validateName: nameIsDNSSubdomain }, rules),
    ...validateClusterNetworkPolicySpec(cnp.spec, rules.crdChannel, { kubernetesVersion: rules.kubernetesVersion }),
    ...(rules.crdChannel === 'experimental' ? unresolvedPeers(cnp.spec) : []),
    ...enforcementWarnings(cnp.metadata),
  ];
}

/**
 * `domainNames` peers name addresses that only DNS knows: Palisade cannot
 * resolve them offline, so say at each one that verdicts it could change
 * are answered as unknown rather than guessed.
 */
export function unresolvedPeers(spec: { egress?: { to?: { domainNames?: unknown }[] }[] } | undefined): FieldError[] {
  const out: FieldError[] = [];
  (Array.isArray(spec?.egress) ? spec.egress : []).forEach((rule, i) => {
    (Array.isArray(rule?.to) ? rule.to : []).forEach((peer, j) => {
      if (peer?.domainNames === undefined) return;
      const path = FieldPath.root('spec', 'egress').index(i).child('to').index(j).child('domainNames');
      out.push(warning(path, 'Palisade cannot resolve domain names offline: a verdict this peer could change is answered as unknown, naming this rule'));
    });
  });
  return out;
}
