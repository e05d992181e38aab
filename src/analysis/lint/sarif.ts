/**
 * Lint findings as a SARIF 2.1.0 log, for code-scanning tools: every check
 * is a rule of the driver (with its configured level), every finding a result
 * located by file (relative to the current directory), line and column, and
 * by the object it concerns. A finding about an object read from an API
 * server has no file: the object alone locates it (a logical location).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CHECKS, type LintSeverity } from './checks.js';
import type { LintConfig } from './config.js';
import type { Finding, LintResult } from './lint.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note' | 'none';

const LEVEL: Record<LintSeverity, Level> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  config: LintConfig;
  /** The tool's version (package.json). */
  version: string;
  /** Where relative URIs start (default: the current directory). */
  cwd?: string;
  /** The run's property bag (what the answer ignored, say); none when empty. */
  runProperties?: Record<string, unknown>;
}

export function toSarif(result: LintResult, opts: SarifOptions): Record<string, unknown> {
  const cwd = opts.cwd ?? process.cwd();
  const index = new Map<string, number>(CHECKS.map((c, i) => [c.id, i]));
  const rules = CHECKS.map((c) => {
    const setting = opts.config.checks[c.id] ?? c.severity;
    return {
      id: c.id,
      name: c.name,
      shortDescription: { text: c.summary },
      fullDescription: { text: `${c.summary} ${c.why}` },
      help: { text: `${c.why} See docs/lint.md (${c.id} ${c.name}) for a bad and a good example.` },
      defaultConfiguration: setting === 'off' ? { enabled: false, level: 'none' as Level } : { level: LEVEL[setting] },
      properties: { tags: ['kubernetes', 'networkpolicy'] },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'palisade', semanticVersion: opts.version, version: opts.version, rules } },
        results: result.findings.map((f) => sarifResult(f, index.get(f.id)!, cwd)),
        columnKind: 'unicodeCodePoints',
        ...(opts.runProperties && Object.keys(opts.runProperties).length > 0 ? { properties: opts.runProperties } : {}),
      },
    ],
  };
}

function sarifResult(f: Finding, ruleIndex: number, cwd: string): Record<string, unknown> {
  return {
    ruleId: f.id,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.hint ? `${f.message}. Hint: ${f.hint}` : f.message },
    locations: [
      {
        ...(f.line === undefined ? {} : { physicalLocation: { artifactLocation: { uri: fileUri(f.file, cwd) }, region: { startLine: f.line, startColumn: f.column } } }),
        logicalLocations: [{ fullyQualifiedName: `${f.object} ${f.field}`, name: f.field, kind: 'member' }],
      },
    ],
    properties: { object: f.object, field: f.field, checkName: f.name },
  };
}

/** A relative URI reference from `cwd` to `file`, with `/` separators and reserved characters escaped. */
export function fileUri(file: string, cwd: string): string {
  // Standard input and made-up sources have no path: keep the name.
  if (file === '-' || file.startsWith('<')) return encodeURIComponent(file);
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  const rel = relative(cwd, abs);
  return rel.split(sep).map((part) => encodeURIComponent(part)).join('/');
}
