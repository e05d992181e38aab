/** Colour only on a terminal and never with NO_COLOR; picocolors checks both for stdout. */
import pc from 'picocolors';
import type { Severity } from '../../model/diagnostic.js';

export const color = pc;

/** Text without colour codes, for lines no terminal reads (logs). */
export function withoutColour(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export function severityLabel(s: Severity): string {
  if (s === 'error') return pc.red(pc.bold('error'));
  if (s === 'warning') return pc.yellow(pc.bold('warning'));
  return pc.cyan('note');
}

/** What marks everything --include-audit adds to an answer: what enforcing the audited policies would change. */
export const AUDIT_MARK = pc.cyan(pc.bold('AUDIT'));
