/**
 * A custom resource checked against its CRD's structural schema as
 * kube-apiserver does on create (apiextensions-apiserver):
 *
 * 1. decoding prunes unknown fields (pruning.PruneWithOptions; a warning
 *    each, sorted by path) and then non-nullable `null`s
 *    (PruneNonNullableNullsWithoutDefaults): a `null` field is absent;
 *    then an absent field with a `default` gets it (structuraldefaulting.Default);
 * 2. kube-openapi's SchemaValidator, its errors worded by
 *    kubeOpenAPIResultToFieldErrors (validation.go);
 * 3. `x-kubernetes-list-type` set and map uniqueness (listtype.ValidateListSetsAndMaps);
 * 4. the `x-kubernetes-validations` CEL rules, only when 1–3 gave no
 *    blocking error (customResourceStrategy.Validate, hasBlockingErr).
 *
 * CEL is not interpreted: each rule text the vendored CRDs hold maps to a
 * TypeScript predicate (CEL_RULES). A schema with any other rule or a keyword
 * this module does not implement throws on first use, so a CRD update can
 * never be checked only in part.
 */
import type { ErrorType } from '../model/diagnostic.js';
import { FieldPath } from '../model/field-path.js';
import { andList } from '../model/list-text.js';
import { closestName, isPlainObject } from '../sources/decode.js';
import { type FieldError, PrintedValue, compositeValue, duplicate, fieldError, goQuote, invalid, required, tooLong, tooMany } from './field-error.js';
import { isIPv4Mapped, parseCIDRSloppy } from './ip-text.js';
import {
  type KubernetesVersion,
  LATEST_KUBERNETES_VERSION,
  compareKubernetesVersions,
  releaseRules,
} from './kubernetes-version.js';

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** The OpenAPI v3 keywords of a structural schema that this module implements. */
export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  nullable?: boolean;
  default?: unknown;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
}

export interface SchemaValidationOptions {
  /** The release whose wording to use; the latest Palisade knows by default. */
  kubernetesVersion?: KubernetesVersion;
  /** A hint for an unknown field instead of the closest known name. */
  unknownFieldHint?: (path: FieldPath) => string | undefined;
}

export interface SchemaCheck {
  errors: FieldError[];
  /** The value as the API server keeps it: a JSON copy without unknown fields and `null` fields. */
  value: unknown;
}

interface CelRule {
  holds: (self: never) => boolean;
  hint: string;
}

/**
 * Every CEL rule text of the vendored CRDs, as a predicate over `self`. CEL
 * runs only when the schema checks left no blocking error, so `self` has the
 * schema's types and its required fields here.
 */
export const CEL_RULES: ReadonlyMap<string, CelRule> = new Map<string, CelRule>([
  [
    'self.start < self.end',
    {
      holds: (self: { start: number; end: number }) => self.start < self.end,
      hint: 'a range needs start below end; for a single port write `number` instead',
    },
  ],
  [
    'isCIDR(self)',
    {
      holds: (self: string) => isCIDR(self),
      hint: 'write an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or 2001:db8::/32: no leading zeros, no zone, no IPv4-mapped IPv6 (::ffff:a.b.c.d)',
    },
  ],
  noNamedPortToAddresses('protocols', 'protocol', 'destinationNamedPort', ['networks', 'nodes', 'domainNames']),
  // AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1 (experimental: BANP has no domainNames).
  noNamedPortToAddresses('ports', 'port', 'namedPort', ['networks', 'nodes', 'domainNames']),
  noNamedPortToAddresses('ports', 'port', 'namedPort', ['networks', 'nodes']),
  [
    // BaselineAdminNetworkPolicy's root: CEL sees metadata.name as set on create (after generateName).
    "self.metadata.name == 'default'",
    {
      holds: (self: { metadata?: { name?: string } }) => self.metadata?.name === 'default',
      hint: 'a cluster has one BaselineAdminNetworkPolicy, named `default`: name it so and put all baseline rules in it',
    },
  ],
]);

/**
 * The rule that forbids named ports in a rule whose peers are addresses
 * (networks, nodes, domain names), as each CRD spells it: the ports list
 * and its CEL variable, the named-port field and the address peers it has.
 */
function noNamedPortToAddresses(portsField: string, item: string, namedPortField: string, addressPeers: readonly string[]): [string, CelRule] {
  const peers = addressPeers.map((f) => `has(peer.${f})`).join(' || ');
  const rule = `!(self.to.exists(peer, ${peers}) && has(self.${portsField}) && self.${portsField}.exists(${item}, has(${item}.${namedPortField})))`;
  return [
    rule,
    {
      holds: (self: { to: Record<string, unknown>[] } & Record<string, unknown>) => {
        const ports = self[portsField] as Record<string, unknown>[] | undefined;
        return !(self.to.some((peer) => addressPeers.some((f) => Object.hasOwn(peer, f))) && ports !== undefined && ports.some((p) => Object.hasOwn(p, namedPortField)));
      },
      hint: `named ports exist only on pods: give ${andList(addressPeers)} peers port numbers, or move the named port to a rule with pods or namespaces peers`,
    },
  ];
}

/**
 * The Kubernetes CEL library's isCIDR (apiserver pkg/cel/library/cidr.go):
 * netip.ParsePrefix, which keeps host bits (10.0.0.1/8 is a CIDR) but refuses
 * leading zeros in octets and prefix lengths, hex groups over 4 digits and
 * zones; then an IPv4-mapped IPv6 address is refused.
 */
export function isCIDR(s: string): boolean {
  const parsed = parseCIDRSloppy(s);
  return parsed !== undefined && parsed.strictSyntax && !isIPv4Mapped(parsed);
}

export function validateAgainstSchema(
  value: unknown,
  schema: OpenApiSchema,
  path: FieldPath,
  opts: SchemaValidationOptions = {},
): FieldError[] {
  return checkAgainstSchema(value, schema, path, opts).errors;
}

/** validateAgainstSchema, and the value as the API server would store it. */
export function checkAgainstSchema(
  value: unknown,
  schema: OpenApiSchema,
  path: FieldPath,
  opts: SchemaValidationOptions = {},
): SchemaCheck {
  assertSchemaSupported(schema);
  const version = opts.kubernetesVersion ?? LATEST_KUBERNETES_VERSION;
  const since = (minor: number) => compareKubernetesVersions(version, { major: 1, minor }) >= 0;
  const ctx: Context = {
    errors: [],
    jsonBadValues: releaseRules(version).jsonBadValues,
    celOmitsValue: since(35),
    numericFormats: since(36),
  };
  if (value === undefined) return { errors: [], value };
  const copy = jsonCopy(value);
  const unknown: UnknownField[] = [];
  pruneUnknown(copy, schema, path, unknown);
  pruneNulls(copy, schema);
  applyDefaults(copy, schema);
  validateNode(copy, schema, path, ctx);
  checkListTypes(copy, schema, path, ctx);
  if (ctx.errors.some((e) => BLOCKING.has(e.type))) {
    // Reported with no field (a nil path prints "<nil>") and a nil value.
    ctx.errors.push(
      fieldError('Invalid', NIL_PATH, `Invalid value: ${ctx.jsonBadValues ? 'null' : '"null"'}: ${RULES_NOT_CHECKED}`, {
        hint: "the CRD's x-kubernetes-validations rules run once the errors above are fixed",
        sourcePath: path,
      }),
    );
  } else {
    checkRules(copy, schema, path, ctx);
  }
  unknown.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const warnings = unknown.map((u) => {
    const hint = opts.unknownFieldHint?.(u.path) ?? unknownFieldHint(u.name, u.known);
    return { ...fieldError('UnknownField', u.path, `unknown field "${u.text}"`, { hint }), severity: 'warning' as const };
  });
  return { errors: [...warnings, ...ctx.errors], value: copy };
}

const RULES_NOT_CHECKED =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

/** hasBlockingErr: after these, CEL rules are not evaluated. */
const BLOCKING: ReadonlySet<ErrorType> = new Set(['NotSupported', 'Required', 'TooLong', 'TooMany', 'TypeInvalid']);

/** field.Error with a nil path, as errors not tied to a field print. */
const NIL_PATH = FieldPath.root('<nil>');

interface Context {
  errors: FieldError[];
  /** Composite bad values print as JSON (1.34+), else with Go's %#v. */
  jsonBadValues: boolean;
  /** A failed rule omits an object's or list's value and shows a scalar's (1.35+), else shows the schema type. */
  celOmitsValue: boolean;
  /**
   * Integer and number formats (int32, int64, float, double) reach kube-openapi,
   * which checks that the value fits (1.36+); before, the API server stripped
   * them from the schema as formats it does not support.
   */
  numericFormats: boolean;
}

// ---------------------------------------------------------------- schema support

const KEYWORDS: ReadonlySet<string> = new Set([
  'type', 'format', 'nullable', 'default', 'properties', 'required', 'additionalProperties', 'items', 'enum',
  'minimum', 'maximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minLength',
  'maxLength', 'pattern', 'description', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type', 'x-kubernetes-validations',
]);

const supported = new WeakSet<OpenApiSchema>();

/**
 * Throws, naming the place, if the schema uses a keyword or a CEL rule this
 * module does not implement. Checks the whole schema once, so a rule under a
 * field that a given object lacks fails as loudly as any other.
 */
export function assertSchemaSupported(schema: OpenApiSchema): void {
  if (supported.has(schema)) return;
  assertNode(schema, '#');
  supported.add(schema);
}

function assertNode(s: OpenApiSchema, at: string): void {
  const fail = (what: string): never => {
    throw new Error(`CRD schema at ${at}: ${what}; src/validation/crd-schema.ts does not implement it`);
  };
  for (const key of Object.keys(s)) if (!KEYWORDS.has(key)) fail(`keyword "${key}"`);
  if (typeof s.additionalProperties === 'boolean') fail(`additionalProperties: ${s.additionalProperties}`);
  if (s.enum?.some((v) => typeof v !== 'string')) fail('an enum value that is not a string');
  if (s.type === 'integer' && [s.minimum, s.maximum].some((b) => b !== undefined && !Number.isInteger(b))) {
    fail('a bound that is not an integer on an integer');
  }
  if (s.format !== undefined && s.type !== 'integer' && s.type !== 'number' && s.type !== 'string') {
    fail(`format "${s.format}" on type ${s.type ?? '(none)'}`);
  }
  if (s.pattern !== undefined) regexpOf(s.pattern, at);
  for (const r of s['x-kubernetes-validations'] ?? []) {
    if (!CEL_RULES.has(r.rule)) {
      throw new Error(`CRD schema at ${at}: CEL rule ${JSON.stringify(r.rule)} is not implemented: add a predicate for it to CEL_RULES in src/validation/crd-schema.ts`);
    }
    for (const field of ['messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'] as const) {
      if (r[field] !== undefined) fail(`the rule's ${field}`);
    }
  }
  for (const [name, p] of Object.entries(s.properties ?? {})) assertNode(p, `${at}/properties/${name}`);
  if (s.items) assertNode(s.items, `${at}/items`);
  if (typeof s.additionalProperties === 'object') assertNode(s.additionalProperties, `${at}/additionalProperties`);
}

const regexps = new Map<string, RegExp>();

/** Go RE2 patterns as JavaScript ones: the same for the CRDs' ASCII classes, anchors and groups. */
function regexpOf(pattern: string, at = ''): RegExp {
  let re = regexps.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern);
    } catch (e) {
      throw new Error(`CRD schema at ${at}: pattern ${JSON.stringify(pattern)} is not a JavaScript regular expression: ${(e as Error).message}`);
    }
    regexps.set(pattern, re);
  }
  return re;
}

// ---------------------------------------------------------------- decoding

/** What kubectl sends: JSON (dates become strings, undefined goes). */
function jsonCopy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null');
}

interface UnknownField {
  path: FieldPath;
  text: string;
  name: string;
  known: string[];
}

/** pruning.prune: a field no schema describes goes, even under a value of the wrong type. */
function pruneUnknown(x: unknown, s: OpenApiSchema | undefined, path: FieldPath, out: UnknownField[]): void {
  if (Array.isArray(x)) {
    x.forEach((v, i) => pruneUnknown(v, s?.items, path.index(i), out));
    return;
  }
  if (!isPlainObject(x)) return;
  for (const k of Object.keys(x)) {
    const sub = fieldSchema(k, s);
    if (sub) {
      pruneUnknown(x[k], sub, path.child(k), out);
    } else {
      const p = path.child(k);
      out.push({ path: p, text: p.toString(), name: k, known: Object.keys(s?.properties ?? {}) });
      delete x[k];
    }
  }
}

/** PruneNonNullableNullsWithoutDefaults: `field: null` is as if absent. List items stay. */
function pruneNulls(x: unknown, s: OpenApiSchema | undefined): void {
  if (Array.isArray(x)) {
    for (const v of x) pruneNulls(v, s?.items);
    return;
  }
  if (!isPlainObject(x)) return;
  for (const k of Object.keys(x)) {
    const sub = fieldSchema(k, s);
    if (x[k] === null && sub && !sub.nullable) delete x[k];
    else pruneNulls(x[k], sub);
  }
}

/** structuraldefaulting.Default: a field the object lacks takes its schema's default (nulls are pruned before, so they take it too). */
function applyDefaults(x: unknown, s: OpenApiSchema): void {
  if (isPlainObject(x)) {
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      if (sub.default !== undefined && !Object.hasOwn(x, k)) x[k] = jsonCopy(sub.default);
    }
  }
  eachChild(x, s, FieldPath.root(), (v, sub) => applyDefaults(v, sub));
}

function fieldSchema(k: string, s: OpenApiSchema | undefined): OpenApiSchema | undefined {
  if (s?.properties && Object.hasOwn(s.properties, k)) return s.properties[k];
  return typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

function unknownFieldHint(name: string, known: string[]): string {
  const best = closestName(name, known);
  if (best) return `did you mean "${best}"? The API server prunes an unknown field, which changes what the object means`;
  return known.length > 0 ? `known fields here: ${known.join(', ')}` : 'the API server prunes it';
}

// ---------------------------------------------------------------- kube-openapi

/** How Go holds a decoded JSON value: integers that fit are int64, other numbers float64. */
type Kind = 'null' | 'bool' | 'string' | 'int' | 'float' | 'slice' | 'map';

function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  // Beyond 2^53 a JavaScript number no longer says whether the text was an integer.
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'int' : 'float';
  return Array.isArray(v) ? 'slice' : 'map';
}

/** typeValidator.schemaInfoForType: JSON type and format of a value. */
const TYPE_INFO: Record<Exclude<Kind, 'null'>, [string, string]> = {
  bool: ['boolean', ''],
  string: ['string', ''],
  int: ['integer', 'int64'],
  float: ['number', 'float64'],
  slice: ['array', ''],
  map: ['object', ''],
};

/** SchemaValidator.Validate: its validators in order, each where it applies to the value's kind. */
function validateNode(data: unknown, s: OpenApiSchema, path: FieldPath, ctx: Context): void {
  const name = path.toString();
  const kind = kindOf(data);
  if (kind === 'null') {
    // Only the type and enum validators look at null.
    if (s.type !== undefined && !s.nullable) typeError(path, s.type, 'null', ctx);
    checkEnum(data, s, path, ctx);
    return;
  }
  const format = formatOf(s, ctx);
  if (s.type !== undefined || format !== '') checkType(kind, s, format, path, ctx);
  if (kind === 'string') checkString(data as string, s, path, ctx);
  if (kind === 'int' || kind === 'float') checkNumber(data as number, kind, s, format, path, ctx);
  if (kind === 'slice') {
    const list = data as unknown[];
    if (s.items) list.forEach((v, i) => validateNode(v, s.items!, path.index(i), ctx));
    if (s.minItems !== undefined && list.length < s.minItems) {
      ctx.errors.push(invalidValue(path, list.length, `${name} in body should have at least ${s.minItems} items`, ctx));
    }
    if (s.maxItems !== undefined && list.length > s.maxItems) ctx.errors.push(tooMany(path, list.length, s.maxItems));
  }
  checkEnum(data, s, path, ctx);
  if (kind === 'map') checkObject(data as Record<string, unknown>, s, path, ctx);
}

/** The format kube-openapi sees (StripUnsupportedFormatsPostProcessorForVersion). */
function formatOf(s: OpenApiSchema, ctx: Context): string {
  if (s.format === undefined) return '';
  if (s.type === 'string') return s.format;
  if (!ctx.numericFormats) return '';
  const valid = s.type === 'integer' ? ['int32', 'int64'] : ['float', 'double'];
  return valid.includes(s.format) ? s.format : '';
}

/** typeValidator.Validate (integers from JSON are int64, so its int32-in-int64 leniencies never apply). */
function checkType(kind: Exclude<Kind, 'null'>, s: OpenApiSchema, want: string, path: FieldPath, ctx: Context): void {
  const [schType, format] = TYPE_INFO[kind];
  const isIntFloat = schType === 'integer' && s.type === 'number';
  if (kind !== 'string' && kind !== 'slice' && want && !(s.type === schType || format === want || isIntFloat)) {
    // From 1.36 `priority: true` says `must be of type int32: ""`: the format, and the value's format.
    typeError(path, want, format, ctx);
    return;
  }
  if (s.type !== 'number' && s.type !== 'integer' && want && (kind === 'string' || kind === 'slice')) return;
  if (!(s.type === schType || isIntFloat)) typeError(path, s.type ?? '', schType, ctx);
}

function typeError(path: FieldPath, want: string, got: string, ctx: Context): void {
  const hint =
    want === 'string' && (got === 'integer' || got === 'number' || got === 'boolean')
      ? 'quote the value to make it a string'
      : (want === 'integer' || want === 'int32') && got === 'string'
        ? 'write the number without quotes'
        : undefined;
  ctx.errors.push(
    fieldError('TypeInvalid', path, `Invalid value: ${goQuote(got)}: ${path} in body must be of type ${want}: ${goQuote(got)}`, { hint }),
  );
}

/** stringValidator: the first failure only. Lengths count characters, though the message says bytes. */
function checkString(data: string, s: OpenApiSchema, path: FieldPath, ctx: Context): void {
  const length = [...data].length;
  if (s.maxLength !== undefined && length > s.maxLength) {
    ctx.errors.push(tooLong(path, s.maxLength, { hint: `${length} characters: write at most ${s.maxLength}` }));
  } else if (s.minLength !== undefined && length < s.minLength) {
    ctx.errors.push(invalidValue(path, data, `${path} in body should be at least ${s.minLength} chars long`, ctx));
  } else if (s.pattern !== undefined && !regexpOf(s.pattern).test(data)) {
    ctx.errors.push(invalidValue(path, data, `${path} in body should match '${s.pattern}'`, ctx));
  }
  // formatValidator: string formats only (an integer's int32 does not apply to a string).
  if (s.type === 'string' && s.format) {
    throw new Error(`${path}: string format "${s.format}" is not implemented by src/validation/crd-schema.ts`);
  }
}

/** numberValidator: format range (1.36+), then minimum, then maximum. */
function checkNumber(n: number, kind: 'int' | 'float', s: OpenApiSchema, format: string, path: FieldPath, ctx: Context): void {
  const typeName = s.type === 'integer' || s.type === 'number' ? s.type : '';
  if (ctx.numericFormats && !fitsFormat(n, typeName, typeName === '' ? '' : format)) {
    // A plain error, not a Validation: upstream reports it with no field and an empty value.
    const detail = `Checked value must be of type ${typeName} ${format ? `with format ${format}` : '(default format)'} in ${path}`;
    ctx.errors.push(fieldError('Invalid', NIL_PATH, `Invalid value: "": ${detail}`, { sourcePath: path }));
  }
  // Integers compare with the bound as an integer and print it so; floats print with %v.
  const bound = (b: number) => (kind === 'int' ? String(Math.trunc(b)) : goFloat(b));
  if (s.minimum !== undefined && n < (kind === 'int' ? Math.trunc(s.minimum) : s.minimum)) {
    ctx.errors.push(invalidValue(path, n, `${path} in body should be greater than or equal to ${bound(s.minimum)}`, ctx));
  }
  if (s.maximum !== undefined && n > (kind === 'int' ? Math.trunc(s.maximum) : s.maximum)) {
    ctx.errors.push(invalidValue(path, n, `${path} in body should be less than or equal to ${bound(s.maximum)}`, ctx));
  }
}

/** IsValueValidAgainstRange: the value's decimal text parses as the type and format (strconv). */
function fitsFormat(n: number, typeName: string, format: string): boolean {
  if (typeName === 'integer') {
    if (!Number.isInteger(n)) return false; // "1.5" is no integer
    return format === 'int32' ? n >= -(2 ** 31) && n < 2 ** 31 : n >= -(2 ** 63) && n < 2 ** 63;
  }
  return format !== 'float' || Math.abs(n) <= 3.4028234663852886e38;
}

/** basicCommonValidator: strings only here (assertSchemaSupported), compared as reflect converts them. */
function checkEnum(data: unknown, s: OpenApiSchema, path: FieldPath, ctx: Context): void {
  if (!s.enum || s.enum.length === 0) return;
  const values = s.enum as string[];
  // reflect converts an int64 to a string as a rune: 65 equals "A".
  const asString = typeof data === 'string' ? data : kindOf(data) === 'int' ? rune(data as number) : undefined;
  if (asString !== undefined && values.includes(asString)) return;
  const caseFix = typeof data === 'string' ? values.find((v) => v.toLowerCase() === data.toLowerCase()) : undefined;
  const supportedText = values.map(goQuote).join(', ');
  ctx.errors.push(
    fieldError('NotSupported', path, `Unsupported value: ${badValue(data, ctx)}: supported values: ${supportedText}`, {
      hint: caseFix ? `values are case-sensitive: write ${caseFix}` : undefined,
    }),
  );
}

function rune(n: number): string {
  return n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
}

/** objectValidator: property counts, additional properties, properties, then required fields. */
function checkObject(map: Record<string, unknown>, s: OpenApiSchema, path: FieldPath, ctx: Context): void {
  const keys = Object.keys(map);
  if (s.minProperties !== undefined && keys.length < s.minProperties) {
    ctx.errors.push(invalidValue(path, keys.length, `${path} in body should have at least ${s.minProperties} properties`, ctx));
  }
  if (s.maxProperties !== undefined && keys.length > s.maxProperties) {
    ctx.errors.push(tooMany(path, keys.length, s.maxProperties));
  }
  const props = s.properties ?? {};
  const additional = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  if (additional) {
    for (const k of keys) if (!Object.hasOwn(props, k)) validateNode(map[k], additional, path.child(k), ctx);
  }
  for (const k of keys) if (Object.hasOwn(props, k)) validateNode(map[k], props[k]!, path.child(k), ctx);
  for (const k of s.required ?? []) if (!Object.hasOwn(map, k)) ctx.errors.push(required(path.child(k)));
}

// ---------------------------------------------------------------- list types

/** ValidateListSetsAndMaps: the first repeat of each value (or map key) is a Duplicate. */
function checkListTypes(x: unknown, s: OpenApiSchema, path: FieldPath, ctx: Context): void {
  if (Array.isArray(x)) {
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set') {
      for (const i of repeats(x)) ctx.errors.push(duplicateValue(path.index(i), x[i], ctx));
    } else if (listType === 'map') {
      checkListMap(x, s['x-kubernetes-list-map-keys'] ?? [], path, ctx);
    }
  }
  eachChild(x, s, path, (v, sub, at) => checkListTypes(v, sub, at, ctx));
}

/**
 * The walk the list-type and CEL validators share: a list's items, then a
 * map's entries under additionalProperties (every key), then its fields
 * under properties.
 */
function eachChild(x: unknown, s: OpenApiSchema, path: FieldPath, visit: (v: unknown, s: OpenApiSchema, path: FieldPath) => void): void {
  if (Array.isArray(x)) {
    if (s.items) x.forEach((v, i) => visit(v, s.items!, path.index(i)));
  } else if (isPlainObject(x)) {
    const additional = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    if (additional) for (const k of Object.keys(x)) visit(x[k], additional, path.key(k));
    for (const k of Object.keys(x)) {
      if (s.properties && Object.hasOwn(s.properties, k)) visit(x[k], s.properties[k]!, path.child(k));
    }
  }
}

function checkListMap(x: unknown[], keyFields: string[], path: FieldPath, ctx: Context): void {
  const bad = x.findIndex((v) => v !== null && !isPlainObject(v));
  if (bad >= 0) {
    ctx.errors.push(invalidValue(path.index(bad), x[bad], 'must be an object for an array of list-type map', ctx));
    return;
  }
  const keys = x.map((v) => {
    const key: Record<string, unknown> = {};
    for (const f of keyFields) if (isPlainObject(v) && Object.hasOwn(v, f)) key[f] = v[f];
    return key;
  });
  for (const i of repeats(keys)) ctx.errors.push(duplicateValue(path.index(i), keys[i], ctx));
}

/** validateListSet: indices where a value is seen the second time (scalars by kind and value, the rest as JSON). */
function repeats(list: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  list.forEach((v, i) => {
    const kind = kindOf(v);
    const id = `${kind}:${kind === 'slice' || kind === 'map' ? sortedJSON(v) : String(v)}`;
    const times = seen.get(id) ?? 0;
    seen.set(id, times + 1);
    if (times === 1) out.push(i);
  });
  return out;
}

// ---------------------------------------------------------------- CEL

/** The CEL validator's walk: a node's rules, then its map entries, fields and items. */
function checkRules(x: unknown, s: OpenApiSchema, path: FieldPath, ctx: Context): void {
  if (x === null || x === undefined) return; // rules look at non-null values only
  for (const r of s['x-kubernetes-validations'] ?? []) {
    const rule = CEL_RULES.get(r.rule)!;
    if (rule.holds(x as never)) continue;
    const message = r.message?.trim() ? r.message.trim() : `failed rule: ${r.rule.trim()}`;
    let shown: string;
    if (!ctx.celOmitsValue) shown = `Invalid value: ${goQuote(s.type ?? '')}: `;
    else if (s.type === 'object' || s.type === 'array') shown = 'Invalid value: ';
    else shown = `Invalid value: ${badValue(x, ctx)}: `;
    // The whole object's rules are reported at a nil path: customResourceStrategy gives the CEL validator none.
    const at = path.segments.length === 0 ? NIL_PATH : path;
    ctx.errors.push(fieldError('Invalid', at, `${shown}${message}`, { hint: rule.hint, ...(at === path ? {} : { sourcePath: path }) }));
  }
  eachChild(x, s, path, (v, sub, at) => checkRules(v, sub, at, ctx));
}

// ---------------------------------------------------------------- printing

function invalidValue(path: FieldPath, value: unknown, detail: string, ctx: Context): FieldError {
  return invalid(path, new PrintedValue(badValue(value, ctx)), detail);
}

function duplicateValue(path: FieldPath, value: unknown, ctx: Context): FieldError {
  return duplicate(path, new PrintedValue(badValue(value, ctx)), { hint: 'list each value once' });
}

/** field.Error.ErrorBody's value: %q for strings, %v for numbers and booleans, composites as JSON or %#v. */
function badValue(v: unknown, ctx: Context): string {
  switch (kindOf(v)) {
    case 'string':
      return goQuote(v as string);
    case 'bool':
    case 'int':
      return String(v);
    case 'float':
      return goFloat(v as number);
    case 'null':
      return ctx.jsonBadValues ? 'null' : '"null"';
    default:
      return compositeValue(sortedCopy(v), goSyntax(v), ctx.jsonBadValues).text;
  }
}

/** Go's %v for a float64: shortest digits, %e notation from exponent -5 down or 6 up. */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const [mantissa, e] = n.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** %#v of a decoded JSON value, as field errors printed composites before 1.34. */
function goSyntax(v: unknown): string {
  switch (kindOf(v)) {
    case 'null':
      return 'interface {}(nil)';
    case 'string':
      return goQuote(v as string);
    case 'float':
      return goFloat(v as number);
    case 'slice':
      return `[]interface {}{${(v as unknown[]).map(goSyntax).join(', ')}}`;
    case 'map': {
      const m = v as Record<string, unknown>;
      const entries = Object.keys(m).sort().map((k) => `${goQuote(k)}:${goSyntax(m[k])}`);
      return `map[string]interface {}{${entries.join(', ')}}`;
    }
    default:
      return String(v);
  }
}

/** encoding/json sorts map keys. */
function sortedCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedCopy);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedCopy(v[k])]));
}

function sortedJSON(v: unknown): string {
  return JSON.stringify(sortedCopy(v));
}
