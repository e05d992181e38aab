/**
 * The policies an answer ignores (kinds Palisade does not evaluate), said the
 * same way by every analysis command: on stderr for people, as a JSON field
 * for tools, in Markdown for pull-request comments.
 */
import { placeText } from '../../model/objects.js';
import type { IgnoredPolicy } from '../../sources/load.js';
import { color } from './color.js';
import { plural } from './diagnostics.js';
import { groupBy } from '../../model/grouping.js';

/** Places listed per kind before "and N more". */
const LISTED = 3;

const ref = (p: IgnoredPolicy) => [p.namespace, p.name ?? '<no name>'].filter(Boolean).join('/');

/** `file:line namespace/name`; a place with no line (read from an API server: `cluster:Kind/namespace/name`) names the policy itself. */
function placeOf(p: IgnoredPolicy, quote: (text: string) => string = (text) => text): string {
  return p.line === undefined ? quote(p.file) : `${quote(placeText(p, { column: false }))} ${ref(p)}`;
}

/** Per kind (and who enforces it): how many, and the first few places. */
function byKind(ignored: readonly IgnoredPolicy[], place: (p: IgnoredPolicy) => string): string[] {
  const groups = groupBy(ignored, (p) => `${p.kind} (${p.apiVersion || 'no apiVersion'}, ${p.by})`);
  return [...groups].map(([key, ps]) => {
    const more = ps.length > LISTED ? ` and ${ps.length - LISTED} more` : '';
    return `${ps.length} ${key}: ${ps.slice(0, LISTED).map(place).join(', ')}${more}`;
  });
}

/** The warning's words: what the answer ignores, then a line per kind (the page of `palisade ui` shows them as they are). */
export function ignoredPoliciesLines(ignored: readonly IgnoredPolicy[]): string[] {
  return [
    `the input holds ${plural(ignored.length, 'policy', 'policies')} of kinds Palisade does not evaluate; this answer ignores them, so connectivity in the cluster may be narrower than it says:`,
    ...byKind(ignored, (p) => placeOf(p)).map((l) => `  ${l}`),
  ];
}

/** `failing`: --fail-on-ignored-policies was given. */
export function ignoredPoliciesWarning(ignored: readonly IgnoredPolicy[], failing: boolean): string {
  const [head, ...kinds] = ignoredPoliciesLines(ignored);
  return (
    `${color.yellow(color.bold('palisade: warning:'))} ${head}\n${kinds.map((l) => `${l}\n`).join('')}` +
    (failing ? `  (exit 2, as --fail-on-ignored-policies asks)\n` : `  (--fail-on-ignored-policies makes this exit 2)\n`)
  );
}

export function ignoredPoliciesMarkdown(ignored: readonly IgnoredPolicy[], side = ''): string[] {
  return [
    `> ⚠️ **${side}${plural(ignored.length, 'policy', 'policies')} of kinds Palisade does not evaluate** are ignored: connectivity in the cluster may be narrower than this says.`,
    ...byKind(ignored, (p) => placeOf(p, (text) => `\`${text}\``)).map((l) => `> - ${l}`),
  ];
}

/** The public JSON shape of an ignored policy: add fields, never rename or remove them. */
export function ignoredPolicyJson(p: IgnoredPolicy): Record<string, unknown> {
  const { kind, apiVersion, namespace, name, file, line, column } = p;
  return Object.fromEntries(Object.entries({ kind, apiVersion, namespace, name, file, line, column }).filter(([, v]) => v !== undefined));
}

/** `{ignoredPolicies: [...]}` to spread into a JSON answer, or nothing when no policy was ignored. */
export function ignoredPoliciesField(ignored: readonly IgnoredPolicy[]): { ignoredPolicies?: Record<string, unknown>[] } {
  return ignored.length > 0 ? { ignoredPolicies: ignored.map(ignoredPolicyJson) } : {};
}
