/**
 * A path to a field inside an object, printed exactly as kube-apiserver prints
 * it (`spec.ingress[0].ports[0].endPort`, `metadata.labels[app]`).
 * Immutable: every step returns a new path, so callers can share prefixes.
 */
export type PathSegment = string | number | { key: string };

export class FieldPath {
  private constructor(readonly segments: readonly PathSegment[]) {}

  static root(...names: string[]): FieldPath {
    return new FieldPath(names);
  }

  /** A struct field (`.name`). */
  child(...names: string[]): FieldPath {
    return new FieldPath([...this.segments, ...names]);
  }

  /** A list element (`[3]`). */
  index(i: number): FieldPath {
    return new FieldPath([...this.segments, i]);
  }

  /** A map entry (`[key]`). */
  key(k: string): FieldPath {
    return new FieldPath([...this.segments, { key: k }]);
  }

  toString(): string {
    let out = '';
    for (const s of this.segments) {
      if (typeof s === 'number') out += `[${s}]`;
      else if (typeof s === 'string') out += out === '' ? s : `.${s}`;
      else out += `[${s.key}]`;
    }
    return out;
  }
}
