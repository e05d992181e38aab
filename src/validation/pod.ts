/**
 * Pod on create (kubernetes pkg/apis/core/validation ValidatePodCreate):
 * metadata and container ports only.
 */
import { FieldPath } from '../model/field-path.js';
import type { Pod } from '../model/objects.js';
import type { FieldError } from './field-error.js';
import type { ReleaseRules } from './kubernetes-version.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './object-meta.js';
import { validatePodSpecPorts } from './pod-spec.js';

export function validatePodObject(pod: Pod, release: ReleaseRules): FieldError[] {
  return [
    ...validateObjectMeta(pod.metadata, { namespaced: true, validateName: nameIsDNSSubdomain }, release),
    ...validatePodSpecPorts(pod.spec, FieldPath.root('spec')),
  ];
}
