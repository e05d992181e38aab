/**
 * Validates everything that was loaded, as the API server would on create:
 * turns field errors into located diagnostics and says which objects it
 * would refuse, so that analysis leaves them out instead of guessing.
 */
import { sortDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import { objectsOf } from '../model/kinds.js';
import { describeObject, type KubeObject } from '../model/objects.js';
import type { IgnoredPolicy, Manifests } from '../sources/load-text.js';
import { validateObject, type ValidationOptions } from './index.js';
import type { FieldError } from './field-error.js';

export interface ValidationReport {
  /** What loading found and what validation found, in file order. */
  diagnostics: Diagnostic[];
  /** Objects the API server would refuse: analysis must leave them out. */
  invalid: Set<KubeObject>;
  /** No errors at all, in loading or validation. */
  valid: boolean;
  /** The policies every answer ignores, and says so: those of kinds Palisade does not read. */
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
    let errors = memo?.get(object);
    if (!errors) {
      errors = validateObject(object, opts);
      memo?.set(object, errors);
    }
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
  return {
    diagnostics: sortDiagnostics(diagnostics),
    invalid,
    valid: !diagnostics.some((d) => d.severity === 'error'),
    ignoredPolicies: m.unreadPolicies,
  };
}
