/**
 * Diagnostics for people: one block per finding, led by `file:line:column`
 * so terminals and editors can jump to it, then the field and message, then
 * what would be right.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { color, severityLabel } from './color.js';

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file === undefined ? '' : `${d.file}${d.line === undefined ? '' : `:${d.line}:${d.column ?? 1}`}: `;
  const head = `${color.bold(where)}${severityLabel(d.severity)}${d.object ? `: ${d.object}` : ''}`;
  const lines = [head, `  ${d.field ? `${color.bold(d.field)}: ` : ''}${d.message}`];
  if (d.hint) lines.push(`  ${color.dim(`hint: ${d.hint}`)}`);
  return lines.join('\n');
}

/** `1 error`, `2 errors`; `pluralWord` for the irregular ones (`policies`). */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): string {
  const n = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('note'), 'note')}`;
}
