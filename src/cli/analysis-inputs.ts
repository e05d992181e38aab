/**
 * What the analysis commands share: the input options plus the engine's
 * switches, and one path to a compiled engine that says loudly, on stderr,
 * which objects were left out because the API server would refuse them and
 * which policies the answer ignores because Palisade does not evaluate them.
 */
import type { Command } from 'commander';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import type { CompiledPeer } from '../engine/policies.js';
import { parsePortQuery } from '../engine/ports.js';
import type { PodEndpoint, PortQuery } from '../engine/types.js';
import type { IgnoredPolicy } from '../sources/load.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { listed } from '../model/list-text.js';
import { color } from './format/color.js';
import { ignoredPoliciesWarning } from './format/ignored-policies.js';
import { EXIT, UsageError } from './exit-codes.js';
import { terminalProgress } from './progress.js';
import { readAndValidate, throwIoErrors, withInputOptions, type InputOptions, type Inputs, type ReadShared } from './inputs.js';

export interface AnalysisOptions extends InputOptions {
  ipblockMatchesPods: boolean;
  failOnIgnoredPolicies: boolean;
}

export function withAnalysisOptions(cmd: Command): Command {
  return withInputOptions(cmd)
    .option(
      '--no-ipblock-matches-pods',
      'ipBlock peers match only addresses outside the cluster, never pod IPs (default: they match pod IPs too, as upstream conformance tests expect)',
    )
    .option(
      '--fail-on-ignored-policies',
      'exit 2 (after answering) when the input holds policies Palisade does not evaluate (Cilium, Calico, Antrea, AdminNetworkPolicy...), for CI that must not pass on a partial picture',
      false,
    );
}

export interface Analysis extends Inputs {
  engine: Engine;
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
  const ignored = manifests.ignoredPolicies.map((p) => ({ ...p, file: display(p.file) }));
  if (ignored.length > 0) process.stderr.write(ignoredPoliciesWarning(ignored, opts.failOnIgnoredPolicies));
  const onProgress = terminalProgress();
  const engine = Engine.compile(clusterOf(manifests, report), { ipBlockMatchesPods: opts.ipblockMatchesPods, ...(onProgress ? { onProgress } : {}) });
  for (const p of engine.problems) process.stderr.write(`${color.yellow('palisade: warning:')} ${p.endpoint.ref}: ${p.message}\n`);
  for (const w of unresolvedPeerWarnings(engine, manifests.nodes.length)) process.stderr.write(`${color.yellow('palisade: warning:')} ${w}\n`);
  return { ...inputs, engine, ignored };
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

/** How many of the errors that left objects out the warning shows; `palisade validate` shows them all. */
const SHOWN_ERRORS = 10;

/** The first errors, grouped by file in the order the files were read, and how many more there are. */
function leftOutWarning(errors: readonly Diagnostic[], display: (file: string) => string): string {
  const byFile = new Map<string, string[]>();
  for (const d of errors.slice(0, SHOWN_ERRORS)) {
    const file = display(d.file ?? '');
    byFile.set(file, [...(byFile.get(file) ?? []), `    ${d.line ? `${d.line}:${d.column}: ` : ''}${d.object ? `${d.object}: ` : ''}${d.field ? `${d.field}: ` : ''}${d.message}`]);
  }
  const lines = [...byFile].flatMap(([file, found]) => [`  ${file}:`, ...found]);
  const more = errors.length - SHOWN_ERRORS;
  const tail = more > 0 ? `  and ${more} more: palisade validate shows them all` : '  (palisade validate shows them in full)';
  return `${color.yellow(color.bold('palisade: warning:'))} ${errors.length} error(s) in the input; the objects they concern are left out of this answer, as the API server would refuse them:\n${lines.join('\n')}\n${tail}\n`;
}
