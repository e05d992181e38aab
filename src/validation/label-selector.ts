/**
 * Label selectors (apimachinery meta/v1/validation ValidateLabelSelector,
 * ValidateLabelSelectorRequirement), as validated on create: with
 * AllowInvalidLabelValueInSelector off, so `values` must be label values.
 */
import type { FieldPath } from '../model/field-path.js';
import type { LabelSelector, LabelSelectorRequirement } from '../model/objects.js';
import { type FieldError, forbidden, invalid, invalidEach, required } from './field-error.js';
import { validateLabelName, validateLabels } from './labels.js';
import { isValidLabelValue } from './names.js';

export function validateLabelSelector(selector: LabelSelector, path: FieldPath): FieldError[] {
  return [
    ...validateLabels(selector.matchLabels, path.child('matchLabels')),
    ...(selector.matchExpressions ?? []).flatMap((r, i) =>
      validateRequirement(r, path.child('matchExpressions').index(i)),
    ),
  ];
}

function validateRequirement(r: LabelSelectorRequirement, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errs.push(required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(forbidden(path.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      // Upstream says Invalid here, not NotSupported.
      errs.push(
        invalid(path.child('operator'), r.operator, 'not a valid selector operator', {
          hint: 'operators are case-sensitive: In, NotIn, Exists or DoesNotExist',
        }),
      );
  }
  errs.push(...validateLabelName(r.key, path.child('key')));
  values.forEach((v, i) => errs.push(...invalidEach(path.child('values').index(i), v, isValidLabelValue(v))));
  return errs;
}
