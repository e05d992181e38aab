/**
 * Namespace on create (kubernetes pkg/apis/core/validation ValidateNamespace).
 */
import { FieldPath } from '../model/field-path.js';
import type { Namespace } from '../model/objects.js';
import type { FieldError } from './field-error.js';
import type { ReleaseRules } from './kubernetes-version.js';
import { validateObjectMeta } from './object-meta.js';
import { nameIsDNSLabel } from './names.js';

/** Set by v1 defaulting (SetDefaults_Namespace) to the name, before validation. */
const NAME_LABEL = 'kubernetes.io/metadata.name';

export function validateNamespaceObject(ns: Namespace, release: ReleaseRules): FieldError[] {
  const name = ns.metadata.name;
  return validateObjectMeta(ns.metadata, {
    namespaced: false,
    validateName: nameIsDNSLabel,
    // So a name that is no label value (over 63 bytes, say) is also reported as a label.
    ...(name ? { defaultedLabels: { labels: { [NAME_LABEL]: name }, source: FieldPath.root('metadata', 'name') } } : {}),
  }, release);
}
