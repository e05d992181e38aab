/**
 * ObjectMeta on create (apimachinery pkg/api/validation objectmeta.go
 * ValidateObjectMetaAccessor, ValidateAnnotations, ValidateOwnerReferences,
 * ValidateFinalizers; the finalizer names kubernetes pkg/apis/core/validation
 * ValidateObjectMeta adds; and what the API server does to metadata before
 * validating it).
 *
 * Not checked, because the API server sets them itself on create: uid,
 * creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds and
 * selfLink are wiped (rest.WipeObjectMetaSystemFields), managedFields that do
 * not decode are reset by the field manager, and the kinds Palisade reads
 * get generation 1 in PrepareForCreate (but Namespace, see README).
 */
import { FieldPath } from '../model/field-path.js';
import type { Labels, ObjectMeta, OwnerReference } from '../model/objects.js';
import { byteLength } from './byte-length.js';
import { type FieldError, compositeValue, goQuote, invalid, invalidEach, required, tooLong } from './field-error.js';
import type { ReleaseRules } from './kubernetes-version.js';
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
const LABELS = METADATA.child('labels');
const ANNOTATIONS = METADATA.child('annotations');

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

export function validateObjectMeta(meta: ObjectMeta, rules: ObjectMetaRules, release: ReleaseRules): FieldError[] {
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
  const defaulted = rules.defaultedLabels;
  const own = defaulted ? Object.fromEntries(Object.entries(meta.labels ?? {}).filter(([key]) => !(key in defaulted.labels))) : meta.labels;
  errs.push(...validateLabels(own, LABELS));
  if (defaulted) errs.push(...validateLabels(defaulted.labels, LABELS, () => defaulted.source));
  errs.push(...validateAnnotations(meta.annotations, ANNOTATIONS, ANNOTATIONS));
  errs.push(...validateOwnerReferences(meta.ownerReferences ?? [], release));
  errs.push(...validateFinalizers(meta.finalizers ?? [], release));
  return errs;
}

const OWNER_REFERENCES = METADATA.child('ownerReferences');

/**
 * ValidateOwnerReferences. Through 1.36 upstream reports each reference's
 * fields without its index (`metadata.ownerReferences.uid`); we locate them
 * at the reference. At most one reference may be the controller.
 */
function validateOwnerReferences(refs: OwnerReference[], release: ReleaseRules): FieldError[] {
  const errs: FieldError[] = [];
  let firstController: string | undefined;
  refs.forEach((ref, i) => {
    const source = OWNER_REFERENCES.index(i);
    errs.push(...validateOwnerReference(ref, source, release));
    if (ref.controller !== true) return;
    const current = `${ref.kind}/${ref.name}`;
    if (firstController === undefined) {
      firstController = current;
      return;
    }
    errs.push(
      invalid(
        OWNER_REFERENCES,
        compositeValue(refs.map(ownerReferenceJSON), `[]v1.OwnerReference{${refs.map(ownerReferenceGo).join(', ')}}`, release.jsonBadValues),
        `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
        { sourcePath: source.child('controller'), hint: 'an object has at most one managing controller; set controller: false on the others' },
      ),
    );
  });
  return errs;
}

/** BannedOwners: objects that may never own another. */
const BANNED_OWNERS = new Set(['/v1, Kind=Event']);

function validateOwnerReference(ref: OwnerReference, source: FieldPath, release: ReleaseRules): FieldError[] {
  const errs: FieldError[] = [];
  const gvk = groupVersionKind(ref.apiVersion, ref.kind);
  const empty = (field: 'kind' | 'name' | 'uid') =>
    invalid(OWNER_REFERENCES.child(field), ref[field], release.shortOwnerReferenceMessages ? 'must not be empty' : `${field} must not be empty`, {
      sourcePath: source.child(field),
      hint: `give the owner's ${field === 'kind' ? 'kind' : `metadata.${field}`}, as \`kubectl get <kind> <name> -o yaml\` shows it`,
    });
  if (gvk.version === '') {
    errs.push(
      invalid(OWNER_REFERENCES.child('apiVersion'), ref.apiVersion, 'version must not be empty', {
        sourcePath: source.child('apiVersion'),
        hint: 'write <group>/<version> or, for the core group, <version>, e.g. apps/v1 or v1',
      }),
    );
  }
  if (ref.kind === '') errs.push(empty('kind'));
  if (ref.name === '') errs.push(empty('name'));
  if (ref.uid === '') errs.push(empty('uid'));
  const gvkText = `${gvk.group}/${gvk.version}, Kind=${ref.kind}`;
  if (BANNED_OWNERS.has(gvkText)) {
    errs.push(
      invalid(
        OWNER_REFERENCES,
        compositeValue(ownerReferenceJSON(ref), ownerReferenceGo(ref), release.jsonBadValues),
        `${gvkText} is disallowed from being an owner`,
        { sourcePath: source },
      ),
    );
  }
  return errs;
}

/** schema.FromAPIVersionAndKind: "v1" is the core group; more than one "/" parses as nothing. */
function groupVersionKind(apiVersion: string, kind: string): { group: string; version: string; kind: string } {
  const parts = apiVersion === '/' ? [''] : apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]!, kind };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]!, kind };
  return { group: '', version: '', kind };
}

/** metav1.OwnerReference as encoding/json writes it: unset pointers left out. */
function ownerReferenceJSON(ref: OwnerReference): object {
  const { apiVersion, kind, name, uid, controller, blockOwnerDeletion } = ref;
  return { apiVersion, kind, name, uid, controller, blockOwnerDeletion };
}

/**
 * metav1.OwnerReference as %#v prints it. A set *bool prints as its address,
 * which differs on every request; we print "0x…" in its place.
 */
function ownerReferenceGo(ref: OwnerReference): string {
  const pointer = (b: boolean | undefined) => `(*bool)(${b === undefined ? 'nil' : '0x…'})`;
  return (
    `v1.OwnerReference{APIVersion:${goQuote(ref.apiVersion)}, Kind:${goQuote(ref.kind)}, Name:${goQuote(ref.name)}, ` +
    `UID:${goQuote(ref.uid)}, Controller:${pointer(ref.controller)}, BlockOwnerDeletion:${pointer(ref.blockOwnerDeletion)}}`
  );
}

const FINALIZERS = METADATA.child('finalizers');
const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';
/** Finalizer names core validation accepts without a "/" (IsStandardFinalizerName). */
const STANDARD_FINALIZERS = new Set(['kubernetes', ORPHAN, FOREGROUND]);

/**
 * ValidateFinalizers reports names that are no qualified names at
 * `metadata.finalizers`, and orphan with foregroundDeletion; core validation
 * then requires a name without "/" to be a standard one, at the entry.
 */
function validateFinalizers(finalizers: string[], release: ReleaseRules): FieldError[] {
  const errs = finalizers.flatMap((name, i) =>
    invalidEach(FINALIZERS, name, isQualifiedName(name), { sourcePath: FINALIZERS.index(i) }),
  );
  if (finalizers.includes(ORPHAN) && finalizers.includes(FOREGROUND)) {
    errs.push(
      invalid(
        FINALIZERS,
        compositeValue(finalizers, `[]string{${finalizers.map(goQuote).join(', ')}}`, release.jsonBadValues),
        `finalizer ${ORPHAN} and ${FOREGROUND} cannot be both set`,
        { hint: 'orphan leaves dependents behind on deletion, foregroundDeletion deletes them first: keep one' },
      ),
    );
  }
  finalizers.forEach((name, i) => {
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      errs.push(
        invalid(FINALIZERS.index(i), name, 'name is neither a standard finalizer name nor is it fully qualified', {
          hint: `qualify it with a domain you own, e.g. example.com/${name}; only ${[...STANDARD_FINALIZERS].join(', ')} go without one`,
        }),
      );
    }
  });
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
  const size = entries.reduce((sum, [k, v]) => sum + byteLength(k) + byteLength(v), 0);
  if (size > ANNOTATIONS_MAX_BYTES) {
    errs.push(tooLong(path, ANNOTATIONS_MAX_BYTES, { hint: `the annotations hold ${size} bytes` }));
  }
  return errs;
}
