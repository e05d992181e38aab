/** Label selectors (rule 8): matching, a cache key, and why a label set misses. */
import type { LabelSelector, Labels } from '../model/objects.js';

export function selectorMatches(sel: LabelSelector, labels: Labels): boolean {
  for (const key in sel.matchLabels) {
    if (labels[key] !== sel.matchLabels[key]) return false;
  }
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // validation refuses other operators; never match what we cannot read
    }
  }
  return true;
}

export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** The same key for selectors that select the same label sets (order of entries aside). */
export function selectorKey(sel: LabelSelector): string {
  const labels = Object.entries(sel.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  const exprs = (sel.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} ${[...(e.values ?? [])].sort().join(',')}`).sort();
  return [...labels, ...exprs].join(';');
}

/** Each requirement the labels fail, in words (`lacks label team=a`). Empty when the selector matches. */
export function selectorMisses(sel: LabelSelector, labels: Labels, what: string): string[] {
  const misses: string[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
    if (!Object.hasOwn(labels, key)) misses.push(`${what} lacks label ${key}=${value}`);
    else if (labels[key] !== value) misses.push(`${what} has ${key}=${labels[key]}, not ${key}=${value}`);
  }
  for (const e of sel.matchExpressions ?? []) {
    if (selectorMatches({ matchExpressions: [e] }, labels)) continue;
    const values = (e.values ?? []).join(', ');
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === 'In') {
      misses.push(has ? `${what} has ${e.key}=${labels[e.key]}, not one of (${values})` : `${what} lacks label ${e.key} (one of ${values})`);
    } else if (e.operator === 'NotIn') misses.push(`${what} has ${e.key}=${labels[e.key]}, which the selector excludes`);
    else if (e.operator === 'Exists') misses.push(`${what} lacks label ${e.key}`);
    else if (e.operator === 'DoesNotExist') misses.push(`${what} has label ${e.key}, which must be absent`);
    else misses.push(`${what}: unknown operator ${e.operator}`);
  }
  return misses;
}
