/**
 * ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, a CRD of
 * github:kubernetes-sigs/network-policy-api): its spec checked as
 * kube-apiserver checks it against the installed CRD (see policy-crd.ts).
 */
import { SCHEMA as EXPERIMENTAL } from './crd/clusternetworkpolicies-experimental.js';
import { SCHEMA as STANDARD } from './crd/clusternetworkpolicies-standard.js';
import type { FieldError } from './field-error.js';
import { type CrdChannel, LATEST_KUBERNETES_VERSION } from './kubernetes-version.js';
import { policyCrd, type PolicyCrdValidationOptions, validatePolicyCrdSpec } from './policy-crd.js';

export type { CrdChannel } from './kubernetes-version.js';

const CRD = policyCrd('ClusterNetworkPolicy', { standard: STANDARD, experimental: EXPERIMENTAL });

export function validateClusterNetworkPolicySpec(
  spec: unknown,
  channel: CrdChannel,
  opts: PolicyCrdValidationOptions = { kubernetesVersion: LATEST_KUBERNETES_VERSION },
): FieldError[] {
  return validatePolicyCrdSpec(CRD, spec, channel, opts);
}
