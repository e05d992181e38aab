/**
 * `palisade lint`: likely mistakes in policies that the API server accepts,
 * found with the engine on the cluster given. Exit 1 when findings at or
 * above `--fail-on` exist, 0 otherwise, 2 on usage, config or I/O errors.
 */
import { Command, Option } from 'commander';
import { clusterOf } from '../../engine/cluster.js';
import { severityRank, type LintSeverity } from '../../analysis/lint/checks.js';
import { LintConfigError, type LintConfig } from '../../analysis/lint/config.js';
import { loadLintConfig } from '../../analysis/lint/config-file.js';
import { countFindings, failsAt, lint, lintJson, type Finding, type LintResult } from '../../analysis/lint/lint.js';
import { toSarif } from '../../analysis/lint/sarif.js';
import { placeText } from '../../model/objects.js';
import { compileInputs, exitCodeFor, withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { color } from '../format/color.js';
import { ignoredPoliciesField } from '../format/ignored-policies.js';
import { plural } from '../format/diagnostics.js';
import { PACKAGE_VERSION } from '../../package-files.js';

interface LintOptions extends AnalysisOptions {
  output: 'table' | 'json' | 'sarif';
  failOn: LintSeverity;
  config?: string;
}


export function lintCommand(): Command {
  return withAnalysisOptions(new Command('lint'))
    .description('find likely mistakes in network policies (see docs/lint.md); exit 1 when findings at or above --fail-on exist')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['error', 'warning', 'info']).default('error'))
    .option('--config <file>', 'lint configuration (default: .palisade.yaml in the current directory, when there is one)')
    .action(async (opts: LintOptions) => {
      const config = readConfig(opts.config);
      const { engine, manifests, report, ignored } = await compileInputs({ ...opts, audit: 'as enforced' });
      const result = lint(engine, clusterOf(manifests, report), config);
      for (const w of result.warnings) process.stderr.write(`${color.yellow('palisade: warning:')} ${w}\n`);
      let out: string;
      const ignoredField = ignoredPoliciesField(ignored);
      if (opts.output === 'json') out = JSON.stringify({ ...lintJson(result, opts.failOn), ...ignoredField }, null, 2);
      else if (opts.output === 'sarif') out = JSON.stringify(toSarif(result, { config, version: PACKAGE_VERSION, runProperties: ignoredField }), null, 2);
      else out = formatLint(result, opts.failOn);
      process.stdout.write(out + '\n');
      process.exitCode = exitCodeFor(failsAt(result.findings, opts.failOn) ? EXIT.finding : EXIT.ok, ignored, opts);
    });
}

function readConfig(file: string | undefined): LintConfig {
  try {
    return loadLintConfig(file);
  } catch (e) {
    if (e instanceof LintConfigError) throw new UsageError(`config ${e.message}`);
    throw e;
  }
}

function severityText(s: LintSeverity): string {
  if (s === 'error') return color.red(color.bold('error'));
  if (s === 'warning') return color.yellow(color.bold('warning'));
  return color.cyan('info');
}

/** One block per finding, led by `file:line:column` so terminals and editors can jump to it (`cluster:Kind/namespace/name` for an object read from an API server). */
export function formatFinding(f: Finding): string {
  const lines = [
    `${color.bold(`${placeText(f)}:`)} ${severityText(f.severity)} ${f.id} ${f.name}: ${f.object}`,
    `  ${color.bold(f.field)}: ${f.message}`,
  ];
  if (f.hint) lines.push(`  ${color.dim(`hint: ${f.hint}`)}`);
  return lines.join('\n');
}

export function formatLint(result: LintResult, failOn: LintSeverity): string {
  const n = countFindings(result.findings);
  const counts = `${plural(n.error, 'error')}, ${plural(n.warning, 'warning')}, ${n.info} info`;
  const suppressed = result.suppressed > 0 ? ` (${result.suppressed} suppressed by ${'palisade.dev/lint-ignore'})` : '';
  const failing = result.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn)).length;
  const verdict = failing > 0 ? `${plural(failing, 'finding')} at or above ${failOn}` : result.findings.length > 0 ? `nothing at or above ${failOn}` : 'clean';
  return [...result.findings.map(formatFinding), '', `lint: ${counts}${suppressed}; ${verdict}`].join('\n').trimStart();
}
