/** The colours of the commands' words, when wanted (see colourWanted). */
import picocolors from 'picocolors';
import type { Severity } from '../../model/diagnostic.js';

/**
 * Colour on a terminal only (stdout's), never with NO_COLOR, and with
 * FORCE_COLOR whatever the output (but FORCE_COLOR=0). picocolors' own rule
 * also colours whenever CI is set, which would write escape codes into the
 * files and pipes a CI job keeps.
 */
export function colourWanted(env: Readonly<Record<string, string | undefined>>, stdoutIsTerminal: boolean): boolean {
  if (env['NO_COLOR']) return false;
  if (env['FORCE_COLOR'] !== undefined) return env['FORCE_COLOR'] !== '0';
  return stdoutIsTerminal && env['TERM'] !== 'dumb';
}

// The page's worker has no process, and its picocolors (the browser build) no colours.
export const color = picocolors.createColors(typeof process !== 'undefined' && colourWanted(process.env, process.stdout?.isTTY === true));

/** Text without colour codes, for lines no terminal reads (logs). */
export function withoutColour(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export function severityLabel(s: Severity): string {
  if (s === 'error') return color.red(color.bold('error'));
  if (s === 'warning') return color.yellow(color.bold('warning'));
  return color.cyan('note');
}

/** What marks everything --include-audit adds to an answer: what enforcing the audited policies would change. */
export const AUDIT_MARK = color.cyan(color.bold('AUDIT'));
