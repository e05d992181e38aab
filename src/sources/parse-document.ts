/**
 * Parses one document's text into plain values, reading YAML as kubectl's
 * YAML-to-JSON conversion (go-yaml v2, YAML 1.1) does: dates stay strings,
 * `<<` merges, duplicate keys are an error, and unquoted yes/no/on/off are
 * booleans, so a label `enabled: yes` is refused here as it is there.
 */
import jsyaml from 'js-yaml';
import { readBlockYaml, UNREAD } from './block-yaml.js';
import { jsonErrorOffset } from './json-error-offset.js';

const mergeType = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge;
// Replaces the core schema's boolean type (same tag), so it must list true/false too.
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE|n|N|no|No|NO|off|Off|OFF|false|False|FALSE)$/;
const yaml11Bool = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) => YAML11_BOOL.test(data),
  construct: (data: string) => /^(?:y|yes|on|true)$/i.test(data),
});
const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [yaml11Bool, mergeType] });

/** The schema's implicit types in the order js-yaml tries them on a plain scalar (null, bool, int, float, merge). */
const IMPLICIT = (SCHEMA as unknown as { compiledImplicit?: jsyaml.Type[] }).compiledImplicit;

/**
 * What each implicit type's scalars can start with: null `~`/n/N, bool
 * y/Y/n/N/o/O/t/T/f/F, int and float a sign, digit or `.`, merge `<`. A
 * scalar starting otherwise (most names) is a string without trying them.
 */
const MAY_RESOLVE = /^[-+.~<0-9nNyYoOtTfF]/;

/** A plain scalar as js-yaml resolves it with SCHEMA: the first implicit type that takes it, or the string. */
export function resolvePlain(text: string): unknown {
  if (!MAY_RESOLVE.test(text)) return text;
  for (const type of IMPLICIT!) if (type.resolve(text)) return type.construct(text);
  return text;
}

export type ParseResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; /** 0-based, within the text */ line: number; column: number };

export function parseYaml(text: string): ParseResult {
  // The common block style first; what it leaves, the general parser reads (see block-yaml.ts).
  const block = IMPLICIT ? readBlockYaml(text, resolvePlain) : UNREAD;
  if (block !== UNREAD) return { ok: true, value: block };
  return parseYamlGenerally(text);
}

/** js-yaml alone: what parseYaml falls back on, and what the block reader is held to (block-yaml.test.ts). */
export function parseYamlGenerally(text: string): ParseResult {
  try {
    return { ok: true, value: jsyaml.load(text, { schema: SCHEMA }) };
  } catch (e) {
    if (e instanceof jsyaml.YAMLException) {
      return { ok: false, message: e.reason, line: e.mark?.line ?? 0, column: e.mark?.column ?? 0 };
    }
    if (e instanceof RangeError) return tooDeep();
    throw e;
  }
}

export function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    if (e instanceof SyntaxError) {
      const message = e.message.split(/ in JSON at position|, (?:\.\.\.)?"/)[0];
      return { ok: false, message: `invalid JSON: ${message}`, ...lineColumnAt(text, jsonErrorOffset(text)) };
    }
    if (e instanceof RangeError) return tooDeep();
    throw e;
  }
}

function tooDeep(): ParseResult {
  return { ok: false, message: 'document is nested too deeply to read', line: 0, column: 0 };
}


function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length - 1, column: offset - lastBreak - 1 };
}
