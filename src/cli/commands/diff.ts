/**
 * `palisade diff`: what a change does to connectivity, between two versions
 * (paths, or git revisions of the repository here), for people, pull-request
 * comments and tools.
 */
import { Command, Option } from 'commander';
import { connectivityDiff } from '../../analysis/diff.js';
import { resolveSide, SideError, type Side } from '../../analysis/sides.js';
import type { ParseResult } from '../../sources/parse-document.js';
import { auditComparison, compileInputs, exitCodeFor, unionPorts, withAnalysisOptions, withAuditOption, type AnalysisOptions } from '../analysis-inputs.js';
import { hasFiles, readLive } from '../inputs.js';
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
        // --include-audit asks about AFTER's audited policies only: BASE needs no second engine.
        const read = (i: 0 | 1) =>
          compileInputs(
            { ...opts, filename: [...(sides[i]?.paths ?? []), ...plan.inputs[i].filename], kustomize: plan.inputs[i].kustomize, includeAudit: i === 1 && opts.includeAudit },
            sides[i]?.display,
            shared,
          );
        const baseSide = await read(0);
        const headSide = await read(1);
        const [base, head] = [baseSide.engine, headSide.engine];
        const ignored = { base: baseSide.ignored, head: headSide.ignored };
        const ports = unionPorts(opts.ports, base, head);
        const diff = connectivityDiff(base, head, ports);
        const labels = plan.labels(shared.live?.context);
        const audit = headSide.withAudit && auditComparison(head, headSide.withAudit, labels.head, opts.ports);
        process.stdout.write(render(opts.output, { diff, labels, base, head }, ignored, audit) + '\n');
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
