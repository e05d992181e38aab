/**
 * What the analysis commands share: the input options plus the engine's
 * switches, and one path to a compiled engine that says loudly, on stderr,
 * which objects were left out because the API server would refuse them and
 * which policies the answer ignores because Palisade does not evaluate them.
 */
import type { Command } from 'commander';
import { connectivityDiff, diffPorts } from '../analysis/diff.js';
import { auditedPolicies, clusterOf, enforcedPart } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import type { CompiledPeer } from '../engine/policies.js';
import { parsePortQuery } from '../engine/ports.js';
import type { PodEndpoint, PortQuery } from '../engine/types.js';
import type { IgnoredPolicy } from '../sources/load.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { listed } from '../model/list-text.js';
import { ENFORCEMENT_ANNOTATION } from '../model/enforcement.js';
import { FieldPath } from '../model/field-path.js';
import { describeObject, placeText, type NetworkPolicy, type TieredPolicy } from '../model/objects.js';
import { color } from './format/color.js';
import type { Comparison } from './format/diff.js';
import { ignoredPoliciesWarning } from './format/ignored-policies.js';
import { EXIT, UsageError } from './exit-codes.js';
import { terminalProgress } from './progress.js';
import { readAndValidate, throwIoErrors, withInputOptions, type InputOptions, type Inputs, type ReadShared } from './inputs.js';
import { groupBy } from '../model/grouping.js';

export interface AnalysisOptions extends InputOptions {
  ipblockMatchesPods: boolean;
  failOnIgnoredPolicies: boolean;
  /** `--include-audit`, where a command offers it: audit `both`. */
  includeAudit?: boolean;
  /** What the command does with the audited policies; by default `both` with `includeAudit`, else `leave out`. */
  audit?: AuditUse;
}

/**
 * `leave out`: answer what the nodes enforce. `both`: that, and also with the
 * audited policies enforced (`withAudit`). `watch`: as `both`, for a ruleset
 * that watches them. `as enforced`: compile them into `engine` (lint: a
 * policy is best checked before it is switched on).
 */
export type AuditUse = 'leave out' | 'both' | 'watch' | 'as enforced';

const AUDIT_USES: Record<AuditUse, string> = {
  'leave out': 'this answer is what the nodes enforce, without them (check, matrix and diff --include-audit show what enforcing them would change)',
  both: 'this answer is what the nodes enforce, and what enforcing them would change',
  watch: 'the ruleset counts and logs what they would deny, and enforces nothing of them',
  'as enforced': 'they are checked here as if enforced',
};

export function withAnalysisOptions(cmd: Command): Command {
  return withInputOptions(cmd)
    .option(
      '--no-ipblock-matches-pods',
      'ipBlock peers match only addresses outside the cluster, never pod IPs (default: they match pod IPs too, as upstream conformance tests expect)',
    )
    .option(
      '--fail-on-ignored-policies',
      'exit 2 (after answering) when the input holds policies Palisade does not evaluate (Cilium, Calico, Antrea...), for CI that must not pass on a partial picture',
      false,
    );
}

/** `--include-audit`, for the commands that can show what enforcing the audited policies would change. */
export function withAuditOption(cmd: Command): Command {
  return cmd.option(
    '--include-audit',
    `also answer as if the policies in audit mode (annotation ${ENFORCEMENT_ANNOTATION}: audit) were enforced, and show what that would change`,
    false,
  );
}

export interface Analysis extends Inputs {
  /** What the nodes enforce: audited policies left out. */
  engine: Engine;
  /** With audit `both` or `watch`: the engine that also enforces the audited policies (`engine` itself when there are none). */
  withAudit?: Engine;
  /** The policies in audit mode, which `engine` leaves out. */
  audited: (NetworkPolicy | TieredPolicy)[];
  /** Policies in the input that the answer ignores, with files named as in messages. */
  ignored: IgnoredPolicy[];
}

/** The exit code of an answer: usage-level (2) instead when policies were ignored and the user asked to fail on them. */
export function exitCodeFor(answer: number, ignored: readonly IgnoredPolicy[], opts: Pick<AnalysisOptions, 'failOnIgnoredPolicies'>): number {
  return opts.failOnIgnoredPolicies && ignored.length > 0 ? EXIT.usage : answer;
}

/** `display` names files in messages (a diff side read from a git revision shows `REV:path`); `shared` shares work between reads. */
export async function compileInputs(opts: AnalysisOptions, display: (file: string) => string = (f) => f, shared: ReadShared = {}): Promise<Analysis> {
  const inputs = await readAndValidate(opts, shared);
  const { report, manifests } = inputs;
  throwIoErrors(report, display);
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) process.stderr.write(leftOutWarning(errors, display));
  const ignored = report.ignoredPolicies.map((p) => ({ ...p, file: display(p.file) }));
  if (ignored.length > 0) process.stderr.write(ignoredPoliciesWarning(ignored, opts.failOnIgnoredPolicies));
  const onProgress = terminalProgress();
  const cluster = clusterOf(manifests, report);
  const audited = auditedPolicies(cluster);
  const use = opts.audit ?? (opts.includeAudit ? 'both' : 'leave out');
  if (audited.length > 0) process.stderr.write(auditNote(audited, use, display));
  else if (opts.includeAudit) process.stderr.write(`${color.cyan('palisade: note:')} --include-audit: the input has no policy in audit mode (${ENFORCEMENT_ANNOTATION}: audit), so nothing would change\n`);
  const engineOpts = { ipBlockMatchesPods: opts.ipblockMatchesPods, ...(onProgress ? { onProgress } : {}) };
  const engine = Engine.compile(use === 'as enforced' ? cluster : enforcedPart(cluster), engineOpts);
  // Without audited policies both answers are one.
  const withAudit = use === 'both' || use === 'watch' ? (audited.length > 0 ? Engine.compile(cluster, engineOpts) : engine) : undefined;
  for (const p of engine.problems) process.stderr.write(`${color.yellow('palisade: warning:')} ${p.endpoint.ref}: ${p.message}\n`);
  for (const w of unresolvedPeerWarnings(withAudit ?? engine, manifests.nodes.length)) process.stderr.write(`${color.yellow('palisade: warning:')} ${w}\n`);
  return { ...inputs, engine, ...(withAudit ? { withAudit } : {}), audited, ignored };
}

/** Audited policies are left out of the answer, as the nodes leave them out: said once, naming them, with how to see their effect. */
function auditNote(audited: readonly (NetworkPolicy | TieredPolicy)[], use: AuditUse, display: (file: string) => string): string {
  const names = audited.map((p) => {
    const place = p.origin.locate(FieldPath.root('metadata', 'annotations').key(ENFORCEMENT_ANNOTATION));
    return `${describeObject(p)} (${placeText({ ...place, file: display(place.file) }, { column: false })})`;
  });
  const effect = AUDIT_USES[use];
  return `${color.cyan('palisade: note:')} ${audited.length} ${audited.length === 1 ? 'policy is' : 'policies are'} in audit mode (${ENFORCEMENT_ANNOTATION}: audit), evaluated but not enforced: ${listed(names, 3)}; ${effect}\n`;
}

/**
 * Peers whose matches the input cannot tell: domain names (never resolved
 * offline), and node peers when the input has no Node objects. Answers
 * through them may be wrong, so say so once per kind, naming the rules.
 */
function unresolvedPeerWarnings(engine: Engine, nodesInInput: number): string[] {
  const rulesWith = (has: (peer: CompiledPeer) => boolean) =>
    engine.clusterPolicies().flatMap((p) => p.rules.egress.filter((r) => r.peers?.some(has)).map((r) => `${p.ref} egress[${r.index}]`));
  const out: string[] = [];
  const domains = rulesWith((peer) => peer.domainNames !== undefined);
  if (domains.length > 0) {
    out.push(`ClusterNetworkPolicy rules with domainNames peers (${listed(domains, 3)}): Palisade cannot resolve names offline, so connections to addresses outside the cluster that they could allow are answered as denied here (check marks them UNKNOWN)`);
  }
  const nodes = nodesInInput === 0 ? rulesWith((peer) => peer.nodeSelector !== undefined) : [];
  if (nodes.length > 0) out.push(`ClusterNetworkPolicy rules with nodes peers (${listed(nodes, 3)}), but the input has no Node objects: those peers match no address here (add the Nodes, kubectl get nodes -o yaml, to the input)`);
  return out;
}

/** `--ports 80/TCP,53/UDP`, or the ports that the policies and endpoints name. */
export function portsFor(text: string | undefined, engine: Engine, endpoints: PodEndpoint[]): PortQuery[] {
  if (text !== undefined) {
    return text.split(',').map((t) => {
      const q = parsePortQuery(t);
      if (!q) throw new UsageError(`--ports: "${t}" is not a port: write PORT or PORT/PROTOCOL, e.g. 80/TCP,53/UDP`);
      return q;
    });
  }
  return engine.portsOfInterest(endpoints);
}

/** The ports given, or those either engine names: ranges are cut where either one's ports begin or end. */
export function unionPorts(text: string | undefined, base: Engine, head: Engine): PortQuery[] {
  return text !== undefined ? portsFor(text, base, []) : diffPorts(base, head);
}

/**
 * What enforcing the audited policies would change (--include-audit): what
 * the nodes enforce, called `label`, against that with them enforced too.
 */
export function auditComparison(engine: Engine, withAudit: Engine, label: string, ports: string | undefined): Comparison {
  const diff = connectivityDiff(engine, withAudit, unionPorts(ports, engine, withAudit));
  return { diff, labels: { base: label, head: `${label} + audited` }, base: engine, head: withAudit };
}

/** How many of the errors that left objects out the warning shows; `palisade validate` shows them all. */
const SHOWN_ERRORS = 10;

/** The first errors, grouped by file in the order the files were read, and how many more there are. */
function leftOutWarning(errors: readonly Diagnostic[], display: (file: string) => string): string {
  const byFile = groupBy(errors.slice(0, SHOWN_ERRORS), (d) => display(d.file ?? ''));
  const lines = [...byFile].flatMap(([file, found]) => [
    `  ${file}:`,
    ...found.map((d) => `    ${d.line ? `${d.line}:${d.column}: ` : ''}${d.object ? `${d.object}: ` : ''}${d.field ? `${d.field}: ` : ''}${d.message}`),
  ]);
  const more = errors.length - SHOWN_ERRORS;
  const tail = more > 0 ? `  and ${more} more: palisade validate shows them all` : '  (palisade validate shows them in full)';
  return `${color.yellow(color.bold('palisade: warning:'))} ${errors.length} error(s) in the input; the objects they concern are left out of this answer, as the API server would refuse them:\n${lines.join('\n')}\n${tail}\n`;
}
