/**
 * PAL001 policy-selects-nothing and PAL002 peer-selects-nothing: selectors
 * that match nothing the input knows. Both judge only where the input knows
 * something: a namespace with no pod or workload in the input could hold the
 * matching pods, so it is not held against a selector.
 *
 * PAL002 judges against the same cluster DNS as PAL006: a peer that matches
 * only a DNS stand-in (the input has no DNS pods) matches the cluster DNS, not
 * nothing. A namespaceSelector naming namespaces the input does not include
 * is reported one step gentler, as what the input lacks, not as an error.
 */
import type { CompiledPeer, CompiledPolicy } from '../../engine/policies.js';
import { namespacesSelected } from '../../engine/selections.js';
import { selectorKey } from '../../engine/selectors.js';
import { FieldPath } from '../../model/field-path.js';
import type { LabelSelector } from '../../model/objects.js';
import { labelsText, selectorText } from '../../model/selector-text.js';
import { DIRECTIONS, endpointCount, labelValuesHint, listed, peerPath, type LintContext, type RawFinding } from './context.js';
import { withDnsTargets } from './dns-targets.js';

const NAME_LABEL = 'kubernetes.io/metadata.name';

function selectorKeys(sel: LabelSelector): string[] {
  return [...new Set([...Object.keys(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).map((e) => e.key)])];
}

export function policySelectsNothing(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const policy of ctx.policies) {
    if (ctx.selectedAny(policy).length > 0) continue;
    const known = ctx.byNamespace.get(policy.namespace) ?? [];
    if (known.length === 0) continue; // nothing known in the namespace: no evidence either way
    const hint = labelValuesHint(selectorKeys(policy.podSelector), known, `namespace ${policy.namespace}`);
    out.push({
      check: 'PAL001',
      object: policy.source,
      path: FieldPath.root('spec', 'podSelector'),
      message: `podSelector ${selectorText(policy.podSelector)} selects no pod or workload of namespace ${policy.namespace} (the input has ${endpointCount(known.length)} there), so this policy isolates and allows nothing`,
      hint: `${hint ? `${hint}; ` : ''}fix the labels (a policy selects pods of its own namespace only)`,
    });
  }
  return out;
}

type PeerVerdict = Omit<RawFinding, 'object' | 'path'> & { field: 'namespaceSelector' | 'podSelector' };

/** The namespaces a selector names with kubernetes.io/metadata.name (matchLabels, or `In`); none when it selects by other labels only. */
function namedNamespaces(sel: LabelSelector): string[] {
  const named = sel.matchLabels?.[NAME_LABEL];
  if (named !== undefined) return [named];
  return (sel.matchExpressions ?? []).filter((e) => e.key === NAME_LABEL && e.operator === 'In').flatMap((e) => e.values ?? []);
}

export function peerSelectsNothing(ctx: LintContext): RawFinding[] {
  return withDnsTargets(ctx, () => peersMatchingNothing(ctx));
}

function peersMatchingNothing(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  // The same peer written in many policies gets the same answer.
  const memo = new Map<string, PeerVerdict | undefined>();
  for (const policy of ctx.policies) {
    for (const d of DIRECTIONS) {
      for (const rule of ctx.activeRules(policy, d)) {
        for (const peer of rule.peers ?? []) {
          if (peer.blocks) continue;
          if (ctx.engine.peerMembers(policy.ref, d, rule.index, peer.index).length > 0) continue;
          const key = JSON.stringify([peer.namespaceSelector ? selectorKey(peer.namespaceSelector) : policy.namespace, peer.podSelector && selectorKey(peer.podSelector)]);
          if (!memo.has(key)) memo.set(key, peerVerdict(ctx, policy, peer));
          const v = memo.get(key);
          if (!v) continue;
          const { field, ...finding } = v;
          out.push({ ...finding, object: policy.source, path: peerPath(d, rule.index, peer.index).child(field) });
        }
      }
    }
  }
  return out;
}

/** Why a peer that matches no endpoint is wrong, if the input knows enough to say so. */
function peerVerdict(ctx: LintContext, policy: CompiledPolicy, peer: CompiledPeer): PeerVerdict | undefined {
  let covered = [policy.namespace];
  if (peer.namespaceSelector) {
    const sel = peer.namespaceSelector;
    covered = namespacesSelected(ctx.engine, sel, ctx.namespaceNames);
    if (covered.length === 0) {
      // Namespace labels are known only when the input declares namespaces.
      if (!ctx.declaresNamespaces) return undefined;
      const missing = namedNamespaces(sel).filter((n) => !ctx.namespaceNames.includes(n));
      if (missing.length > 0) {
        return {
          check: 'PAL002',
          field: 'namespaceSelector',
          gentler: true,
          message: `namespaceSelector ${selectorText(sel)} selects ${missing.length === 1 ? 'namespace' : 'namespaces'} ${listed(missing)}, which the input does not include: whether this peer matches anything cannot be told from the input`,
          hint: `the input's namespaces are ${listed(ctx.namespaceNames, 8)}; add ${missing.length === 1 ? 'that namespace' : 'those namespaces'} and ${missing.length === 1 ? 'its' : 'their'} pods to the input, or fix the name (if it holds the cluster DNS, name it in lint.dns in .palisade.yaml)`,
        };
      }
      const labelled = ctx.cluster.namespaces.filter((n) => !n.implicit && Object.keys(n.metadata.labels ?? {}).length > 0);
      return {
        check: 'PAL002',
        field: 'namespaceSelector',
        message: `namespaceSelector ${selectorText(sel)} matches no namespace, so this peer allows nothing`,
        hint:
          labelled.length > 0
            ? `namespaces are labelled ${listed(labelled.map((n) => `${n.metadata.name} (${labelsText(n.metadata.labels)})`), 4)}; every namespace also has kubernetes.io/metadata.name=<its name>`
            : 'no declared namespace has labels; select by name with kubernetes.io/metadata.name: <namespace>',
      };
    }
  }
  if (!peer.podSelector) return undefined; // matching namespaces that have no pods yet: nothing wrong
  const known = covered.map((n) => ctx.byNamespace.get(n) ?? []);
  const count = known.reduce((n, list) => n + list.length, 0);
  if (count === 0) return undefined;
  const where = covered.length === 1 ? `namespace ${covered[0]}` : `namespaces ${listed(covered)}`;
  const hint = labelValuesHint(selectorKeys(peer.podSelector), known.flat(), where);
  return {
    check: 'PAL002',
    field: 'podSelector',
    message: `podSelector ${selectorText(peer.podSelector)} matches no pod or workload in ${where} (the input has ${endpointCount(count)} there), so this peer allows nothing`,
    hint:
      (hint ? `${hint}. ` : '') +
      (peer.namespaceSelector ? 'Fix the labels' : `Fix the labels; a podSelector alone matches pods of the policy's namespace ${policy.namespace} only (add a namespaceSelector in the same item for other namespaces)`),
  };
}
