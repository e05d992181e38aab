/**
 * Where the lint configuration comes from on disk. Apart from its parsing
 * (config.ts) so that linting needs no file system, as in a browser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG, LintConfigError, parseLintConfig, type LintConfig } from './config.js';

export const CONFIG_FILE = '.palisade.yaml';

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
