/**
 * ObjectMeta on create (apimachinery pkg/api/validation objectmeta.go
 * ValidateObjectMetaAccessor, ValidateAnnotations; and what rest.BeforeCreate
 * does to metadata before validating it).
 */
import { Buffer } from 'node:buffer';
import { FieldPath } from '../model/field-path.js';
import type { Labels, ObjectMeta } from '../model/objects.js';
import { type FieldError, invalidEach, required, tooLong } from './field-error.js';
import { validateLabels } from './labels.js';
import { type NameValidator, isQualifiedName, nameIsDNSLabel } from './names.js';

export interface ObjectMetaRules {
  /** Namespaced kinds need a namespace that is a DNS label. */
  namespaced: boolean;
  validateName: NameValidator;
  /** Labels the API server's defaulting adds before validation, and the field they come from. */
  defaultedLabels?: { labels: Labels; source: FieldPath };
}

const METADATA = FieldPath.root('metadata');

/** TotalAnnotationSizeLimitB: keys and values together, in bytes. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * SimpleNameGenerator: generateName cut to 58 bytes plus 5 random characters
 * from [bcdfghjklmnpqrstvwxz2456789]. The name is generated before validation,
 * so a bad generateName also yields a bad name; we show the random part as "xxxxx".
 */
export function effectiveName(meta: ObjectMeta): string {
  if (meta.name) return meta.name;
  return meta.generateName ? `${meta.generateName.slice(0, 58)}xxxxx` : '';
}

export function validateObjectMeta(meta: ObjectMeta, rules: ObjectMetaRules): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    const prefix = meta.generateName;
    errs.push(...invalidEach(METADATA.child('generateName'), prefix, rules.validateName(prefix, true)));
  }
  const name = effectiveName(meta);
  if (name === '') {
    errs.push(required(METADATA.child('name'), 'name or generateName is required'));
  } else {
    const generated = meta.name
      ? undefined
      : { hint: 'the API server appends 5 random characters to generateName', sourcePath: METADATA.child('generateName') };
    errs.push(...invalidEach(METADATA.child('name'), name, rules.validateName(name, false), generated));
  }
  // For cluster-scoped kinds the API server clears metadata.namespace before
  // validating (rest.EnsureObjectNamespaceMatchesRequestNamespace), so it is never an error.
  if (rules.namespaced) {
    const ns = meta.namespace ?? '';
    if (ns === '') errs.push(required(METADATA.child('namespace')));
    else errs.push(...invalidEach(METADATA.child('namespace'), ns, nameIsDNSLabel(ns, false)));
  }
  // Defaulting overwrites the user's value for a defaulted key, so only its value counts.
  const labelsPath = METADATA.child('labels');
  const defaulted = rules.defaultedLabels;
  const own = Object.entries(meta.labels ?? {}).filter(([key]) => !(defaulted && key in defaulted.labels));
  errs.push(...validateLabels(Object.fromEntries(own), labelsPath));
  if (defaulted) errs.push(...validateLabels(defaulted.labels, labelsPath, () => defaulted.source));
  const annotationsPath = METADATA.child('annotations');
  errs.push(...validateAnnotations(meta.annotations, annotationsPath, annotationsPath));
  return errs;
}

/**
 * ValidateAnnotations: keys are qualified names compared in lower case; keys
 * and values together at most 256 KiB.
 */
export function validateAnnotations(annotations: Labels | undefined, path: FieldPath, source: FieldPath): FieldError[] {
  const entries = Object.entries(annotations ?? {});
  const errs = entries.flatMap(([key]) =>
    invalidEach(path, key, isQualifiedName(key.toLowerCase()), { sourcePath: source.key(key) }),
  );
  const size = entries.reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > ANNOTATIONS_MAX_BYTES) {
    errs.push(tooLong(path, ANNOTATIONS_MAX_BYTES, { hint: `the annotations hold ${size} bytes` }));
  }
  return errs;
}
