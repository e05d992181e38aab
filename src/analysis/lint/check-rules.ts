/**
 * Checks on how rules are written: PAL004 peer-split-selectors, PAL008
 * allows-everything, PAL010 rules-ignored.
 */
import { splitSelectorPeers } from '../../engine/describe.js';
import type { CompiledPeer, CompiledPolicy } from '../../engine/policies.js';
import { endpointsSelected, namespacesSelected } from '../../engine/selections.js';
import { isEmptySelector } from '../../engine/selectors.js';
import { FieldPath } from '../../model/field-path.js';
import type { NetworkPolicyPeer, NetworkPolicyPort } from '../../model/objects.js';
import { selectorText } from '../../model/selector-text.js';
import { DIRECTIONS, flowSelector, peerPath, peersField, rulePath, type LintContext, type RawFinding } from './context.js';

/** PAL004: `- namespaceSelector: …` and `- podSelector: …` as two items of one rule. */
export function peerSplitSelectors(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const policy of ctx.policies) {
    for (const d of DIRECTIONS) {
      for (const rule of ctx.activeRules(policy, d)) {
        const pair = splitSelectorPeers(rule).find(([n, p]) => !deliberate(ctx, policy, n, p));
        if (!pair) continue;
        const [n, p] = pair;
        const field = peersField(d);
        const nsSel = n.namespaceSelector!;
        const podSel = p.podSelector!;
        out.push({
          check: 'PAL004',
          object: policy.source,
          path: peerPath(d, rule.index, p.index),
          message:
            `${field}[${n.index}] (namespaceSelector ${selectorText(nsSel)}) and ${field}[${p.index}] (podSelector ${selectorText(podSel)}) are two peers, which is an OR: ` +
            `this rule allows every pod in namespaces with ${selectorText(nsSel)}, and pods with ${selectorText(podSel)} in namespace ${policy.namespace} only. ` +
            `If you meant pods with ${selectorText(podSel)} in namespaces with ${selectorText(nsSel)}, that is one peer with both selectors`,
          hint: `write one item with both keys: - {namespaceSelector: ${flowSelector(nsSel)}, podSelector: ${flowSelector(podSel)}} (in block style, no "-" before podSelector); if the OR is meant, annotate the policy with palisade.dev/lint-ignore: PAL004`,
        });
      }
    }
  }
  return out;
}

/**
 * The split is deliberate when the known pods say so: the namespaces the
 * namespaceSelector picks (other than the policy's own) have pods, and none
 * of them matches the podSelector, so the AND would select nothing.
 */
function deliberate(ctx: LintContext, policy: CompiledPolicy, n: CompiledPeer, p: CompiledPeer): boolean {
  const namespaces = namespacesSelected(ctx.engine, n.namespaceSelector!, ctx.namespaceNames).filter((name) => name !== policy.namespace);
  const known = namespaces.flatMap((name) => ctx.byNamespace.get(name) ?? []);
  return known.length > 0 && endpointsSelected(p.podSelector!, known).length === 0;
}

/** PAL008: every peer on every port, where that is likely not what was meant. */
export function allowsEverything(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const policy of ctx.policies) {
    for (const d of DIRECTIONS) {
      const rules = ctx.activeRules(policy, d);
      for (const rule of rules) {
        const written = (d === 'ingress' ? policy.source.spec.ingress : policy.source.spec.egress)?.[rule.index] as
          | { ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[] }
          | undefined;
        const field = peersField(d);
        const peerList = written?.[field];
        const noPorts = !rule.ports || rule.ports.length === 0;
        if (!noPorts) continue;
        if (rule.peers === null) {
          const emptyPeers = peerList !== undefined && peerList.length === 0;
          const emptyPorts = written?.ports !== undefined && written.ports.length === 0;
          // `- {}` as a policy's only rule in a direction is the documented way to allow everything.
          if (!emptyPeers && !emptyPorts && rules.length === 1) continue;
          const others = rules.length - 1;
          const why = emptyPeers
            ? `${field}: [] is an empty list, which matches every peer, not none`
            : emptyPorts
              ? 'ports: [] is an empty list, which matches every port, not none'
              : `this rule names no peers and no ports, so it allows everything, and the ${others} other ${d} rule${others === 1 ? '' : 's'} of this policy add nothing`;
          out.push({
            check: 'PAL008',
            object: policy.source,
            path: emptyPeers ? rulePath(d, rule.index).child(field) : emptyPorts ? rulePath(d, rule.index).child('ports') : rulePath(d, rule.index),
            message: `${why}: ${d === 'ingress' ? 'any source may reach the selected pods' : 'the selected pods may reach any destination'} on any port`,
            hint: `list the peers (${field}) and ports this rule is for; to allow nothing in this direction, leave the rule out (spec.${d}: [] with "${d === 'ingress' ? 'Ingress' : 'Egress'}" in policyTypes)`,
          });
          continue;
        }
        for (const peer of rule.peers) {
          if (!peer.namespaceSelector || !isEmptySelector(peer.namespaceSelector) || (peer.podSelector && !isEmptySelector(peer.podSelector))) continue;
          out.push({
            check: 'PAL008',
            object: policy.source,
            path: peerPath(d, rule.index, peer.index).child('namespaceSelector'),
            message: `namespaceSelector: {} matches every namespace and this rule has no ports: every pod in the cluster ${d === 'ingress' ? 'may reach the selected pods' : 'may be reached'} on any port`,
            hint: 'name the namespaces (namespaceSelector with labels, e.g. kubernetes.io/metadata.name), add a podSelector in the same item, or limit the ports',
          });
        }
      }
    }
  }
  return out;
}

/** PAL010: rules of a direction that `policyTypes` leaves out. */
export function rulesIgnored(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const policy of ctx.policies) {
    for (const d of DIRECTIONS) {
      const n = policy.rules[d].length;
      if (policy.isolates[d] || n === 0) continue;
      const type = d === 'ingress' ? 'Ingress' : 'Egress';
      out.push({
        check: 'PAL010',
        object: policy.source,
        path: FieldPath.root('spec', d),
        message: `spec.policyTypes is [${(policy.source.spec.policyTypes ?? []).join(', ')}], without ${type}: ${n === 1 ? `this ${d} rule is` : `these ${n} ${d} rules are`} ignored`,
        hint: `add ${type} to spec.policyTypes (which also isolates the selected pods for ${d}), or remove spec.${d}`,
      });
    }
  }
  return out;
}
