/**
 * ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, a CRD of
 * github:kubernetes-sigs/network-policy-api) on create: its spec checked as
 * kube-apiserver checks it against the installed CRD's schema and CEL rules
 * (see crd-schema.ts), with the standard or the experimental channel's CRD.
 *
 * One check goes beyond the API server: the CRD does not validate label
 * selectors (its operator is any string), so kube-apiserver stores a selector
 * no implementation can evaluate. Those are errors here, with a hint saying so.
 */
import { FieldPath, type PathSegment } from '../model/field-path.js';
import type { LabelSelector } from '../model/objects.js';
import { type OpenApiSchema, assertSchemaSupported, checkAgainstSchema } from './crd-schema.js';
import { SCHEMA as EXPERIMENTAL } from './crd/clusternetworkpolicies-experimental.js';
import { SCHEMA as STANDARD } from './crd/clusternetworkpolicies-standard.js';
import { type FieldError, required } from './field-error.js';
import { type CrdChannel, type KubernetesVersion, LATEST_KUBERNETES_VERSION } from './kubernetes-version.js';
import { validateLabelSelector } from './label-selector.js';

export type { CrdChannel } from './kubernetes-version.js';

export interface ClusterNetworkPolicyValidationOptions {
  kubernetesVersion: KubernetesVersion;
}

const ROOTS: Record<CrdChannel, OpenApiSchema> = { standard: STANDARD, experimental: EXPERIMENTAL };
// At load, so that a vendored CRD with a rule or keyword we do not implement fails every use.
for (const root of Object.values(ROOTS)) assertSchemaSupported(root);

const SPEC = FieldPath.root('spec');
const SPEC_SCHEMAS: Record<CrdChannel, OpenApiSchema> = {
  standard: STANDARD.properties!.spec!,
  experimental: EXPERIMENTAL.properties!.spec!,
};

const SELECTOR_HINT =
  'kube-apiserver accepts this ClusterNetworkPolicy (the CRD does not check label selectors), but no implementation can evaluate this selector';

export function validateClusterNetworkPolicySpec(
  spec: unknown,
  channel: CrdChannel,
  opts: ClusterNetworkPolicyValidationOptions = { kubernetesVersion: LATEST_KUBERNETES_VERSION },
): FieldError[] {
  // `spec: null` is pruned like any non-nullable null, so it is missing too.
  if (spec === undefined || spec === null) return [required(SPEC)];
  const { errors, value } = checkAgainstSchema(spec, SPEC_SCHEMAS[channel], SPEC, {
    kubernetesVersion: opts.kubernetesVersion,
    unknownFieldHint: channel === 'standard' ? experimentalOnlyHint : undefined,
  });
  const failed = errors.filter((e) => e.severity === 'error').map((e) => (e.sourcePath ?? e.path).toString());
  const clean = (path: FieldPath) => {
    const p = path.toString();
    return !failed.some((f) => f === p || f.startsWith(`${p}.`) || f.startsWith(`${p}[`));
  };
  for (const { path, selector } of selectorsOf(value)) {
    if (!clean(path)) continue; // the schema errors there come first
    for (const e of validateLabelSelector(selector, path)) {
      errors.push({ ...e, hint: e.hint ? `${SELECTOR_HINT}; ${e.hint}` : SELECTOR_HINT });
    }
  }
  return errors;
}

/** For a field the standard CRD prunes but the experimental one has. */
function experimentalOnlyHint(path: FieldPath): string | undefined {
  if (!schemaAt(SPEC_SCHEMAS.experimental, path.segments.slice(1))) return undefined;
  const name = path.segments[path.segments.length - 1];
  return (
    `${String(name)} exists only in the experimental channel of the ClusterNetworkPolicy CRD: ` +
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
  if (!isMap(spec)) return out;
  peerSelectors(spec.subject, SPEC.child('subject'), out);
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    listOf(spec[direction]).forEach((rule, i) => {
      if (!isMap(rule)) return;
      listOf(rule[peers]).forEach((peer, j) => peerSelectors(peer, SPEC.child(direction).index(i).child(peers).index(j), out));
    });
  }
  return out;
}

function peerSelectors(peer: unknown, path: FieldPath, out: Selector[]): void {
  if (!isMap(peer)) return;
  const add = (value: unknown, at: FieldPath) => {
    if (isMap(value)) out.push({ path: at, selector: value as LabelSelector });
  };
  add(peer.namespaces, path.child('namespaces'));
  if (isMap(peer.pods)) {
    add(peer.pods.namespaceSelector, path.child('pods', 'namespaceSelector'));
    add(peer.pods.podSelector, path.child('pods', 'podSelector'));
  }
  add(peer.nodes, path.child('nodes'));
}

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
