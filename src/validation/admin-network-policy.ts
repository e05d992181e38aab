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
import { FieldPath } from '../model/field-path.js';
import type { AdminNetworkPolicy, AdminNetworkPolicyPort, BaselineAdminNetworkPolicy } from '../model/objects.js';
import { unresolvedPeers } from './cluster-network-policy-object.js';
import { SCHEMA as ANP_EXPERIMENTAL } from './crd/adminnetworkpolicies-experimental.js';
import { SCHEMA as ANP_STANDARD } from './crd/adminnetworkpolicies-standard.js';
import { SCHEMA as BANP_EXPERIMENTAL } from './crd/baselineadminnetworkpolicies-experimental.js';
import { SCHEMA as BANP_STANDARD } from './crd/baselineadminnetworkpolicies-standard.js';
import { enforcementWarnings } from './enforcement.js';
import { warning, type FieldError } from './field-error.js';
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
    // Only the AdminNetworkPolicy has domainNames peers.
    ...(rules.crdChannel === 'experimental' && o.kind === 'AdminNetworkPolicy' ? unresolvedPeers(o.spec) : []),
    ...portsMatchingNothing(o.spec),
    ...enforcementWarnings(o.metadata),
  ];
}

/**
 * v1alpha1 takes port entries that match no traffic: a protocol that is not
 * TCP, UDP or SCTP (the CRD's `protocol` is any string) and a range whose
 * start is above its end. The API server accepts them; say what they do.
 */
function portsMatchingNothing(spec: (AdminNetworkPolicy | BaselineAdminNetworkPolicy)['spec'] | undefined): FieldError[] {
  const out: FieldError[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const rules: unknown = spec?.[direction];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule: { ports?: unknown }, i) => {
      if (!Array.isArray(rule?.ports)) return;
      rule.ports.forEach((entry: AdminNetworkPolicyPort | undefined, k) => {
        const at = FieldPath.root('spec', direction).index(i).child('ports').index(k);
        const form = entry?.portNumber ? ('portNumber' as const) : entry?.portRange ? ('portRange' as const) : undefined;
        const protocol: unknown = form && entry![form]!.protocol;
        if (typeof protocol === 'string' && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
          out.push(warning(at.child(form!, 'protocol'), `protocol ${JSON.stringify(protocol)} is not TCP, UDP or SCTP: this entry matches no traffic`, { hint: 'write TCP, UDP or SCTP (in capitals)' }));
        }
        const range = entry?.portRange;
        if (typeof range?.start === 'number' && typeof range.end === 'number' && range.start > range.end) {
          out.push(warning(at.child('portRange'), `start ${range.start} is above end ${range.end}: this range matches no port`, { hint: 'swap start and end' }));
        }
      });
    });
  }
  return out;
}
