/**
 * `palisade diff`: what a change does to connectivity, between two versions
 * (paths, or git revisions of the repository here), for people, pull-request
 * comments and tools.
 */
import { Command, Option } from 'commander';
import { connectivityDiff } from '../../analysis/diff.js';
import type { ParseResult } from '../../sources/parse-document.js';
import { auditComparison, compileInputs, exitCodeFor, unionPorts, withAnalysisOptions, withAuditOption, type AnalysisOptions } from '../analysis-inputs.js';
import { hasFiles, readLive, stdinOnce } from '../inputs.js';
import { baseAndHead, pathOption, withSides, type ReadableSide, type SidePlan } from '../sides.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { auditDiffText, diffJson, diffMarkdown, diffTable, type Comparison, type Ignored } from '../format/diff.js';
import { ignoredPolicyJson } from '../format/ignored-policies.js';

interface DiffOptions extends AnalysisOptions {
  path: string[];
  base?: string;
  head?: string;
  ports?: string;
  output: 'table' | 'markdown' | 'json';
  failOn: 'gained' | 'lost' | 'any' | 'none';
}

export function diffCommand(): Command {
  return withAuditOption(withAnalysisOptions(new Command('diff')))
    .description('compare the connectivity of two versions; exit 1 when connections are gained or lost (see --fail-on)')
    .option('--base <path|rev>', 'the version before: a path, or a git revision of the repository here (e.g. origin/main); with --cluster, laid over the live state')
    .option('--head <path|rev>', 'the version after: a path, or a git revision; with --cluster, laid over the live state')
    .addOption(pathOption())
    .option('--ports <list>', 'ports to compare, e.g. 80/TCP,53/UDP (default: those either side names)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'markdown', 'json']).default('table'))
    .addOption(new Option('--fail-on <change>', 'exit 1 when such changes exist').choices(['gained', 'lost', 'any', 'none']).default('any'))
    .action(async (opts: DiffOptions) => {
      const plan = diffPlan(opts);
      await withSides(plan, opts.path, async ([before, after]) => {
        // Both sides see the same live snapshot and standard input, and share the documents they both hold: each is read and parsed once.
        const shared = { parsed: new Map<string, ParseResult>(), readStdin: stdinOnce(), ...(opts.cluster ? { live: await readLive(opts) } : {}) };
        // --include-audit asks about AFTER's audited policies only: BASE needs no second engine.
        const read = (side: ReadableSide, includeAudit: boolean) => compileInputs({ ...opts, filename: side.filename, kustomize: side.kustomize, includeAudit }, side.display, shared);
        const baseSide = await read(before, false);
        const headSide = await read(after, opts.includeAudit ?? false);
        const [base, head] = [baseSide.engine, headSide.engine];
        const ignored = { base: baseSide.ignored, head: headSide.ignored };
        const ports = unionPorts(opts.ports, base, head);
        const diff = connectivityDiff(base, head, ports);
        const context = shared.live?.context;
        const labels = { base: before.label(context), head: after.label(context) };
        const audit = headSide.withAudit && auditComparison(head, headSide.withAudit, labels.head, opts.ports);
        process.stdout.write(render(opts.output, { diff, labels, base, head }, ignored, audit) + '\n');
        const failing = opts.failOn === 'none' ? 0 : opts.failOn === 'gained' ? diff.gained : opts.failOn === 'lost' ? diff.lost : diff.gained + diff.lost;
        process.exitCode = exitCodeFor(failing > 0 ? EXIT.finding : EXIT.ok, [...ignored.base, ...ignored.head], opts);
      });
    });
}

/**
 * What each side reads. Without --cluster: --base and --head, each with the
 * -f files both share. With --cluster and neither: the live state against
 * the live state with the -f files applied (what `kubectl apply -f` would
 * change). With --cluster and both: each laid over the live state.
 */
function diffPlan(opts: DiffOptions): [SidePlan, SidePlan] {
  const given = [opts.base, opts.head].filter((s) => s !== undefined).length;
  const files = { filename: opts.filename, kustomize: opts.kustomize };
  if (opts.cluster && given === 0) {
    if (!hasFiles(opts)) throw new UsageError('diff --cluster compares the live state with files applied over it: give them with -f PATH (or -k DIR)');
    return [{ filename: [], kustomize: [] }, files];
  }
  if (given < 2) throw new UsageError('diff needs --base and --head (paths or git revisions), or --cluster with -f PATH to compare the live state with the files applied');
  return baseAndHead(opts.base!, opts.head!, files);
}

/** Each side's ignored policies, in one list that says the side of each. */
function ignoredJson(ignored: Ignored): { ignoredPolicies?: Record<string, unknown>[] } {
  const all = (['base', 'head'] as const).flatMap((side) => ignored[side].map((p) => ({ side, ...ignoredPolicyJson(p) })));
  return all.length > 0 ? { ignoredPolicies: all } : {};
}

/** The diff in the format asked; with --include-audit, what enforcing AFTER's audited policies would change after it (`audit`). */
function render(format: DiffOptions['output'], compared: Comparison, ignored: Ignored, audit: Comparison | undefined): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ ...diffJson(compared), ...ignoredJson(ignored), ...(audit ? { audit: diffJson(audit) } : {}) }, null, 2);
    case 'markdown':
      return [diffMarkdown(compared, ignored), ...(audit ? [auditDiffText('markdown', audit, compared.labels.head)] : [])].join('\n\n');
    case 'table':
      return [diffTable(compared), ...(audit ? [auditDiffText('table', audit, compared.labels.head)] : [])].join('\n\n');
  }
}
