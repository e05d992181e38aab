import type { NetworkPolicySpec } from '../model/objects.js';

/**
 * The directions a policy isolates: `policyTypes` when given and non-empty;
 * otherwise Ingress, plus Egress when the policy has egress rules.
 */
export function effectivePolicyTypes(spec: NetworkPolicySpec): ('Ingress' | 'Egress')[] {
  if (spec.policyTypes && spec.policyTypes.length > 0) {
    return (['Ingress', 'Egress'] as const).filter((t) => spec.policyTypes!.includes(t));
  }
  return spec.egress && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}
