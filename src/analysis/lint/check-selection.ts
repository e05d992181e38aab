/**
 * PAL001 policy-selects-nothing and PAL002 peer-selects-nothing: selectors
 * that match nothing the input knows, in NetworkPolicies and
 * ClusterNetworkPolicies alike (a ClusterNetworkPolicy's subject and its
 * `namespaces` and `pods` peers select as a NetworkPolicy peer with a
 * namespaceSelector does; `networks` select no objects; a `nodes` peer is
 * judged against the input's Node objects). Both judge only where the input knows something: a
 * namespace with no pod or workload in the input could hold the matching
 * pods, so it is not held against a selector.
 *
 * PAL002 judges against the same cluster DNS as PAL006: a peer that matches
 * only a DNS stand-in (the input has no DNS pods) matches the cluster DNS, not
 * nothing. A namespaceSelector naming namespaces the input does not include
 * is reported one step gentler, as what the input lacks, not as an error.
 */
import type { CompiledPeer, CompiledPolicy } from '../../engine/policies.js';
import { endpointsSelected, namespacesSelected } from '../../engine/selections.js';
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
  for (const policy of ctx.clusterPolicies) {
    if (policy.source.kind === 'NetworkPolicy' || ctx.selectedAny(policy).length > 0) continue;
    const written = writtenAt(FieldPath.root('spec', 'subject'), policy.source.spec.subject.pods ? 'pods' : 'namespaces');
    const v = selectionVerdict(ctx, policy, policy, written, { what: 'this subject', effect: 'so this policy applies to no pod' });
    if (v) out.push({ ...v.finding, check: 'PAL001', object: policy.source, path: written[v.field].path });
  }
  return out;
}

type Field = 'namespaceSelector' | 'podSelector';

/** Where a selection's selectors are written, and the names they go by there. */
type Written = Record<Field, { path: FieldPath; name: string }>;

/**
 * A NetworkPolicy peer's namespaceSelector and podSelector; a
 * ClusterNetworkPolicy's `pods` (namespaceSelector and podSelector inside)
 * or `namespaces`, the one selector written (a `namespaces` subject compiles
 * with podSelector: {}, which matches every pod, so it is never at fault).
 */
function writtenAt(at: FieldPath, form: 'peer' | 'pods' | 'namespaces'): Written {
  if (form === 'namespaces') {
    const namespaces = { path: at.child('namespaces'), name: 'namespaces' };
    return { namespaceSelector: namespaces, podSelector: namespaces };
  }
  const inside = form === 'pods' ? at.child('pods') : at;
  return {
    namespaceSelector: { path: inside.child('namespaceSelector'), name: 'namespaceSelector' },
    podSelector: { path: inside.child('podSelector'), name: 'podSelector' },
  };
}

interface Verdict {
  field: Field;
  finding: Pick<RawFinding, 'message' | 'hint' | 'gentler'>;
}

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
  const memo = new Map<string, Verdict | undefined>();
  for (const policy of [...ctx.policies, ...ctx.clusterPolicies]) {
    for (const d of DIRECTIONS) {
      for (const rule of ctx.activeRules(policy, d)) {
        for (const peer of rule.peers ?? []) {
          if (peer.nodeSelector && peer.blocks!.length === 0) out.push(nodesMatchingNothing(ctx, policy, peerPath(d, rule.index, peer.index), peer.nodeSelector));
          if (peer.blocks) continue;
          if (ctx.engine.peerMembers(policy.ref, d, rule.index, peer.index).length > 0) continue;
          const form = policy.kind === 'NetworkPolicy' ? 'peer' : peer.podSelector ? 'pods' : 'namespaces';
          const written = writtenAt(peerPath(d, rule.index, peer.index), form);
          const key = JSON.stringify([form, peer.namespaceSelector ? selectorKey(peer.namespaceSelector) : policy.namespace, peer.podSelector && selectorKey(peer.podSelector)]);
          // A ClusterNetworkPolicy's peer may deny: what it matches is all that can be said.
          const about = { what: 'this peer', effect: form === 'peer' ? 'so this peer allows nothing' : 'so this peer matches nothing' };
          if (!memo.has(key)) memo.set(key, selectionVerdict(ctx, policy, peer, written, about));
          const v = memo.get(key);
          if (v) out.push({ ...v.finding, check: 'PAL002', object: policy.source, path: written[v.field].path });
        }
      }
    }
  }
  return out;
}

/** A `nodes` peer that no Node of the input (with an address) answers: without Node objects, one step gentler, as what the input lacks. */
function nodesMatchingNothing(ctx: LintContext, policy: CompiledPolicy, at: FieldPath, sel: LabelSelector): RawFinding {
  const nodes = ctx.cluster.nodes.length;
  const base = { check: 'PAL002' as const, object: policy.source, path: at.child('nodes') };
  if (nodes === 0) {
    return {
      ...base,
      gentler: true,
      message: `the input has no Node objects, so nodes ${selectorText(sel)} matches no address in Palisade's answers, which may be wrong`,
      hint: 'add the cluster\'s Nodes to the input (kubectl get nodes -o yaml): their InternalIP and ExternalIP addresses are what this peer matches',
    };
  }
  return {
    ...base,
    message: `nodes ${selectorText(sel)} selects no Node with an InternalIP or ExternalIP address among the input's ${nodes}, so this peer matches nothing`,
    hint: 'check the selector against the Nodes\' labels (kubectl get nodes --show-labels)',
  };
}

/**
 * Why a selection (a peer, a ClusterNetworkPolicy's subject) matches no pod
 * or workload, if the input knows enough to say so; `about` names it and
 * says what matching nothing means for the policy.
 */
function selectionVerdict(ctx: LintContext, policy: CompiledPolicy, sel: Pick<CompiledPeer, Field>, written: Written, about: { what: string; effect: string }): Verdict | undefined {
  const { what, effect } = about;
  let covered = [policy.namespace];
  if (sel.namespaceSelector) {
    const ns = sel.namespaceSelector;
    const name = written.namespaceSelector.name;
    covered = namespacesSelected(ctx.engine, ns, ctx.namespaceNames);
    if (covered.length === 0) {
      // Namespace labels are known only when the input declares namespaces.
      if (!ctx.declaresNamespaces) return undefined;
      const missing = namedNamespaces(ns).filter((n) => !ctx.namespaceNames.includes(n));
      if (missing.length > 0) {
        return {
          field: 'namespaceSelector',
          finding: {
            gentler: true,
            message: `${name} ${selectorText(ns)} selects ${missing.length === 1 ? 'namespace' : 'namespaces'} ${listed(missing)}, which the input does not include: whether ${what} matches anything cannot be told from the input`,
            hint: `the input's namespaces are ${listed(ctx.namespaceNames, 8)}; add ${missing.length === 1 ? 'that namespace' : 'those namespaces'} and ${missing.length === 1 ? 'its' : 'their'} pods to the input, or fix the name (if it holds the cluster DNS, name it in lint.dns in .palisade.yaml)`,
          },
        };
      }
      const labelled = ctx.cluster.namespaces.filter((n) => !n.implicit && Object.keys(n.metadata.labels ?? {}).length > 0);
      return {
        field: 'namespaceSelector',
        finding: {
          message: `${name} ${selectorText(ns)} matches no namespace, ${effect}`,
          hint:
            labelled.length > 0
              ? `namespaces are labelled ${listed(labelled.map((n) => `${n.metadata.name} (${labelsText(n.metadata.labels)})`), 4)}; every namespace also has kubernetes.io/metadata.name=<its name>`
              : 'no declared namespace has labels; select by name with kubernetes.io/metadata.name: <namespace>',
        },
      };
    }
  }
  if (!sel.podSelector) return undefined; // matching namespaces that have no pods yet: nothing wrong
  const known = covered.flatMap((n) => ctx.byNamespace.get(n) ?? []);
  if (known.length === 0 || endpointsSelected(sel.podSelector, known).length > 0) return undefined;
  const where = covered.length === 1 ? `namespace ${covered[0]}` : `namespaces ${listed(covered)}`;
  const hint = labelValuesHint(selectorKeys(sel.podSelector), known, where);
  return {
    field: 'podSelector',
    finding: {
      message: `${written.podSelector.name} ${selectorText(sel.podSelector)} matches no pod or workload in ${where} (the input has ${endpointCount(known.length)} there), ${effect}`,
      hint:
        (hint ? `${hint}. ` : '') +
        (sel.namespaceSelector ? 'Fix the labels' : `Fix the labels; a podSelector alone matches pods of the policy's namespace ${policy.namespace} only (add a namespaceSelector in the same item for other namespaces)`),
    },
  };
}
