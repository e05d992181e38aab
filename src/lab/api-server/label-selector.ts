/**
 * The `labelSelector` query parameter: equality-based (`a=b`, `a==b`,
 * `a!=b`) and set-based (`a in (x,y)`, `a notin (x)`, `a`, `!a`)
 * requirements, comma-separated and all required, as labels.Parse reads them.
 */
import { badRequest } from './status.js';

type Labels = Readonly<Record<string, string>>;

const REQUIREMENT = /^\s*(!?)\s*([A-Za-z0-9][A-Za-z0-9._/-]*)\s*(?:(==|=|!=)\s*([A-Za-z0-9._-]*)|\s+(in|notin)\s*\(([^()]*)\))?\s*$/;

/** Splits at commas outside parentheses. */
function requirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A predicate over an object's labels; 400 Bad Request for a selector that does not parse. */
export function parseLabelSelector(text: string): (labels: Labels | undefined) => boolean {
  if (text.trim() === '') return () => true;
  const tests = requirements(text).map((part): ((labels: Labels) => boolean) => {
    const m = REQUIREMENT.exec(part);
    if (!m || (m[1] && (m[3] || m[5]))) throw badRequest(`unable to parse requirement: found '${part.trim()}' in label selector "${text}"`);
    const [, not, key, op, value, setOp, setValues] = m;
    const has = (labels: Labels) => Object.hasOwn(labels, key!);
    if (op === '=' || op === '==') return (labels) => has(labels) && labels[key!] === value;
    if (op === '!=') return (labels) => !has(labels) || labels[key!] !== value;
    if (setOp) {
      const values = new Set(setValues!.split(',').map((v) => v.trim()));
      return setOp === 'in' ? (labels) => has(labels) && values.has(labels[key!]!) : (labels) => !has(labels) || !values.has(labels[key!]!);
    }
    return not ? (labels) => !has(labels) : has;
  });
  return (labels) => tests.every((test) => test(labels ?? {}));
}
