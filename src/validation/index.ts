/**
 * Validation as kube-apiserver does it on create: same rules, field paths,
 * error types and wording, for the Kubernetes release the caller names.
 *
 * ```ts
 * const errors = validateNetworkPolicy(policy, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
 * for (const e of errors) console.log(`${e.severity}: ${formatFieldError(e)}`);
 * ```
 */
import { entryOf } from '../model/kinds.js';
import type { KubeObject, Namespace, NetworkPolicy, Pod, Workload } from '../model/objects.js';
import type { FieldError } from './field-error.js';
import { type CrdChannel, type KubernetesVersion, releaseRules, type ValidationRules } from './kubernetes-version.js';
import { validateNamespaceObject } from './namespace.js';
import { validateNetworkPolicyObject } from './network-policy.js';
import { validatePodObject } from './pod.js';
import { validateWorkloadObject } from './workload.js';

export type { FieldError } from './field-error.js';
export { formatFieldError } from './field-error.js';
export {
  type CrdChannel,
  type KubernetesVersion,
  LATEST_KUBERNETES_VERSION,
  OLDEST_SUPPORTED,
  compareKubernetesVersions,
  formatKubernetesVersion,
  parseKubernetesVersion,
} from './kubernetes-version.js';

export interface ValidationOptions {
  kubernetesVersion: KubernetesVersion;
  /** The ClusterNetworkPolicy CRD's channel (default standard). */
  crdChannel?: CrdChannel;
}

export function validateNetworkPolicy(np: NetworkPolicy, opts: ValidationOptions): FieldError[] {
  return validateNetworkPolicyObject(np, releaseRules(opts.kubernetesVersion));
}

export function validateNamespace(ns: Namespace, opts: ValidationOptions): FieldError[] {
  return validateNamespaceObject(ns, releaseRules(opts.kubernetesVersion));
}

/** Metadata and container ports; the rest of the pod spec is not Palisade's business. */
export function validatePod(pod: Pod, opts: ValidationOptions): FieldError[] {
  return validatePodObject(pod, releaseRules(opts.kubernetesVersion));
}

/** Metadata, and the pod template's labels, annotations and container ports. */
export function validateWorkload(w: Workload, opts: ValidationOptions): FieldError[] {
  return validateWorkloadObject(w, releaseRules(opts.kubernetesVersion));
}

/** Any object Palisade reads, with the validator its kind's registry entry names. */
export function validateObject(o: KubeObject, opts: ValidationOptions): FieldError[] {
  return entryOf(o).validate(o, rulesOf(opts));
}

/** The rules of each options object, worked out once for all the objects validated with it. */
const rulesByOptions = new WeakMap<ValidationOptions, ValidationRules>();

function rulesOf(opts: ValidationOptions): ValidationRules {
  let rules = rulesByOptions.get(opts);
  if (!rules) {
    rules = { ...releaseRules(opts.kubernetesVersion), kubernetesVersion: opts.kubernetesVersion, crdChannel: opts.crdChannel ?? 'standard' };
    rulesByOptions.set(opts, rules);
  }
  return rules;
}
