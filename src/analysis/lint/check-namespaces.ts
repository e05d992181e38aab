/**
 * PAL009 namespace-without-default-deny (audit level): a namespace with pods
 * or workloads where no policy with `podSelector: {}` isolates ingress, or
 * egress. Such a policy is what keeps a new pod closed until someone allows
 * what it needs.
 */
import { isEmptySelector } from '../../engine/selectors.js';
import { FieldPath } from '../../model/field-path.js';
import type { Namespace } from '../../model/objects.js';
import { DIRECTIONS, type LintContext, type RawFinding } from './context.js';

export function namespaceWithoutDefaultDeny(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  const declared = new Map<string, Namespace>(ctx.cluster.namespaces.map((n) => [n.metadata.name ?? '', n]));
  for (const name of ctx.namespaceNames) {
    const endpoints = ctx.byNamespace.get(name) ?? [];
    const ns = declared.get(name);
    if (endpoints.length === 0 || !ns) continue;
    const missing = DIRECTIONS.filter((d) => !ctx.policies.some((p) => p.namespace === name && p.isolates[d] && isEmptySelector(p.podSelector)));
    if (missing.length === 0) continue;
    const types = missing.map((d) => (d === 'ingress' ? 'Ingress' : 'Egress'));
    out.push({
      check: 'PAL009',
      object: ns,
      // An implicit namespace has no text of its own: point at the first object that lives in it.
      path: ns.implicit ? FieldPath.root('metadata', 'namespace') : FieldPath.root('metadata', 'name'),
      message: `namespace ${name} has ${endpoints.length} ${endpoints.length === 1 ? 'pod or workload' : 'pods and workloads'} but no default-deny policy for ${missing.join(' and ')}: pods no policy selects are open that way`,
      hint:
        `add a policy in ${name} with podSelector: {} and policyTypes: [${types.join(', ')}] and no rules, then allow what each pod needs` +
        (missing.includes('egress') ? ' (including DNS)' : ''),
    });
  }
  return out;
}
