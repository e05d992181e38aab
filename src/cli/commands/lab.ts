/**
 * `palisade lab`: the cluster as network namespaces on this machine, the
 * rulesets applied, every connection tried with real packets and compared
 * with the engine. Exit 1 on any difference.
 */
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { portQueryText } from '../../engine/ports.js';
import { clusterOf } from '../../engine/cluster.js';
import { Lab, keptLabNamespace, removeKeptLabs, type ProbeResult } from '../../lab/lab.js';
import { labUnavailable } from '../../lab/netns.js';
import { planLab, probePorts } from '../../lab/plan.js';
import { readAndValidate, throwIoErrors, withInputOptions, type InputOptions } from '../inputs.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { color } from '../format/color.js';
import { formatTable } from '../format/table.js';

interface LabOptions extends InputOptions {
  nodes: string;
  keep: boolean;
  timeout: string;
  ipblockMatchesPods: boolean;
}

export function labCommand(): Command {
  const run = withInputOptions(new Command('run'))
    .description('build the cluster from network namespaces, apply the rulesets, probe every connection, compare with the engine')
    .option('--nodes <n>', 'at least this many nodes (pods without spec.nodeName are spread over them)', '1')
    .option('--keep', 'leave the lab up afterwards (see lab exec, lab down)', false)
    .option('--timeout <ms>', 'how long a probe waits before calling a connection blocked', '800')
    .option('--no-ipblock-matches-pods', 'ipBlock peers match only addresses outside the cluster')
    .action(async (opts: LabOptions) => {
      process.exitCode = await runLab(opts);
    });
  const exec = new Command('exec')
    .description('run a command inside a pod of a kept lab: palisade lab exec NAMESPACE/POD -- CMD [ARGS...]')
    .argument('<pod>', 'the pod (or workload) as the lab printed it')
    .argument('<command...>', 'the command and its arguments')
    .action(async (ref: string, command: string[]) => {
      const ns = keptLabNamespace(ref);
      if (!ns) throw new UsageError(`no kept lab has a pod "${ref}" (run palisade lab -f ... --keep first)`);
      const r = spawnSync('ip', ['netns', 'exec', ns, ...command], { stdio: 'inherit' });
      process.exitCode = r.status ?? EXIT.usage;
    });
  const down = new Command('down').description('remove every kept lab: its processes and namespaces').action(async () => {
    const removed = removeKeptLabs();
    process.stdout.write(removed.length ? `removed ${removed.map((p) => `${p}*`).join(', ')}\n` : 'no kept lab\n');
  });
  return new Command('lab')
    .description('prove the policies with real packets between pods simulated as network namespaces (root)')
    .addCommand(run, { isDefault: true })
    .addCommand(exec)
    .addCommand(down);
}

async function runLab(opts: LabOptions): Promise<number> {
  const unavailable = labUnavailable();
  if (unavailable) throw new UsageError(unavailable);
  const { manifests, report } = await readAndValidate(opts);
  throwIoErrors(report);
  const invalid = report.diagnostics.filter((d) => d.severity === 'error').length;
  if (invalid) process.stderr.write(`palisade: warning: ${invalid} error(s) in the input; those objects are left out (palisade validate shows them)\n`);
  const plan = planLab(clusterOf(manifests, report), Number(opts.nodes));
  for (const s of plan.skipped) process.stderr.write(`palisade: note: ${s.ref} is left out of the lab: ${s.reason}\n`);
  const log = (line: string) => process.stderr.write(`${color.dim(line)}\n`);
  const lab = new Lab(plan, { ipBlockMatchesPods: opts.ipblockMatchesPods, timeoutMs: Number(opts.timeout), log });
  const interrupted = () => {
    lab.teardown();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  // Any other way out (a closed output pipe exits at once) still removes the lab.
  const exiting = () => lab.teardown();
  process.once('exit', exiting);
  let kept = false;
  try {
    lab.build();
    lab.applyRulesets();
    const { probed, sctp } = probePorts(lab.portsOfInterest());
    await lab.startAgents(probed);
    const started = performance.now();
    const results = await lab.probeAll(probed);
    log(`${results.length} probes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(formatResults(results) + '\n');
    if (sctp.length) {
      process.stdout.write(`skipped: ${sctp.map(portQueryText).join(', ')} (this kernel has no SCTP sockets; the SCTP rules are generated and checked by nft, not probed)\n`);
    }
    if (opts.keep) {
      const state = lab.saveState();
      kept = true;
      process.stdout.write(`kept: ${state}; palisade lab exec NAMESPACE/POD -- CMD to poke at it, palisade lab down to remove it\n`);
    }
    return results.some((r) => r.observed !== r.expected) ? EXIT.finding : EXIT.ok;
  } finally {
    if (!kept) lab.teardown();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    process.removeListener('exit', exiting);
  }
}

/** Per port, observed versus expected: ✓ both allow, · both block, ✗ they differ. Then each difference in words. */
function formatResults(results: ProbeResult[]): string {
  const order = ['TCP', 'UDP', 'SCTP'];
  const ports = [...new Map(results.map((r) => [portQueryText(r.port), r.port])).entries()]
    .sort(([, a], [, b]) => order.indexOf(a.protocol) - order.indexOf(b.protocol) || a.port - b.port)
    .map(([text]) => text);
  const blocks = ports.map((p) => {
    const rows = results.filter((r) => portQueryText(r.port) === p);
    const from = [...new Set(rows.map((r) => r.from))];
    const to = [...new Set(rows.map((r) => r.to))];
    const cell = (f: string, t: string) => {
      const r = rows.find((x) => x.from === f && x.to === t);
      if (!r) return '';
      if (r.observed !== r.expected) return color.red(color.bold('✗'));
      return r.observed ? color.green('✓') : '·';
    };
    const head = ['', ...to.map((_, j) => String(j + 1))];
    const legend = to.map((t, j) => `${j + 1}=${t}`).join('  ');
    return `${color.bold(p)}  (rows: from, columns: to; ✓ connected as expected, · blocked as expected, ✗ differs from the engine)\n${formatTable(head, from.map((f) => [f, ...to.map((t) => cell(f, t))]))}\n${color.dim(legend)}\n`;
  });
  const diffs = results.filter((r) => r.observed !== r.expected);
  const summary = `${results.length} probes, ${diffs.length} difference(s) between packets and engine`;
  const listed = diffs.map((d) => `  ${d.from} → ${d.to} ${portQueryText(d.port)}: engine says ${d.expected ? 'allowed' : 'denied'}, packets were ${d.observed ? 'delivered' : 'blocked'}`);
  return [...blocks, '', diffs.length ? color.red(color.bold(summary)) : color.green(summary), ...listed].join('\n');
}
