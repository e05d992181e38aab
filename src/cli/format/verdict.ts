/** A verdict for people: the answer first, then each side's reason, then what would change it. */
import type { Engine } from '../../engine/engine.js';
import { peerText, ruleText } from '../../engine/describe.js';
import { portEntryText, portQueryText } from '../../engine/ports.js';
import type { Endpoint, PortQuery, RuleRef, SideVerdict, Verdict } from '../../engine/types.js';
import { color } from './color.js';

export function formatVerdict(engine: Engine, from: Endpoint, to: Endpoint, q: PortQuery, v: Verdict): string {
  const answer = v.allowed ? color.green(color.bold('ALLOWED')) : color.red(color.bold('DENIED'));
  return [`${answer}  ${endpointName(from)} → ${endpointName(to)} on ${portQueryText(q)}`, ...formatSide(engine, v.egress), ...formatSide(engine, v.ingress)].join('\n');
}

/** `shop/web-5d8f-a (of deployment/web)` for a pod of a workload in the input, else the ref. */
function endpointName(ep: Endpoint): string {
  return ep.kind === 'pod' && ep.owner ? `${ep.ref} (of ${ep.owner.slice(ep.namespace.length + 1)})` : ep.ref;
}

function formatSide(engine: Engine, side: SideVerdict): string[] {
  const head = `  ${side.direction.padEnd(7)} ${side.endpoint}: `;
  const mark = side.allowed ? color.green('allows') : color.red('denies');
  switch (side.reason) {
    case 'external':
      return [`${head}${mark}: an address outside the cluster has no policies`];
    case 'host-network':
      return [`${head}${mark}: host-network pods are not selected by policies`];
    case 'not-isolated':
      return [`${head}${mark}: no policy selects it for ${side.direction}, so it is not isolated`];
    case 'self':
      return [`${head}${mark}: a pod can always reach itself`];
    case 'node-local':
      return [`${head}${mark}: traffic between a pod and a host-network pod of its own node is always allowed`];
    case 'allowed-by-rule':
      return [`${head}${mark}: isolated by ${side.policies.join(', ')}; allowed by`, ...side.allowedBy.map((r) => `      ${ruleRefText(engine, r)}`)];
    case 'denied-by-rule':
      return [`${head}${mark}: denied by`, `      ${ruleRefText(engine, side.deniedBy!)}`];
    case 'no-rule-matched':
      return [
        `${head}${mark}: isolated by ${side.policies.join(', ')}, and no rule allows it`,
        ...side.denials.flatMap((d) => {
          const policy = engine.policy(d.policy)!;
          if (d.rules.length === 0) return [`      ${d.policy}: has no ${side.direction} rules (it only isolates)`];
          return d.rules.flatMap((r) => [
            `      ${d.policy} ${side.direction}[${r.rule}] ${color.dim(`(${ruleText(policy.rules[side.direction][r.rule]!, policy.namespace)})`)}`,
            ...(r.reasons ?? []).map((reason) => `        - ${reason}`),
          ]);
        }),
      ];
  }
}

/** `default/allow-db ingress[0] from[2] (pods with role=frontend in namespace default) ports[0] (6379/TCP)`. */
export function ruleRefText(engine: Engine, r: RuleRef): string {
  const policy = engine.policy(r.policy)!;
  const rule = policy.rules[r.direction][r.rule]!;
  const field = r.direction === 'ingress' ? 'from' : 'to';
  const peer = r.peer === null ? `any peer` : `${field}[${r.peer}] (${peerText(rule.peers![r.peer]!, policy.namespace)})`;
  const port = r.port === null ? 'any port' : `ports[${r.port}] (${portEntryText(rule.ports![r.port]!)})`;
  return `${r.policy} ${r.direction}[${r.rule}] ${peer}, ${port}`;
}
