/** `palisade agent`: enforce the policies on this node with nftables, and keep them enforced. */
import { Command, Option } from 'commander';
import { Agent, type AgentLog, type Outcome } from '../../agent/agent.js';
import { deleteTable, readCounters } from '../../agent/nft.js';
import { NftShell } from '../../agent/nft-shell.js';
import { deniedFlow } from '../../agent/denied-flows.js';
import { readNflog } from '../../agent/nflog.js';
import { countersByName, type DeniedLog } from '../../dataplane/counters.js';
import type { AgentMetrics } from '../../agent/metrics.js';
import { FileSource, KubernetesSource, type StateSource } from '../../agent/source.js';
import { startStatusServer, type StatusServer } from '../../agent/status-server.js';
import { ClusterWatch } from '../../sources/live/cluster-watch.js';
import { parseKubernetesVersion } from '../../validation/kubernetes-version.js';
import { withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { hasFiles, hasInput, liveClient, loadInputs, readLive } from '../inputs.js';
import { EXIT, UsageError } from '../exit-codes.js';

interface AgentCliOptions extends AnalysisOptions {
  node?: string;
  listen?: string;
  interval: string;
  once: boolean;
  cleanup: boolean;
  logFormat: 'text' | 'json';
  logDenied: boolean;
  logDeniedRate: string;
  nflogGroup: string;
}

export function agentCommand(): Command {
  return withAnalysisOptions(new Command('agent'))
    .description('enforce the policies for the pods of this node with nftables; re-apply whenever the cluster (--cluster) or the manifests change')
    .option('--node <name>', 'this node, as pods name it in spec.nodeName')
    .option('--listen <host:port>', 'serve /healthz, /readyz and /metrics (Prometheus) here, e.g. 127.0.0.1:9743 or :9743')
    .option('--interval <ms>', 'how often to look for changed manifests (-f)', '1000')
    .option('--once', 'apply once and exit: 0 applied, 1 input has errors, 2 input unreadable or no pod on --node, 3 nft refused', false)
    .option('--cleanup', "remove Palisade's nftables table and exit", false)
    .addOption(new Option('--log-format <format>', 'log lines on stderr').choices(['text', 'json']).default('text'))
    .option('--log-denied', 'log every dropped connection attempt with why it was dropped (one "denied" line each, at most --log-denied-rate a second); needs tcpdump', false)
    .option('--log-denied-rate <per-second>', 'at most this many dropped packets logged a second, for the whole node', '100')
    .option('--nflog-group <n>', 'the NFLOG group the ruleset logs drops to and the agent reads (0-65535)', '4242')
    .action(async (opts: AgentCliOptions) => {
      const log = logger(opts.logFormat);
      if (opts.cleanup) {
        log('info', deleteTable() ? 'removed table inet palisade' : 'no palisade table to remove');
        process.exitCode = EXIT.ok;
        return;
      }
      if (!opts.node) throw new UsageError('agent needs --node NAME (the spec.nodeName of the pods to protect)');
      if (!hasInput(opts)) throw new UsageError('agent needs --cluster (the cluster of the kubeconfig, or the pod\'s service account) or -f PATH (manifests that describe the cluster)');
      // Watching a kustomization would mean watching every base and patch it names, wherever they are.
      if (opts.kustomize.length && !opts.once) {
        throw new UsageError(`agent: -k works only with --once; to keep enforcing, build the manifests (kubectl kustomize ${opts.kustomize[0]} > cluster.yaml) and give -f cluster.yaml`);
      }
      if (opts.cluster && hasFiles(opts) && !opts.once) throw new UsageError('agent --cluster enforces the cluster as it is: -f and -k lay files over it only with --once');
      const logDenied = opts.logDenied ? deniedLogOf(opts) : undefined;
      const version = parseKubernetesVersion(opts.kubernetesVersion);
      if (version instanceof Error) throw new UsageError(`--kubernetes-version: ${version.message}`);
      const { source, watch } = await stateSource(opts, log);
      // prom-client is loaded only by the agent, not by every command.
      const { AgentMetrics } = await import('../../agent/metrics.js');
      const metrics = new AgentMetrics(watch, () => readCounters());
      let ready = false;
      const nft = new NftShell();
      const agent = new Agent(source, {
        node: opts.node,
        kubernetesVersion: version,
        crdChannel: opts.crdChannel,
        ipBlockMatchesPods: opts.ipblockMatchesPods,
        log,
        apply: (script) => nft.apply(script),
        ...(opts.failOnIgnoredPolicies ? { onIgnoredPolicies: () => failOnIgnored(opts.once, log) } : {}),
        requireKnownNode: opts.once,
        ...(logDenied ? { logDenied } : {}),
        onRound: (report) => {
          metrics.round(report);
          ready ||= report.outcome === 'applied' || report.outcome === 'unchanged';
        },
      });
      const status = opts.listen !== undefined ? await listenOn(opts.listen, metrics, () => ready) : undefined;
      log('info', 'starting', { node: opts.node, source: source.name, ...(status ? { listen: status.address } : {}) });
      if (opts.once) {
        const code = ONCE_EXIT[await agent.reconcile()];
        nft.close();
        await status?.close();
        // A round that applied nothing says why; one that applied leaves --fail-on-ignored-policies its exit 2.
        if (code !== EXIT.ok) process.exitCode = code;
        return;
      }
      const stop = agent.run();
      const stopLogging = logDenied ? logDeniedFlows(agent, logDenied, log, metrics) : undefined;
      const shutdown = (signal: string) => {
        stop();
        stopLogging?.();
        nft.close();
        void status?.close();
        log('info', 'stopping; the applied ruleset stays in place', { signal });
        process.exit(EXIT.ok);
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}

function deniedLogOf(opts: AgentCliOptions): DeniedLog {
  const group = Number(opts.nflogGroup);
  const perSecond = Number(opts.logDeniedRate);
  if (!Number.isInteger(group) || group < 0 || group > 65535) throw new UsageError(`--nflog-group: ${opts.nflogGroup} is not a group number (0-65535)`);
  if (!Number.isInteger(perSecond) || perSecond < 1) throw new UsageError(`--log-denied-rate: ${opts.logDeniedRate} is not a whole number of packets a second (1 or more)`);
  return { group, perSecond };
}

/** Reads the drops the ruleset logs and writes one `denied` line for each (`would deny` for what audit chains log), with the engine's words; returns what stops it. */
function logDeniedFlows(agent: Agent, logDenied: DeniedLog, log: AgentLog, metrics: AgentMetrics): () => void {
  return readNflog(
    logDenied.group,
    (packet) => {
      const { engine, ruleset } = agent;
      if (!engine || !ruleset) return;
      const flow = deniedFlow({ engine, audit: agent.auditEngine }, countersByName(ruleset.counters), packet);
      if (!flow) return;
      log('info', flow.outcome, { ...flow });
      metrics.denied(flow);
    },
    (message) => log('error', `--log-denied: ${message}; dropped connections are not logged`),
  );
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
  waiting: EXIT.usage,
};

/**
 * Where the agent reads the cluster. `--cluster`: the API server, watched
 * (for --once, read whole once, with any -f files laid over it); else the
 * manifest files, polled.
 */
async function stateSource(opts: AgentCliOptions, log: AgentLog): Promise<{ source: StateSource; watch?: ClusterWatch }> {
  if (!opts.cluster) return { source: new FileSource(opts.filename, Number(opts.interval), opts.namespace, opts.kustomize) };
  if (opts.once) {
    const live = await readLive(opts);
    return { source: { name: `cluster ${live.context} (${live.server})`, load: () => loadInputs(opts, { live }), watch: () => () => undefined } };
  }
  const client = await liveClient(opts);
  const watch = new ClusterWatch(client, { log });
  return { source: new KubernetesSource(watch, client.target.context, client.target.server), watch };
}

async function listenOn(listen: string, metrics: AgentMetrics, ready: () => boolean): Promise<StatusServer> {
  try {
    return await startStatusServer(listen, metrics, ready);
  } catch (e) {
    throw new UsageError(`--listen ${listen}: ${(e as Error).message}`);
  }
}

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
