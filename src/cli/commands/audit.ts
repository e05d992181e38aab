/** `palisade audit`: per namespace, what is isolated, exposed, unrestricted or unprotected. */
import { Command, Option } from 'commander';
import { audit, type ClusterRuleAudit, type Exposure, type NamespaceAudit } from '../../analysis/audit.js';
import { compileInputs, exitCodeFor, withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { hasPriority } from '../../engine/policies.js';
import { EXIT } from '../exit-codes.js';
import { color } from '../format/color.js';
import { ignoredPoliciesField } from '../format/ignored-policies.js';

export function auditCommand(): Command {
  return withAnalysisOptions(new Command('audit'))
    .description('per namespace: pods isolated each way, reachable from outside the cluster, free to reach anything, or covered by no policy')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'markdown', 'json']).default('table'))
    .action(async (opts: AnalysisOptions & { output: 'table' | 'markdown' | 'json' }) => {
      const { engine, ignored } = await compileInputs(opts);
      const result = audit(engine, opts.namespace);
      // The answer is a bare array of namespaces: each says which policies it ignored.
      const json = () => JSON.stringify(result.map((n) => ({ ...n, ...ignoredPoliciesField(ignored) })), null, 2);
      const text = opts.output === 'json' ? json() : opts.output === 'markdown' ? markdown(result) : table(result);
      process.stdout.write(text + '\n');
      process.exitCode = exitCodeFor(EXIT.ok, ignored, opts);
    });
}

const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none');

function exposureText(x: Exposure): string {
  const from = x.addressText === 'any' ? 'any address' : x.addressText;
  const who = x.endpoints.join(', ');
  return x.port === 'any' ? `${who}: every port, from ${from} (ingress not isolated)` : `${who} on ${x.port} from ${from}`;
}

function table(result: NamespaceAudit[]): string {
  return result
    .map((n) =>
      [
        `${color.bold(n.namespace)} (${n.pods} pod${n.pods === 1 ? '' : 's'}${n.pods === n.endpoints ? '' : ` as ${n.endpoints} endpoint${n.endpoints === 1 ? '' : 's'}`})`,
        `  isolated for ingress: ${n.isolatedIngress.length}/${n.endpoints}   for egress: ${n.isolatedEgress.length}/${n.endpoints}`,
        `  ${n.unprotected.length ? color.yellow('no policy at all') : 'no policy at all'}: ${list(n.unprotected)}`,
        `  may reach anything: ${list(n.mayReachAnything)}`,
        `  reachable from outside the cluster:${n.reachableFromOutside.length ? '' : ' none'}`,
        ...n.reachableFromOutside.map((x) => `    ${exposureText(x)}`),
        ...tierLines(n, 'Admin', 'NetworkPolicies cannot override these'),
        ...tierLines(n, 'Baseline', 'defaults, for pods no NetworkPolicy isolates'),
      ].join('\n'),
    )
    .join('\n\n');
}

/** A tier's rules over the namespace, in the order they apply: the first that matches decides. */
function tierLines(n: NamespaceAudit, tier: string, why: string): string[] {
  const rules = n.clusterRules.filter((r) => r.tier === tier);
  if (rules.length === 0) return [];
  return [`  ${tier} tier (${why}; the first rule that matches decides):`, ...rules.map((r) => `    ${clusterRuleText(r, n.endpoints)}`)];
}

function clusterRuleText(r: ClusterRuleAudit, of: number): string {
  return `${r.direction} ${r.action} ${r.text}, for ${r.endpoints}/${of} [${r.policy}${hasPriority(r.policy) ? ` priority ${r.priority}` : ''} rule ${r.rule}${r.name ? ` "${r.name}"` : ''}]`;
}

function markdown(result: NamespaceAudit[]): string {
  const tiered = result.some((n) => n.clusterRules.length > 0);
  const lines = [
    '### Palisade audit',
    '',
    `| namespace | pods | isolated ingress | isolated egress | no policy at all | may reach anything | reachable from outside |${tiered ? ' cluster rules |' : ''}`,
    `|---|---:|---:|---:|---|---|---|${tiered ? '---|' : ''}`,
  ];
  for (const n of result) {
    const outside = n.reachableFromOutside.map(exposureText).join('<br>') || 'none';
    const rules = tiered ? ` ${n.clusterRules.map((r) => `${r.tier}: ${clusterRuleText(r, n.endpoints)}`).join('<br>') || 'none'} |` : '';
    lines.push(`| ${n.namespace} | ${n.pods} | ${n.isolatedIngress.length} | ${n.isolatedEgress.length} | ${list(n.unprotected)} | ${list(n.mayReachAnything)} | ${outside} |${rules}`);
  }
  return lines.join('\n');
}
