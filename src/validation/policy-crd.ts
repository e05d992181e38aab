/**
 * A policy kind of github:kubernetes-sigs/network-policy-api (a CRD:
 * ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy) on
 * create: checked as kube-apiserver checks it against the installed CRD's
 * schema and CEL rules (see crd-schema.ts), with the standard or the
 * experimental channel's CRD.
 *
 * One check goes beyond the API server: the CRDs do not validate label
 * selectors (their operator is any string), so kube-apiserver stores a
 * selector no implementation can evaluate. Those are errors here, with a
 * hint saying so. The kinds share the shape of subjects and peers
 * (namespaces, pods, nodes selectors), so one walk finds them all.
 */
import { FieldPath, type PathSegment } from '../model/field-path.js';
import type { LabelSelector, ObjectMeta } from '../model/objects.js';
import { isPlainObject } from '../sources/decode.js';
import { type OpenApiSchema, assertSchemaSupported, checkAgainstSchema } from './crd-schema.js';
import { type FieldError, required } from './field-error.js';
import { type CrdChannel, type KubernetesVersion, LATEST_KUBERNETES_VERSION } from './kubernetes-version.js';
import { validateLabelSelector } from './label-selector.js';

export interface PolicyCrd {
  kind: string;
  /** The vendored `openAPIV3Schema` of each channel. */
  schemas: Record<CrdChannel, OpenApiSchema>;
}

export interface PolicyCrdValidationOptions {
  kubernetesVersion: KubernetesVersion;
}

/** A policy CRD whose schemas are checked at once: a vendored CRD with a rule or keyword we do not implement fails every use. */
export function policyCrd(kind: string, schemas: Record<CrdChannel, OpenApiSchema>): PolicyCrd {
  for (const root of Object.values(schemas)) assertSchemaSupported(root);
  return { kind, schemas: { standard: checkedRoot(schemas.standard), experimental: checkedRoot(schemas.experimental) } };
}

/**
 * The root schema as the API server applies it to what we check: `spec`,
 * and of `metadata` what CEL rules may read (name, generateName; metadata
 * itself is validated as any object's). Its rules stay: BaselineAdminNetworkPolicy's
 * root rule reads the name.
 */
function checkedRoot(root: OpenApiSchema): OpenApiSchema {
  return {
    ...root,
    properties: { metadata: CEL_METADATA, spec: root.properties!.spec! },
    required: ['spec'],
  };
}

const CEL_METADATA: OpenApiSchema = { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } };

const ROOT = FieldPath.root();
const SPEC = FieldPath.root('spec');

const selectorHint = (kind: string) =>
  `kube-apiserver accepts this ${kind} (the CRD does not check label selectors), but no implementation can evaluate this selector`;

/** `metadata`, when given, is what the CRD's root rules see (only BaselineAdminNetworkPolicy has one). */
export function validatePolicyCrdSpec(
  crd: PolicyCrd,
  spec: unknown,
  channel: CrdChannel,
  opts: PolicyCrdValidationOptions = { kubernetesVersion: LATEST_KUBERNETES_VERSION },
  metadata?: ObjectMeta,
): FieldError[] {
  // `spec: null` is pruned like any non-nullable null, so it is missing too.
  if (spec === undefined || spec === null) return [required(SPEC)];
  const named = metadata ? { metadata: { ...(metadata.name !== undefined ? { name: metadata.name } : {}), ...(metadata.generateName !== undefined ? { generateName: metadata.generateName } : {}) } } : {};
  const { errors, value } = checkAgainstSchema({ ...named, spec }, crd.schemas[channel], ROOT, {
    kubernetesVersion: opts.kubernetesVersion,
    unknownFieldHint: channel === 'standard' ? (path) => experimentalOnlyHint(crd, path) : undefined,
  });
  const failed = errors.filter((e) => e.severity === 'error').map((e) => (e.sourcePath ?? e.path).toString());
  const clean = (path: FieldPath) => {
    const p = path.toString();
    return !failed.some((f) => f === p || f.startsWith(`${p}.`) || f.startsWith(`${p}[`));
  };
  const hint = selectorHint(crd.kind);
  for (const { path, selector } of selectorsOf(isPlainObject(value) ? value['spec'] : undefined)) {
    if (!clean(path)) continue; // the schema errors there come first
    for (const e of validateLabelSelector(selector, path)) {
      errors.push({ ...e, hint: e.hint ? `${hint}; ${e.hint}` : hint });
    }
  }
  return errors;
}

/** For a field the standard CRD prunes but the experimental one has. */
function experimentalOnlyHint(crd: PolicyCrd, path: FieldPath): string | undefined {
  if (!schemaAt(crd.schemas.experimental, path.segments)) return undefined;
  const name = path.segments[path.segments.length - 1];
  return (
    `${String(name)} exists only in the experimental channel of the ${crd.kind} CRD: ` +
    'with the standard CRD installed the API server prunes it; `--crd-channel experimental` reads it'
  );
}

function schemaAt(schema: OpenApiSchema | undefined, segments: readonly PathSegment[]): OpenApiSchema | undefined {
  let s = schema;
  for (const seg of segments) {
    if (!s) return undefined;
    if (typeof seg === 'number') s = s.items;
    else if (typeof seg === 'string' && s.properties && Object.hasOwn(s.properties, seg)) s = s.properties[seg];
    else s = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  }
  return s;
}

interface Selector {
  path: FieldPath;
  selector: LabelSelector;
}

/** The label selectors of a (pruned) spec: the subject's and every peer's. */
function selectorsOf(spec: unknown): Selector[] {
  const out: Selector[] = [];
  if (!isPlainObject(spec)) return out;
  peerSelectors(spec['subject'], SPEC.child('subject'), out);
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    listOf(spec[direction]).forEach((rule, i) => {
      if (!isPlainObject(rule)) return;
      listOf(rule[peers]).forEach((peer, j) => peerSelectors(peer, SPEC.child(direction).index(i).child(peers).index(j), out));
    });
  }
  return out;
}

function peerSelectors(peer: unknown, path: FieldPath, out: Selector[]): void {
  if (!isPlainObject(peer)) return;
  const add = (value: unknown, at: FieldPath) => {
    if (isPlainObject(value)) out.push({ path: at, selector: value as LabelSelector });
  };
  add(peer['namespaces'], path.child('namespaces'));
  if (isPlainObject(peer['pods'])) {
    add(peer['pods']['namespaceSelector'], path.child('pods', 'namespaceSelector'));
    add(peer['pods']['podSelector'], path.child('pods', 'podSelector'));
  }
  add(peer['nodes'], path.child('nodes'));
}

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
