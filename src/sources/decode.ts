/**
 * Type-checks a parsed document against a schema, as the API server's
 * decoder does: a value of the wrong type makes the object invalid, an
 * unknown field is a warning (strict field validation), `null` means absent.
 * Returns the value with only known, well-typed fields.
 */
import leven from 'leven';
import type { ErrorType } from '../model/diagnostic.js';
import type { FieldPath, PathSegment } from '../model/field-path.js';
import type { Schema } from './schema.js';

export interface DecodeIssue {
  type: Extract<ErrorType, 'TypeInvalid' | 'UnknownField'>;
  severity: 'error' | 'warning';
  path: FieldPath;
  message: string;
  hint?: string;
}

/** Bounds the work on hostile input such as alias bombs. */
const NODE_BUDGET = 1_000_000;

export class DecodeBudgetExceeded extends Error {
  constructor() {
    super(`document has more than ${NODE_BUDGET} values to read (alias expansion?)`);
  }
}

export function decode(value: unknown, schema: Schema, root: FieldPath, issues: DecodeIssue[]): unknown {
  const budget = { left: NODE_BUDGET };
  return decodeValue(value, schema, { root, issues, budget }, undefined);
}

interface Context {
  root: FieldPath;
  issues: DecodeIssue[];
  budget: { left: number };
}

/** The path to the current value, built as a cheap linked list; turned into a FieldPath only for an issue. */
interface Step {
  parent: Step | undefined;
  segment: PathSegment;
}

function fieldPath(ctx: Context, step: Step | undefined): FieldPath {
  const segments: PathSegment[] = [];
  for (let s = step; s; s = s.parent) segments.push(s.segment);
  let path = ctx.root;
  for (const seg of segments.reverse()) {
    path = typeof seg === 'number' ? path.index(seg) : typeof seg === 'string' ? path.child(seg) : path.key(seg.key);
  }
  return path;
}

function decodeValue(value: unknown, schema: Schema, ctx: Context, at: Step | undefined): unknown {
  if (--ctx.budget.left < 0) throw new DecodeBudgetExceeded();
  if (value === null || value === undefined) return undefined;
  switch (schema.t) {
    case 'any':
      return value;
    case 'string':
      return typeof value === 'string' ? value : wrongType(ctx, at, value, 'a string', quoteHint(value));
    case 'bool':
      return typeof value === 'boolean' ? value : wrongType(ctx, at, value, 'a boolean (true or false)');
    case 'int32':
      return isInt32(value) ? value : wrongType(ctx, at, value, 'a 32-bit integer');
    case 'intOrString':
      return typeof value === 'string' || isInt32(value) ? value : wrongType(ctx, at, value, 'a 32-bit integer or a string');
    case 'list': {
      if (!Array.isArray(value)) return wrongType(ctx, at, value, 'a list', 'write it as a YAML list (`- item`) or `[]`');
      const out: unknown[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        // A null element stays, as the zero value it decodes to in Go.
        out[i] = decodeValue(value[i], schema.items, ctx, { parent: at, segment: i }) ?? zeroOf(schema.items);
      }
      return out;
    }
    case 'map': {
      if (!isPlainObject(value)) return wrongType(ctx, at, value, 'a map of strings');
      const out: Record<string, unknown> = {};
      for (const k in value) {
        const decoded = decodeValue(value[k], schema.values, ctx, { parent: at, segment: { key: k } });
        if (decoded !== undefined) out[k] = decoded;
      }
      return out;
    }
    case 'object': {
      if (!isPlainObject(value)) return wrongType(ctx, at, value, 'an object');
      const out: Record<string, unknown> = {};
      for (const k of zeroFields(schema)) if (value[k] === undefined) out[k] = zeroOf(schema.fields[k]!);
      for (const k in value) {
        const field = Object.hasOwn(schema.fields, k) ? schema.fields[k] : undefined;
        if (field) {
          const decoded = decodeValue(value[k], field, ctx, { parent: at, segment: k });
          if (decoded !== undefined) out[k] = decoded;
          else if (field.zero) out[k] = zeroOf(field);
        } else if (!schema.open) {
          unknownField(ctx, { parent: at, segment: k }, k, Object.keys(schema.fields));
        }
      }
      return out;
    }
  }
}

function wrongType(ctx: Context, at: Step | undefined, value: unknown, want: string, hint?: string): undefined {
  ctx.issues.push({
    type: 'TypeInvalid',
    severity: 'error',
    path: fieldPath(ctx, at),
    message: `Invalid value: ${describe(value)}: must be ${want}`,
    ...(hint ? { hint } : {}),
  });
  return undefined;
}

function unknownField(ctx: Context, at: Step, name: string, known: string[]): void {
  const guess = closestName(name, known);
  const path = fieldPath(ctx, at);
  ctx.issues.push({
    type: 'UnknownField',
    severity: 'warning',
    path,
    message: `unknown field "${path}"`,
    hint: guess
      ? `did you mean "${guess}"? An unknown field is ignored by the API server, which changes what the object means`
      : `known fields here: ${known.join(', ')}`,
  });
}

const zeroFieldsCache = new WeakMap<Schema, string[]>();

/** The fields of an object schema that decode to their zero value when absent. */
function zeroFields(schema: Extract<Schema, { t: 'object' }>): string[] {
  let names = zeroFieldsCache.get(schema);
  if (!names) {
    names = Object.keys(schema.fields).filter((k) => schema.fields[k]!.zero);
    zeroFieldsCache.set(schema, names);
  }
  return names;
}

function zeroOf(schema: Schema): unknown {
  switch (schema.t) {
    case 'string':
      return '';
    case 'int32':
    case 'intOrString':
      return 0;
    case 'bool':
      return false;
    case 'list':
      return [];
    case 'object':
      return Object.fromEntries(Object.entries(schema.fields).flatMap(([k, f]) => (f.zero ? [[k, zeroOf(f)]] : [])));
    default:
      return {};
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'an object';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function quoteHint(v: unknown): string | undefined {
  if (typeof v === 'boolean') return 'quote the value: unquoted true/false/yes/no/on/off are booleans in YAML';
  return typeof v === 'number' ? `quote it to make it a string: "${String(v)}"` : undefined;
}

/** The known name a typo most likely meant: same letters ignoring case, or at most two edits away. */
export function closestName(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0 : leven(k, name);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}
