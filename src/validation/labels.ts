/**
 * Label maps (apimachinery meta/v1/validation ValidateLabels, ValidateLabelName).
 */
import type { FieldPath } from '../model/field-path.js';
import type { Labels } from '../model/objects.js';
import { type FieldError, invalidEach } from './field-error.js';
import { isQualifiedName, isValidLabelValue } from './names.js';

/** ValidateLabelName: a label key is a qualified name. */
export function validateLabelName(name: string, path: FieldPath, sourcePath?: FieldPath): FieldError[] {
  return invalidEach(path, name, isQualifiedName(name), sourcePath && { sourcePath });
}

/**
 * ValidateLabels. Upstream reports every problem at the map's path (not the
 * entry's), with the key or the value as the bad value; `sourceOf` says where
 * each entry is written, for locating it.
 */
export function validateLabels(
  labels: Labels | undefined,
  path: FieldPath,
  sourceOf: (key: string) => FieldPath = (key) => path.key(key),
): FieldError[] {
  const errs: FieldError[] = [];
  for (const key in labels) {
    const value = labels[key]!;
    const valueProblems = isValidLabelValue(value);
    // Most labels are valid: their paths are made only for an error.
    if (isQualifiedName(key).length === 0 && valueProblems.length === 0) continue;
    const sourcePath = sourceOf(key);
    errs.push(...validateLabelName(key, path, sourcePath), ...invalidEach(path, value, valueProblems, { sourcePath }));
  }
  return errs;
}
