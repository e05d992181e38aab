/**
 * What every part of Palisade reports to users. The JSON shape of a
 * diagnostic is a public contract (`palisade validate -o json`): add fields,
 * never rename or remove them.
 */
export type Severity = 'error' | 'warning' | 'note';

/** The kinds of field error kube-apiserver uses, plus the decoder's own. */
export type ErrorType =
  | 'Required'
  | 'Invalid'
  | 'NotSupported'
  | 'Forbidden'
  | 'TooLong'
  | 'TooMany'
  | 'Duplicate'
  | 'TypeInvalid'
  | 'UnknownField'
  | 'Syntax'
  | 'IO'
  | 'Semantic';

export interface Diagnostic {
  severity: Severity;
  /** The message without location, as the API server words it where it has a rule. */
  message: string;
  /** The file; for an object read from an API server, `cluster:Kind/namespace/name` (and no line). */
  file?: string;
  line?: number;
  column?: number;
  /** `Kind namespace/name`, e.g. `NetworkPolicy default/deny-all`. */
  object?: string;
  /** Field path as kube-apiserver prints it. */
  field?: string;
  type?: ErrorType;
  /** What would be right, where we can say. */
  hint?: string;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Stable order for output: by file, position, then severity. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      ORDER[a.severity] - ORDER[b.severity],
  );
}
