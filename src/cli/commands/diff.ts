/**
 * `palisade diff`: what a change does to connectivity, between two versions
 * (paths, or git revisions of the repository here), for people, pull-request
 * comments and tools.
 */
import { Command, Option } from 'commander';
import { connectivityDiff, type ConnectivityChange, type ConnectivityDiff } from '../../analysis/diff.js';
import { resolveSide, SideError, type Side } from '../../analysis/sides.js';
import type { Engine } from '../../engine/engine.js';
import { portsOfInterest } from '../../engine/ports.js';
import type { RuleRef } from '../../engine/types.js';
import { denyingSideText, ruleRefText } from '../../engine/verdict-words.js';
import type { IgnoredPolicy } from '../../sources/load.js';
import type { ParseResult } from '../../sources/parse-document.js';
import { compileInputs, exitCodeFor, portsFor, withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { hasFiles, readLive } from '../inputs.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { color } from '../format/color.js';
import { ignoredPoliciesMarkdown, ignoredPolicyJson } from '../format/ignored-policies.js';

interface DiffOptions extends AnalysisOptions {
  path: string[];
  base?: string;
  head?: string;
  ports?: string;
  output: 'table' | 'markdown' | 'json';
  failOn: 'gained' | 'lost' | 'any' | 'none';
}

export function diffCommand(): Command {
  return withAnalysisOptions(new Command('diff'))
    .description('compare the connectivity of two versions; exit 1 when connections are gained or lost (see --fail-on)')
    .option('--base <path|rev>', 'the version before: a path, or a git revision of the repository here (e.g. origin/main); with --cluster, laid over the live state')
    .option('--head <path|rev>', 'the version after: a path, or a git revision; with --cluster, laid over the live state')
    .option('--path <path>', 'with a git revision: read this path of it (relative to here) instead of the whole current directory; repeatable', (v: string, prev: string[]) => [...prev, v], [])
    .option('--ports <list>', 'ports to compare, e.g. 80/TCP,53/UDP (default: those either side names)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'markdown', 'json']).default('table'))
    .addOption(new Option('--fail-on <change>', 'exit 1 when such changes exist').choices(['gained', 'lost', 'any', 'none']).default('any'))
    .action(async (opts: DiffOptions) => {
      const sides: Side[] = [];
      try {
        const plan = diffPlan(opts);
        for (const spec of plan.specs) sides.push(resolveSide(spec, opts.path));
        // Both sides see the same live snapshot, and share the documents they both hold: each is read and parsed once.
        const shared = { parsed: new Map<string, ParseResult>(), ...(opts.cluster ? { live: await readLive(opts) } : {}) };
        const read = (i: 0 | 1) =>
          compileInputs({ ...opts, filename: [...(sides[i]?.paths ?? []), ...plan.inputs[i].filename], kustomize: plan.inputs[i].kustomize }, sides[i]?.display, shared);
        const baseSide = await read(0);
        const headSide = await read(1);
        const [base, head] = [baseSide.engine, headSide.engine];
        const ignored = { base: baseSide.ignored, head: headSide.ignored };
        const ports = unionPorts(opts.ports, base, head);
        const diff = connectivityDiff(base, head, ports);
        const labels = plan.labels(shared.live?.context);
        const text =
          opts.output === 'json'
            ? JSON.stringify({ ...labels, ...diff, ...ignoredJson(ignored) }, null, 2)
            : opts.output === 'markdown'
              ? markdown(diff, labels, head, base, ignored)
              : table(diff, labels, head, base);
        process.stdout.write(text + '\n');
        const failing = opts.failOn === 'none' ? 0 : opts.failOn === 'gained' ? diff.gained : opts.failOn === 'lost' ? diff.lost : diff.gained + diff.lost;
        process.exitCode = exitCodeFor(failing > 0 ? EXIT.finding : EXIT.ok, [...ignored.base, ...ignored.head], opts);
      } catch (e) {
        if (e instanceof SideError) throw new UsageError(e.message);
        throw e;
      } finally {
        for (const side of sides) side.cleanup();
      }
    });
}

/** The -f and -k inputs of one side, besides its path or revision. */
type SideInputs = Pick<DiffOptions, 'filename' | 'kustomize'>;

/**
 * What each side reads. Without --cluster: --base and --head, each with the
 * -f files both share. With --cluster and neither: the live state against
 * the live state with the -f files applied (what `kubectl apply -f` would
 * change). With --cluster and both: each laid over the live state.
 */
function diffPlan(opts: DiffOptions): { specs: string[]; inputs: [SideInputs, SideInputs]; labels: (context?: string) => { base: string; head: string } } {
  const given = [opts.base, opts.head].filter((s) => s !== undefined).length;
  const files = { filename: opts.filename, kustomize: opts.kustomize };
  if (opts.cluster && given === 0) {
    if (!hasFiles(opts)) throw new UsageError('diff --cluster compares the live state with files applied over it: give them with -f PATH (or -k DIR)');
    const applied = [...opts.filename, ...opts.kustomize].join(' ');
    return { specs: [], inputs: [{ filename: [], kustomize: [] }, files], labels: (context) => ({ base: `cluster ${context}`, head: `cluster ${context} + ${applied}` }) };
  }
  if (given < 2) throw new UsageError('diff needs --base and --head (paths or git revisions), or --cluster with -f PATH to compare the live state with the files applied');
  return {
    specs: [opts.base!, opts.head!],
    inputs: [files, files],
    labels: (context) => (context ? { base: `cluster ${context} + ${opts.base!}`, head: `cluster ${context} + ${opts.head!}` } : { base: opts.base!, head: opts.head! }),
  };
}

interface Ignored {
  base: IgnoredPolicy[];
  head: IgnoredPolicy[];
}

/** Each side's ignored policies, in one list that says the side of each. */
function ignoredJson(ignored: Ignored): { ignoredPolicies?: Record<string, unknown>[] } {
  const all = (['base', 'head'] as const).flatMap((side) => ignored[side].map((p) => ({ side, ...ignoredPolicyJson(p) })));
  return all.length > 0 ? { ignoredPolicies: all } : {};
}

/** The ports given, or those either side names: ranges are cut where either side's ports begin or end. */
function unionPorts(text: string | undefined, base: Engine, head: Engine) {
  if (text !== undefined) return portsFor(text, base, []);
  const served = [...base.endpoints(), ...head.endpoints()].flatMap((e) => e.servedPorts ?? []);
  return portsOfInterest([...base.portEntries(), ...head.portEntries()], served);
}

/** The engine that allows a change's connection names its rules. */
function allowedText(c: ConnectivityChange, head: Engine, base: Engine): string[] {
  const engine = c.change === 'gained' ? head : base;
  return c.allowed.map((r: RuleRef) => ruleRefText(engine, r));
}

function deniedText(c: ConnectivityChange): string[] {
  return c.denied.map(denyingSideText);
}

function table(diff: ConnectivityDiff, labels: { base: string; head: string }, head: Engine, base: Engine): string {
  const lines = [
    `${color.bold('connectivity')} ${labels.base} → ${labels.head} on ${diff.ports.join(', ') || 'no ports'}: ${color.green(`+${diff.gained} gained`)}, ${color.red(`-${diff.lost} lost`)}`,
  ];
  let section = '';
  for (const c of diff.changes) {
    const heading = `${c.from.namespace || 'outside the cluster'} → ${c.to.namespace || 'outside the cluster'}`;
    if (heading !== section) lines.push('', color.bold(heading));
    section = heading;
    const sign = c.change === 'gained' ? color.green('+') : color.red('-');
    lines.push(`  ${sign} ${c.from.label} → ${c.to.label} on ${c.port}`);
    const [now, then] = c.change === 'gained' ? [labels.head, labels.base] : [labels.base, labels.head];
    for (const t of allowedText(c, head, base)) lines.push(color.dim(`      allowed in ${now} by ${t}`));
    for (const t of deniedText(c)) lines.push(color.dim(`      denied in ${then} by ${t}`));
  }
  if (diff.added.length) lines.push('', `endpoints only in ${labels.head} (not compared): ${diff.added.join(', ')}`);
  if (diff.removed.length) lines.push('', `endpoints only in ${labels.base} (not compared): ${diff.removed.join(', ')}`);
  return lines.join('\n');
}

function markdown(diff: ConnectivityDiff, labels: { base: string; head: string }, head: Engine, base: Engine, ignored: Ignored): string {
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
  } else {
    lines.push('', 'No connection is gained or lost.');
  }
  if (diff.added.length) lines.push('', `Only in \`${labels.head}\` (not compared): ${diff.added.join(', ')}`);
  if (diff.removed.length) lines.push('', `Only in \`${labels.base}\` (not compared): ${diff.removed.join(', ')}`);
  return lines.join('\n');
}
