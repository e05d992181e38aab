/**
 * `palisade convert`: AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (v1alpha1) as ClusterNetworkPolicy (v1alpha2) on stdout, with a proof on
 * stderr that the cluster given keeps its connectivity when they replace
 * their sources (see analysis/convert.ts and analysis/convert-proof.ts).
 */
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { convertAdminPolicies, manifestOf, type AdminPolicy, type Conversion } from '../../analysis/convert.js';
import { proveConversion, type ConversionProof } from '../../analysis/convert-proof.js';
import { clusterOf } from '../../engine/cluster.js';
import { sortDiagnostics, type Diagnostic } from '../../model/diagnostic.js';
import { describeObject } from '../../model/objects.js';
import { compileInputs } from '../analysis-inputs.js';
import { EXIT } from '../exit-codes.js';
import { color } from '../format/color.js';
import { formatDiagnostic, plural } from '../format/diagnostics.js';
import { diffTable } from '../format/diff.js';
import { withInputOptions, type InputOptions } from '../inputs.js';

interface ConvertCommandOptions extends InputOptions {
  output: 'yaml' | 'json';
  namePrefix?: string;
  baselineName: string;
}

const V1ALPHA1_KINDS: readonly string[] = ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

export function convertCommand(): Command {
  return withInputOptions(new Command('convert'))
    .description(
      'convert AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1) to ClusterNetworkPolicy (v1alpha2), and prove on the input that connectivity is unchanged; ' +
        'exit 1 when a policy cannot be converted or the proof finds a difference',
    )
    .addOption(new Option('-o, --output <format>', 'output format: YAML documents, or a JSON List').choices(['yaml', 'json']).default('yaml'))
    .option('--name-prefix <prefix>', 'put before the name of every ClusterNetworkPolicy written (default: none)')
    .option('--baseline-name <name>', 'the name of the ClusterNetworkPolicy the BaselineAdminNetworkPolicy becomes, after --name-prefix', 'default')
    .action(async (opts: ConvertCommandOptions) => {
      const analysis = await compileInputs({ ...opts, ipblockMatchesPods: true, failOnIgnoredPolicies: false });
      const { manifests, report, version } = analysis;
      const sources = manifests.adminPolicies;
      const invalid = sources.filter((s) => report.invalid.has(s));
      // The sources' own diagnostics, as `palisade validate` prints them (the note that analysis ignores them has no field).
      const own = report.diagnostics.filter((d) => d.field !== undefined && V1ALPHA1_KINDS.some((k) => d.object?.startsWith(`${k} `)));
      const valid = sources.filter((s) => !report.invalid.has(s));
      const converted = convertAdminPolicies(valid, {
        namePrefix: opts.namePrefix ?? '',
        baselineName: opts.baselineName,
        crdChannel: opts.crdChannel,
        kubernetesVersion: version,
        existing: manifests.clusterPolicies,
      });
      // A warning that an entry matches nothing is said again, with what became of it, by the conversion's note there.
      const noted = (d: Diagnostic) => d.severity === 'warning' && converted.notes.some((n) => n.object === d.object && n.field === d.field);
      const shown = sortDiagnostics([...own.filter((d) => !noted(d)), ...converted.errors, ...converted.notes]);
      if (shown.length > 0) process.stderr.write(shown.map(formatDiagnostic).join('\n') + '\n\n');
      if (sources.length === 0) {
        process.stderr.write('palisade: nothing to convert: the input holds no AdminNetworkPolicy or BaselineAdminNetworkPolicy\n');
        if (opts.output === 'json') process.stdout.write(list([]) + '\n');
        return;
      }
      const failed = [...invalid, ...converted.failed];
      if (failed.length > 0) {
        process.stderr.write(notConverted(failed, invalid, sources.length));
        process.exitCode = EXIT.finding;
        return;
      }
      const { conversions, notes } = converted;
      process.stdout.write(opts.output === 'json' ? list(conversions) + '\n' : conversions.map((c) => stringify(manifestOf(c.policy))).join('---\n'));
      process.stderr.write(summary(conversions, notes));
      const proof = proveConversion(clusterOf(manifests, report), conversions, { ipBlockMatchesPods: true, before: analysis.engine });
      process.stderr.write(proofText(proof) + '\n');
      process.exitCode = proof.diff.changes.length > 0 ? EXIT.finding : EXIT.ok;
    });
}

function list(conversions: readonly Conversion[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: conversions.map((c) => manifestOf(c.policy)) }, null, 2);
}

/** Nothing is written when any source cannot be converted: a partial migration applied as is would lose those policies. */
function notConverted(failed: readonly AdminPolicy[], invalid: readonly AdminPolicy[], total: number): string {
  const names = failed.map((s) => `  ${describeObject(s)}: ${invalid.includes(s) ? 'invalid as v1alpha1 (the API server would refuse it)' : 'its conversion is refused or its name taken (see the errors above)'}`);
  return (
    `${color.red(color.bold('palisade: not converted:'))} ${failed.length} of ${plural(total, 'policy', 'policies')}:\n${names.join('\n')}\n` +
    'nothing was written: fix these and run again (a partial set of ClusterNetworkPolicies would lose the others), then the proof runs\n'
  );
}

function summary(conversions: readonly Conversion[], notes: readonly Diagnostic[]): string {
  const lines = conversions.map((c) => {
    const { spec } = c.policy;
    const rules = [`${spec.ingress?.length ?? 0} ingress`, `${spec.egress?.length ?? 0} egress`].join(' and ');
    return `  ${describeObject(c.source)} → ClusterNetworkPolicy ${c.policy.metadata.name} (${spec.tier} tier, priority ${spec.priority}; ${rules} rules)`;
  });
  const noted = notes.length > 0 ? ` (${plural(notes.length, 'note')} above)` : '';
  return `palisade: converted ${plural(conversions.length, 'policy', 'policies')}${noted}:\n${lines.join('\n')}\n`;
}

/** How many of the ports compared the proof's verdict names. */
const SHOWN_PORTS = 8;

/** The proof in words: equivalent, vacuous, or the changes as `palisade diff` prints them. */
function proofText(proof: ConversionProof): string {
  const { diff, endpoints } = proof;
  if (proof.vacuous) return `${color.yellow(color.bold('proof: vacuous:'))} ${proof.vacuous}`;
  const shown = diff.ports.length > SHOWN_PORTS ? [...diff.ports.slice(0, SHOWN_PORTS), `and ${diff.ports.length - SHOWN_PORTS} more`] : diff.ports;
  const scope = `${plural(endpoints, 'endpoint')} and the addresses outside the cluster, on ${plural(diff.ports.length, 'port')} (${shown.join(', ')})`;
  if (diff.changes.length === 0) return `${color.green(color.bold('proof: equivalent:'))} the same truth table before and after conversion over ${scope}`;
  const table = diffTable({ diff, labels: { base: 'as read', head: 'converted' }, base: proof.before, head: proof.after });
  return (
    `${color.red(color.bold('proof: NOT equivalent:'))} the converted policies change connectivity over ${scope}; ` +
    `do not apply them before you know why:\n${table}`
  );
}
