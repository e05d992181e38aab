/**
 * Lint configuration: `.palisade.yaml` in the current directory, or a file
 * given with `--config`. Only the `lint` section is read here; other
 * top-level sections belong to other commands and are left alone.
 *
 * ```yaml
 * lint:
 *   checks:
 *     PAL004: off                 # by ID…
 *     ipblock-covers-pods: error  # …or by name
 * ```
 *
 * A mistake is an error naming the file, line and column, and what would be
 * right: a config that silently does nothing is worse than none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { CHECKS, findCheck, SEVERITIES, type CheckId, type LintSeverity } from './checks.js';

export type CheckSetting = LintSeverity | 'off';

export interface LintConfig {
  /** Per check ID: a severity, or off. Checks not listed keep their defaults. */
  checks: Partial<Record<CheckId, CheckSetting>>;
  /** The file it came from, when it came from one. */
  file?: string;
}

export const DEFAULT_CONFIG: LintConfig = { checks: {} };
export const CONFIG_FILE = '.palisade.yaml';

export class LintConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
  }
}

/**
 * `--config FILE` when given (it must exist); otherwise `.palisade.yaml` in
 * `cwd` when there is one; otherwise the defaults.
 */
export function loadLintConfig(file: string | undefined, cwd = process.cwd()): LintConfig {
  const path = file ?? (existsSync(resolve(cwd, CONFIG_FILE)) ? CONFIG_FILE : undefined);
  if (path === undefined) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw new LintConfigError(path, 1, 1, `cannot read the config: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseLintConfig(text, path);
}

const SETTINGS = ['off', ...SEVERITIES].join(', ');

export function parseLintConfig(text: string, file: string): LintConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const fail = (offset: number | undefined, problem: string): never => {
    const { line, col } = lines.linePos(offset ?? 0);
    throw new LintConfigError(file, line, col, problem);
  };
  const err = doc.errors[0];
  if (err) fail(err.pos[0], `not valid YAML: ${err.message.split('\n')[0]}`);
  const at = (n: unknown) => (n as Node | null)?.range?.[0];
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { checks: {}, file };
  if (!isMap(root)) return fail(at(root), 'the config must be a map of sections, e.g. "lint:"');
  const lint = root.get('lint', true) as unknown;
  if (lint === undefined || lint === null || (isScalar(lint) && lint.value === null)) return { checks: {}, file };
  if (!isMap(lint)) return fail(at(lint), '"lint" must be a map, e.g. "lint: { checks: { PAL004: off } }"');
  const checks: Partial<Record<CheckId, CheckSetting>> = {};
  const setAt = new Map<CheckId, string>();
  for (const item of lint.items) {
    if (!isPair(item) || !isScalar(item.key)) return fail(at(item), 'expected "checks:" under "lint"');
    if (item.key.value !== 'checks') return fail(at(item.key), `unknown key "${String(item.key.value)}" under "lint": the only one is "checks"`);
    if (item.value === null || (isScalar(item.value) && item.value.value === null)) continue;
    if (!isMap(item.value)) return fail(at(item.value), '"checks" must be a map from a check ID or name to one of: ' + SETTINGS);
    for (const entry of item.value.items) {
      if (!isPair(entry) || !isScalar(entry.key)) return fail(at(entry), `expected "ID-or-name: setting"`);
      const key = String(entry.key.value);
      const check = findCheck(key);
      if (!check) return fail(at(entry.key), `unknown check "${key}": the checks are ${CHECKS.map((c) => `${c.id} (${c.name})`).join(', ')}`);
      const id = check.id as CheckId;
      const earlier = setAt.get(id);
      if (earlier !== undefined) return fail(at(entry.key), `${check.id} (${check.name}) is already set, as "${earlier}": set each check once`);
      setAt.set(id, key);
      const raw = isScalar(entry.value) ? entry.value.value : undefined;
      // `off` is a string in YAML 1.2; `false` is what YAML 1.1 habits write for it.
      const setting = raw === false ? 'off' : typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (setting !== 'off' && !SEVERITIES.includes(setting as LintSeverity)) {
        return fail(at(entry.value) ?? at(entry.key), `"${key}": ${raw === undefined || raw === null ? 'no setting' : `"${String(raw)}" is not a setting`}: write one of ${SETTINGS}`);
      }
      checks[id] = setting as CheckSetting;
    }
  }
  return { checks, file };
}
