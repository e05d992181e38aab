/**
 * Parses one document's text into plain values, reading YAML as kubectl's
 * YAML-to-JSON conversion (go-yaml v2, YAML 1.1) does: dates stay strings,
 * `<<` merges, duplicate keys are an error, and unquoted yes/no/on/off are
 * booleans, so a label `enabled: yes` is refused here as it is there.
 */
import jsyaml from 'js-yaml';
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

export type ParseResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; /** 0-based, within the text */ line: number; column: number };

export function parseYaml(text: string): ParseResult {
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
