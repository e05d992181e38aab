/** Colour only on a terminal and never with NO_COLOR; picocolors checks both for stdout. */
import pc from 'picocolors';
import type { Severity } from '../../model/diagnostic.js';

export const color = pc;

export function severityLabel(s: Severity): string {
  if (s === 'error') return pc.red(pc.bold('error'));
  if (s === 'warning') return pc.yellow(pc.bold('warning'));
  return pc.cyan('note');
}
