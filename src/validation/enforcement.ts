/**
 * Palisade's own annotation on policies: the API server stores any value, so
 * a misspelt mode is only a warning, and the policy is enforced, as without
 * the annotation: failing safe means enforcing what the team wrote.
 */
import { ENFORCEMENT_ANNOTATION, ENFORCEMENT_MODES } from '../model/enforcement.js';
import { FieldPath } from '../model/field-path.js';
import type { ObjectMeta } from '../model/objects.js';
import { warning, type FieldError } from './field-error.js';

export function enforcementWarnings(metadata: ObjectMeta | undefined): FieldError[] {
  const value = metadata?.annotations?.[ENFORCEMENT_ANNOTATION];
  if (value === undefined || (ENFORCEMENT_MODES as readonly string[]).includes(value)) return [];
  const path = FieldPath.root('metadata', 'annotations').key(ENFORCEMENT_ANNOTATION);
  return [warning(path, `unknown enforcement mode "${value}": Palisade enforces this policy (write audit to evaluate and log it without enforcing, or enforce)`)];
}
