/**
 * Field errors as kube-apiserver reports them (k8s.io/apimachinery
 * pkg/util/validation/field/errors.go): a type, a field path and a body that
 * reads exactly like `field.Error.ErrorBody()`.
 */
import type { ErrorType } from '../model/diagnostic.js';
import type { FieldPath } from '../model/field-path.js';

export interface FieldError {
  type: ErrorType;
  /** Where, as the API server names it; `path.toString()` prints like kube-apiserver. */
  path: FieldPath;
  /** The body the API server prints after "<field>: ", e.g. `Invalid value: 0: must be between 1 and 65535, inclusive`. */
  message: string;
  /** `warning`: what the API server returns as a warning and still accepts. */
  severity: 'error' | 'warning';
  /** What would be right, where we can say. */
  hint?: string;
  /**
   * Where the offending text sits, when that differs from `path`: the API
   * server names the map (`metadata.labels`) rather than the entry, and names
   * pod template labels `spec.template.labels` although they are written under
   * `spec.template.metadata.labels`. Locate diagnostics with `sourcePath ?? path`.
   */
  sourcePath?: FieldPath;
}

export interface Extra {
  hint?: string;
  sourcePath?: FieldPath;
}

/** A list or struct as a bad value, already printed (see `compositeValue`). */
export class PrintedValue {
  constructor(readonly text: string) {}
}

/** A bad value: Go prints strings with %q, numbers with %v; lists and structs see `compositeValue`. */
export type BadValue = string | number | PrintedValue;

/**
 * A list or struct as a bad value, as field.Error prints it: with Go's %#v
 * until 1.33 (`[]string{"a", "b"}`, given as `goSyntax`), as encoding/json
 * output from 1.34 (`["a","b"]`, made from `value`).
 */
export function compositeValue(value: unknown, goSyntax: string, json: boolean): PrintedValue {
  return new PrintedValue(json ? goJSON(value) : goSyntax);
}

/** encoding/json.Marshal: like JSON.stringify, but <, >, & and U+2028/9 escaped. */
function goJSON(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/** The API server's line for an error: `<field>: <body>`. */
export function formatFieldError(e: FieldError): string {
  return `${e.path.toString()}: ${e.message}`;
}

/** `field.Required`: "Required value[: detail]". */
export function required(path: FieldPath, detail = '', extra?: Extra): FieldError {
  return make('Required', path, 'Required value', detail, extra);
}

/** `field.Invalid`: "Invalid value: <value>: detail". */
export function invalid(path: FieldPath, value: BadValue, detail: string, extra?: Extra): FieldError {
  return make('Invalid', path, `Invalid value: ${goValue(value)}`, detail, extra);
}

/** `field.NotSupported`: "Unsupported value: <value>: supported values: "A", "B"". */
export function notSupported(
  path: FieldPath,
  value: string,
  supported: readonly string[],
  extra?: Extra,
): FieldError {
  const detail = supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return make('NotSupported', path, `Unsupported value: ${goQuote(value)}`, detail, extra);
}

/** `field.Forbidden`: "Forbidden: detail". */
export function forbidden(path: FieldPath, detail: string, extra?: Extra): FieldError {
  return make('Forbidden', path, 'Forbidden', detail, extra);
}

/** `field.TooLong`: the value is never printed, only the limit. */
export function tooLong(path: FieldPath, maxBytes: number, extra?: Extra): FieldError {
  const detail = `may not be more than ${maxBytes} ${maxBytes === 1 ? 'byte' : 'bytes'}`;
  return make('TooLong', path, 'Too long', detail, extra);
}

/** `field.TooMany`: "Too many: <actual>: must have at most <max> items". */
export function tooMany(path: FieldPath, actual: number, max: number, extra?: Extra): FieldError {
  return make('TooMany', path, `Too many: ${actual}`, `must have at most ${max} ${max === 1 ? 'item' : 'items'}`, extra);
}

/** `field.Duplicate`: "Duplicate value: <value>". */
export function duplicate(path: FieldPath, value: BadValue, extra?: Extra): FieldError {
  return make('Duplicate', path, `Duplicate value: ${goValue(value)}`, '', extra);
}

/** What the API server returns in a `Warning:` header; the request still succeeds. */
export function warning(path: FieldPath, message: string, extra?: Extra): FieldError {
  return { ...make('Invalid', path, message, '', extra), severity: 'warning' };
}

/** One `invalid` per message, as upstream loops `for _, msg := range IsXxx(v)`. */
export function invalidEach(path: FieldPath, value: BadValue, messages: readonly string[], extra?: Extra): FieldError[] {
  return messages.map((m) => invalid(path, value, m, extra));
}

function make(type: ErrorType, path: FieldPath, head: string, detail: string, extra: Extra | undefined): FieldError {
  return fieldError(type, path, detail === '' ? head : `${head}: ${detail}`, extra);
}

/** An error whose whole body is given, for the API server's messages no constructor above makes (CRD schema checks). */
export function fieldError(type: ErrorType, path: FieldPath, message: string, extra?: Extra): FieldError {
  const error: FieldError = { type, path, message, severity: 'error' };
  if (extra?.hint !== undefined) error.hint = extra.hint;
  if (extra?.sourcePath !== undefined) error.sourcePath = extra.sourcePath;
  return error;
}

function goValue(value: BadValue): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return String(value);
  return value.text;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};

/** Go's `strconv.Quote` (what %q prints): printable runes as they are, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (cp < 0x80) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
