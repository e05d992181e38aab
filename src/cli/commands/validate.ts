/** `palisade validate`: what the API server would say about these manifests. */
import { Command, Option } from 'commander';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Manifests } from '../../sources/load.js';
import type { ValidationReport } from '../../validation/manifests.js';
import { EXIT } from '../exit-codes.js';
import { countBySeverity, formatDiagnostic, plural } from '../format/diagnostics.js';
import { hasIoErrors, readAndValidate, withInputOptions, type InputOptions } from '../inputs.js';

export function validateCommand(): Command {
  return withInputOptions(new Command('validate'))
    .description('validate manifests exactly as kube-apiserver does; exit 1 when any object is invalid')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: InputOptions & { output: 'table' | 'json' }) => {
      const { manifests, report } = await readAndValidate(opts);
      process.stdout.write(validateOutput(manifests, report, opts.output) + '\n');
      process.exitCode = hasIoErrors(report) ? EXIT.usage : report.valid ? EXIT.ok : EXIT.finding;
    });
}

/** What `validate` prints: diagnostics and a summary for people, or the stable JSON object. */
export function validateOutput(manifests: Manifests, report: ValidationReport, output: 'table' | 'json'): string {
  return output === 'json'
    ? JSON.stringify({ valid: report.valid, diagnostics: report.diagnostics.map(jsonDiagnostic), summary: summary(manifests) }, null, 2)
    : formatForPeople(manifests, report.diagnostics);
}

/** The stable JSON shape: these keys, in this order; absent ones omitted. */
function jsonDiagnostic(d: Diagnostic): Record<string, unknown> {
  const { severity, message, file, line, column, object, field, type, hint } = d;
  return Object.fromEntries(
    Object.entries({ severity, message, file, line, column, object, field, type, hint }).filter(([, v]) => v !== undefined),
  );
}

export function summary(m: Manifests) {
  return {
    ...(m.cluster ? { cluster: m.cluster } : {}),
    files: m.files.length,
    documents: m.documents,
    namespaces: m.namespaces.length,
    pods: m.pods.length,
    workloads: m.workloads.length,
    networkPolicies: m.policies.length,
    clusterNetworkPolicies: m.clusterPolicies.length,
    adminNetworkPolicies: m.adminPolicies.filter((p) => p.kind === 'AdminNetworkPolicy').length,
    baselineAdminNetworkPolicies: m.adminPolicies.filter((p) => p.kind === 'BaselineAdminNetworkPolicy').length,
    nodes: m.nodes.length,
    skipped: m.skipped,
  };
}

function formatForPeople(m: Manifests, diagnostics: Diagnostic[]): string {
  const s = summary(m);
  const skipped = Object.entries(s.skipped).map(([kind, n]) => `${n} ${kind}`);
  const read =
    `read ${sourcesText(s)}: ${plural(s.namespaces, 'namespace')}, ` +
    `${plural(s.pods, 'pod')}, ${plural(s.workloads, 'workload')}, ${plural(s.networkPolicies, 'network policy', 'network policies')}` +
    // The newer kinds only when there are any, so that NetworkPolicy-only summaries read as they always did.
    (s.clusterNetworkPolicies ? `, ${plural(s.clusterNetworkPolicies, 'cluster network policy', 'cluster network policies')}` : '') +
    (s.adminNetworkPolicies ? `, ${plural(s.adminNetworkPolicies, 'admin network policy', 'admin network policies')}` : '') +
    (s.baselineAdminNetworkPolicies ? `, ${plural(s.baselineAdminNetworkPolicies, 'baseline admin network policy', 'baseline admin network policies')}` : '') +
    (s.nodes ? `, ${plural(s.nodes, 'node')}` : '') +
    (skipped.length ? `; skipped ${skipped.join(', ')} (kinds Palisade does not read)` : '');
  const verdict = diagnostics.some((d) => d.severity === 'error') ? 'invalid' : 'valid';
  return [...diagnostics.map(formatDiagnostic), '', read, `${verdict}: ${countBySeverity(diagnostics)}`].join('\n').trimStart();
}

/** `4 files, 7 documents`; `cluster kind-dev (120 objects)` for a live read, `and 2 files, 3 documents` after it when files were laid over it. */
function sourcesText(s: ReturnType<typeof summary>): string {
  const files = `${plural(s.files, 'file')}, ${plural(s.documents, 'document')}`;
  if (!s.cluster) return files;
  const live = `cluster ${s.cluster.context} (${plural(s.cluster.objects, 'object')})`;
  return s.files > 0 ? `${live} and ${files}` : live;
}
