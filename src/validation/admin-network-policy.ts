/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1,
 * the CRDs of network-policy-api v0.1.8) on create: custom resources, so
 * their metadata as kube-apiserver checks any custom resource's
 * (cluster-scoped, a DNS subdomain name) and their spec against the CRD of
 * the installed channel (see policy-crd.ts).
 *
 * The BaselineAdminNetworkPolicy CRD itself refuses any name but `default`
 * (a CEL rule on the whole object, reported at a nil field as kube-apiserver
 * does), so the singleton is the API server's rule here too, not Palisade's.
 */
import type { AdminNetworkPolicy, BaselineAdminNetworkPolicy } from '../model/objects.js';
import { SCHEMA as ANP_EXPERIMENTAL } from './crd/adminnetworkpolicies-experimental.js';
import { SCHEMA as ANP_STANDARD } from './crd/adminnetworkpolicies-standard.js';
import { SCHEMA as BANP_EXPERIMENTAL } from './crd/baselineadminnetworkpolicies-experimental.js';
import { SCHEMA as BANP_STANDARD } from './crd/baselineadminnetworkpolicies-standard.js';
import type { FieldError } from './field-error.js';
import type { ValidationRules } from './kubernetes-version.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './object-meta.js';
import { policyCrd, type PolicyCrd, validatePolicyCrdSpec } from './policy-crd.js';

export const ADMIN_NETWORK_POLICY_CRD = policyCrd('AdminNetworkPolicy', { standard: ANP_STANDARD, experimental: ANP_EXPERIMENTAL });
export const BASELINE_ADMIN_NETWORK_POLICY_CRD = policyCrd('BaselineAdminNetworkPolicy', { standard: BANP_STANDARD, experimental: BANP_EXPERIMENTAL });

export function validateAdminNetworkPolicyObject(anp: AdminNetworkPolicy, rules: ValidationRules): FieldError[] {
  return validateObject(ADMIN_NETWORK_POLICY_CRD, anp, rules);
}

export function validateBaselineAdminNetworkPolicyObject(banp: BaselineAdminNetworkPolicy, rules: ValidationRules): FieldError[] {
  return validateObject(BASELINE_ADMIN_NETWORK_POLICY_CRD, banp, rules);
}

function validateObject(crd: PolicyCrd, o: AdminNetworkPolicy | BaselineAdminNetworkPolicy, rules: ValidationRules): FieldError[] {
  return [
    ...validateObjectMeta(o.metadata, { namespaced: false, validateName: nameIsDNSSubdomain }, rules),
    ...validatePolicyCrdSpec(crd, o.spec, rules.crdChannel, { kubernetesVersion: rules.kubernetesVersion }, o.metadata),
  ];
}
