/**
 * Validates everything that was loaded, as the API server would on create:
 * turns field errors into located diagnostics and says which objects it
 * would refuse, so that analysis leaves them out instead of guessing.
 */
import { sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import { FieldPath } from '../model/field-path.js';
import { objectsOf, type Buckets } from '../model/kinds.js';
import { describeObject, type KubeObject } from '../model/objects.js';
import { ignoredPolicyWarning, type IgnoredPolicy, type Manifests } from '../sources/load-text.js';
import { validateObject, type ValidationOptions } from './index.js';
import type { FieldError } from './field-error.js';

export interface ValidationReport {
  /** What loading found and what validation found, in file order. */
  diagnostics: Diagnostic[];
  /** Objects the API server would refuse: analysis must leave them out. */
  invalid: Set<KubeObject>;
  /** No errors at all, in loading or validation. */
  valid: boolean;
  /**
   * The policies every answer ignores, and says so: those of kinds Palisade
   * does not read, and the valid ones it reads but does not evaluate yet
   * (AdminNetworkPolicy, BaselineAdminNetworkPolicy). An invalid one is
   * reported as such instead: the API server would refuse it.
   */
  ignoredPolicies: IgnoredPolicy[];
}

/**
 * `memo`: field errors of objects validated before with the same options, by
 * object: a source that hands the same objects again (see DecodeCache)
 * validates each once.
 */
export function validateManifests(m: Manifests, opts: ValidationOptions, memo?: WeakMap<KubeObject, FieldError[]>): ValidationReport {
  const diagnostics = [...m.diagnostics];
  const invalid = new Set<KubeObject>(m.refused.keys());
  const check = (object: KubeObject) => {
    if (object.kind === 'Namespace' && object.implicit) return; // made up, nothing written to check
    const errors = memo?.get(object) ?? validateObject(object, opts);
    memo?.set(object, errors);
    // A field the decoder already rejected is not reported twice.
    const refused = m.refused.get(object);
    for (const e of errors) {
      const source = e.sourcePath ?? e.path;
      const at = source.toString();
      if (refused && [...refused].some((bad) => at === bad || at.startsWith(bad + '.') || at.startsWith(bad + '['))) {
        continue;
      }
      if (e.severity === 'error') invalid.add(object);
      diagnostics.push({
        severity: e.severity,
        type: e.type,
        ...object.origin.locate(source),
        object: describeObject(object),
        field: e.path.toString(),
        message: e.message,
        ...(e.hint ? { hint: e.hint } : {}),
      });
    }
  };
  objectsOf(m).forEach(check);
  const unevaluated = notEvaluated(m, invalid);
  diagnostics.push(...unevaluated.map(ignoredPolicyWarning));
  return {
    diagnostics: sortDiagnostics(diagnostics),
    invalid,
    valid: !diagnostics.some((d) => d.severity === 'error'),
    ignoredPolicies: [...m.unreadPolicies, ...unevaluated],
  };
}

/** The valid policies Palisade reads but does not evaluate yet, named as answers name ignored policies. */
function notEvaluated(m: Buckets, invalid: ReadonlySet<KubeObject>): IgnoredPolicy[] {
  return m.adminPolicies
    .filter((p) => !invalid.has(p))
    .map((p) => ({
      kind: p.kind,
      apiVersion: p.apiVersion,
      ...(p.metadata.name ? { name: p.metadata.name } : {}),
      by: 'the Kubernetes network policy API',
      ...p.origin.locate(FieldPath.root()),
    }));
}
