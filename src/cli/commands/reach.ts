/** `palisade reach`: who can reach an endpoint, and what it can reach, per port. */
import { Command, Option } from 'commander';
import { portQueryText } from '../../engine/ports.js';
import { reach, type Reach } from '../../engine/reach.js';
import { compileInputs, exitCodeFor, portsFor, withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { endpointArg } from '../endpoint-args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { reachText } from '../format/reach.js';
import { ignoredPoliciesField } from '../format/ignored-policies.js';

interface ReachOptions extends AnalysisOptions {
  output: 'table' | 'json';
  ports?: string;
}

export function reachCommand(): Command {
  return withAnalysisOptions(new Command('reach'))
    .description('list who can reach ENDPOINT and what it can reach, per port: pods, namespaces and address ranges')
    .argument('<ENDPOINT>', 'pod (NAMESPACE/NAME), workload (NAMESPACE/KIND/NAME), or a NAME in -n NAMESPACE (default: default)')
    .option('--ports <list>', 'ports to consider, e.g. 80/TCP,53/UDP (default: the ports the policies and pods name)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (ref: string, opts: ReachOptions) => {
      const { engine, ignored } = await compileInputs(opts);
      const target = endpointArg(engine, ref, 'ENDPOINT', opts.namespace);
      if (target.kind === 'external') throw new UsageError(`ENDPOINT "${ref}" is an address outside the cluster: reach needs a pod or workload`);
      const ports = portsFor(opts.ports, engine, engine.endpoints());
      const incoming = reach(engine, target, 'ingress', ports);
      const outgoing = reach(engine, target, 'egress', ports);
      if (opts.output === 'json') {
        const json = (rs: Reach[]) => rs.map((r) => ({ ...r, port: portQueryText(r.port) }));
        process.stdout.write(JSON.stringify({ endpoint: target.ref, reachedFrom: json(incoming), reaches: json(outgoing), ...ignoredPoliciesField(ignored) }, null, 2) + '\n');
      } else {
        process.stdout.write(reachText(target, incoming, outgoing) + '\n');
      }
      process.exitCode = exitCodeFor(EXIT.ok, ignored, opts);
    });
}
