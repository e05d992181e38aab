/**
 * A connectivity diff for people (table) and pull-request comments
 * (Markdown): `diff` prints one between two versions; `matrix` and `diff`
 * with --include-audit print one between what the nodes enforce and what
 * enforcing the audited policies would give.
 */
import type { ConnectivityChange, ConnectivityDiff } from '../../analysis/diff.js';
import type { Engine } from '../../engine/engine.js';
import type { RuleRef } from '../../engine/types.js';
import { denyingSideText, ruleRefText } from '../../engine/verdict-words.js';
import type { IgnoredPolicy } from '../../sources/load.js';
import { AUDIT_MARK, color } from './color.js';
import { changesGraph } from './graph.js';
import { toMermaid } from './graph-writer.js';
import { ignoredPoliciesMarkdown } from './ignored-policies.js';

/** What the two sides are called in the output. */
export interface DiffLabels {
  base: string;
  head: string;
}

/** A diff with what it compared: each side's engine names the rules that side's answers come from. */
export interface Comparison {
  diff: ConnectivityDiff;
  labels: DiffLabels;
  base: Engine;
  head: Engine;
}

export interface Ignored {
  base: IgnoredPolicy[];
  head: IgnoredPolicy[];
}

/** The engine that allows a change's connection names its rules. */
function allowedText(c: ConnectivityChange, head: Engine, base: Engine): string[] {
  const engine = c.change === 'gained' ? head : base;
  return c.allowed.map((r: RuleRef) => ruleRefText(engine, r));
}

function deniedText(c: ConnectivityChange): string[] {
  return c.denied.map(denyingSideText);
}

/** `listed`: how many changes to list at most (the page's panes); the rest are counted. */
export function diffTable({ diff, labels, head, base }: Comparison, listed = Infinity): string {
  const lines = [
    `${color.bold('connectivity')} ${labels.base} → ${labels.head} on ${diff.ports.join(', ') || 'no ports'}: ${color.green(`+${diff.gained} gained`)}, ${color.red(`-${diff.lost} lost`)}`,
  ];
  let section = '';
  for (const c of diff.changes.slice(0, listed)) {
    const heading = `${c.from.namespace || 'outside the cluster'} → ${c.to.namespace || 'outside the cluster'}`;
    if (heading !== section) lines.push('', color.bold(heading));
    section = heading;
    const sign = c.change === 'gained' ? color.green('+') : color.red('-');
    lines.push(`  ${sign} ${c.from.label} → ${c.to.label} on ${c.port}`);
    const [now, then] = c.change === 'gained' ? [labels.head, labels.base] : [labels.base, labels.head];
    for (const t of allowedText(c, head, base)) lines.push(color.dim(`      allowed in ${now} by ${t}`));
    for (const t of deniedText(c)) lines.push(color.dim(`      denied in ${then} by ${t}`));
  }
  const unlisted = diff.changes.length - listed;
  if (unlisted > 0) lines.push('', `and ${unlisted} more ${unlisted === 1 ? 'change' : 'changes'}, not listed here: palisade diff lists every one`);
  if (diff.added.length) lines.push('', `endpoints only in ${labels.head} (not compared): ${diff.added.join(', ')}`);
  if (diff.removed.length) lines.push('', `endpoints only in ${labels.base} (not compared): ${diff.removed.join(', ')}`);
  return lines.join('\n');
}

export function diffMarkdown({ diff, labels, head, base }: Comparison, ignored: Ignored): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `### Palisade: connectivity changes \`${labels.base}\` → \`${labels.head}\``,
    '',
    `**+${diff.gained} gained, −${diff.lost} lost** on ${diff.ports.map((p) => `\`${p}\``).join(', ') || 'no ports'}`,
  ];
  // Before the changes: a reviewer must know the comparison is partial before trusting it.
  for (const side of ['base', 'head'] as const) {
    if (ignored[side].length > 0) lines.push('', ...ignoredPoliciesMarkdown(ignored[side], `\`${labels[side]}\`: `));
  }
  if (diff.changes.length) {
    lines.push('', '| | from | to | port | allowed by | denied by |', '|---|---|---|---|---|---|');
    for (const c of diff.changes) {
      const [now, then] = c.change === 'gained' ? [labels.head, labels.base] : [labels.base, labels.head];
      lines.push(
        `| ${c.change === 'gained' ? '➕ gained' : '➖ lost'} | ${cell(c.from.label)} | ${cell(c.to.label)} | ${c.port} | ${allowedText(c, head, base)
          .map((t) => `${cell(t)} (${now})`)
          .join('<br>')} | ${deniedText(c)
          .map((t) => `${cell(t)} (${then})`)
          .join('<br>')} |`,
      );
    }
    lines.push('', ...changesPicture(diff));
  } else {
    lines.push('', 'No connection is gained or lost.');
  }
  if (diff.added.length) lines.push('', `Only in \`${labels.head}\` (not compared): ${diff.added.join(', ')}`);
  if (diff.removed.length) lines.push('', `Only in \`${labels.base}\` (not compared): ${diff.removed.join(', ')}`);
  return lines.join('\n');
}

/** Past this many arrows a graph is a tangle: the table alone says it better. */
const MAX_GRAPH_EDGES = 30;

/** The changes as a Mermaid graph, which GitHub draws; one line instead when too many to read. */
function changesPicture(diff: ConnectivityDiff): string[] {
  const graph = changesGraph(diff.changes);
  if (graph.edges.length > MAX_GRAPH_EDGES) {
    return [`_The graph of these changes is left out: it would have ${graph.edges.length} arrows (one per pair of endpoints gained or lost), more than the ${MAX_GRAPH_EDGES} that read clearly; the table lists every change._`];
  }
  return ['```mermaid', toMermaid(graph), '```'];
}

/** The diff for tools: the sides' labels, then the diff's fields. */
export function diffJson({ diff, labels }: Comparison): DiffLabels & ConnectivityDiff {
  return { ...labels, ...diff };
}

/**
 * What enforcing the audited policies would change (matrix and diff with
 * --include-audit), set apart under an AUDIT line; that line alone when
 * nothing would change. `of` names whose policies, when the input is not one
 * (diff's AFTER).
 */
export function auditDiffText(format: 'table' | 'markdown', audit: Comparison, of?: string): string {
  const md = format === 'markdown';
  const whose = of === undefined ? 'the audited policies' : `the audited policies of ${md ? `\`${of}\`` : of}`;
  const mark = md ? '**AUDIT:**' : `${AUDIT_MARK}:`;
  if (audit.diff.changes.length === 0) return `${mark} enforcing ${whose} would change no connection${md ? '.' : ''}`;
  // The enforced answer above has warned about ignored policies already.
  const changes = md ? diffMarkdown(audit, { base: [], head: [] }) : diffTable(audit);
  return `${mark} enforcing ${whose} would change:\n${md ? '\n' : ''}${changes}`;
}
