/** `palisade agent`: enforce the policies on this node with nftables, and keep them enforced. */
import { Command, Option } from 'commander';
import { Agent, type AgentLog, type Outcome } from '../../agent/agent.js';
import { applyScript, deleteTable } from '../../agent/nft.js';
import { FileSource } from '../../agent/source.js';
import { parseKubernetesVersion } from '../../validation/kubernetes-version.js';
import { withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { hasInput } from '../inputs.js';
import { EXIT, UsageError } from '../exit-codes.js';

interface AgentCliOptions extends AnalysisOptions {
  node?: string;
  interval: string;
  once: boolean;
  cleanup: boolean;
  logFormat: 'text' | 'json';
}

export function agentCommand(): Command {
  return withAnalysisOptions(new Command('agent'))
    .description('enforce the policies for the pods of this node with nftables; re-apply whenever the manifests change')
    .option('--node <name>', 'this node, as pods name it in spec.nodeName')
    .option('--interval <ms>', 'how often to look for changed manifests', '1000')
    .option('--once', 'apply once and exit: 0 applied, 1 input has errors, 2 input unreadable or no pod on --node, 3 nft refused', false)
    .option('--cleanup', "remove Palisade's nftables table and exit", false)
    .addOption(new Option('--log-format <format>', 'log lines on stderr').choices(['text', 'json']).default('text'))
    .action(async (opts: AgentCliOptions) => {
      const log = logger(opts.logFormat);
      if (opts.cleanup) {
        log('info', deleteTable() ? 'removed table inet palisade' : 'no palisade table to remove');
        process.exitCode = EXIT.ok;
        return;
      }
      if (!opts.node) throw new UsageError('agent needs --node NAME (the spec.nodeName of the pods to protect)');
      if (!hasInput(opts)) throw new UsageError('agent needs -f PATH: the manifests that describe the cluster');
      // Watching a kustomization would mean watching every base and patch it names, wherever they are.
      if (opts.kustomize.length && !opts.once) {
        throw new UsageError(`agent: -k works only with --once; to keep enforcing, build the manifests (kubectl kustomize ${opts.kustomize[0]} > cluster.yaml) and give -f cluster.yaml`);
      }
      const version = parseKubernetesVersion(opts.kubernetesVersion);
      if (version instanceof Error) throw new UsageError(`--kubernetes-version: ${version.message}`);
      const source = new FileSource(opts.filename, Number(opts.interval), opts.namespace, opts.kustomize);
      const agent = new Agent(source, {
        node: opts.node,
        kubernetesVersion: version,
        crdChannel: opts.crdChannel,
        ipBlockMatchesPods: opts.ipblockMatchesPods,
        log,
        apply: applyScript,
        ...(opts.failOnIgnoredPolicies ? { onIgnoredPolicies: () => failOnIgnored(opts.once, log) } : {}),
        requireKnownNode: opts.once,
      });
      log('info', 'starting', { node: opts.node, source: source.name });
      if (opts.once) {
        const code = ONCE_EXIT[await agent.reconcile()];
        // A round that applied nothing says why; one that applied leaves --fail-on-ignored-policies its exit 2.
        if (code !== EXIT.ok) process.exitCode = code;
        return;
      }
      const stop = agent.run();
      const shutdown = (signal: string) => {
        stop();
        log('info', 'stopping; the applied ruleset stays in place', { signal });
        process.exit(EXIT.ok);
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}

/** The ruleset stays applied (the answer is given); the agent stops with exit 2, as asked. */
function failOnIgnored(once: boolean, log: AgentLog): void {
  process.exitCode = EXIT.usage;
  if (once) return;
  log('error', 'stopping: --fail-on-ignored-policies and the input holds policies Palisade does not evaluate; the applied ruleset stays in place');
  process.exit(EXIT.usage);
}

/** `--once`: whether the one round applied a ruleset, and if not, why (README: agent, exit codes). */
const ONCE_EXIT: Record<Outcome, number> = {
  applied: EXIT.ok,
  unchanged: EXIT.ok,
  invalid: EXIT.finding,
  unreadable: EXIT.usage,
  'unknown-node': EXIT.usage,
  refused: EXIT.refused,
};

function logger(format: 'text' | 'json'): AgentLog {
  return (level, msg, fields = {}) => {
    const time = new Date().toISOString();
    if (format === 'json') {
      process.stderr.write(JSON.stringify({ time, level, msg, ...fields }) + '\n');
      return;
    }
    const rest = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    process.stderr.write(`${time} ${level} ${msg}${rest ? ` ${rest}` : ''}\n`);
  };
}
