/** `explain`'s answer in plain language: each target, then the policies that select nothing. */
import type { PolicyDescription } from '../../engine/describe.js';
import type { Allowance, Explanation, SideExplanation, TierRule } from '../../engine/explain-targets.js';
import { hasPriority, tieredPolicyText, tierPlaceText } from '../../engine/policies.js';
import { listed } from '../../model/list-text.js';
import { color } from './color.js';

const MAX_LISTED = 8;

function list(refs: string[]): string {
  return listed(refs, MAX_LISTED);
}

export function formatExplanation({ targets, unselected, policiesSelectingNothing }: Explanation): string {
  const blocks = targets.map((t) => {
    const lines = [color.bold(`${list(t.endpoints)}`), `  selected by ${t.policies.join(', ')}`];
    for (const direction of ['ingress', 'egress'] as const) lines.push(...sideLines(direction, t[direction]));
    return lines.join('\n');
  });
  if (unselected.length > 0) blocks.push(`${color.bold(list(unselected))}\n  selected by no policy: not isolated, anything may reach them and they may reach anything`);
  const anyEndpoint = targets.length + unselected.length > 0;
  if (policiesSelectingNothing.length > 0) {
    blocks.push(
      color.bold(anyEndpoint ? 'Policies that select no pod or workload in the input, from their selectors:' : 'No pods or workloads in the input: each policy from its selectors alone.'),
      ...policiesSelectingNothing.map(policyBlock),
    );
  }
  if (anyEndpoint) blocks.push(color.dim("Each side's own policies are shown; a connection also needs the other end's egress or ingress to allow it (palisade check)."));
  else if (policiesSelectingNothing.length === 0) blocks.push(color.dim('No policies, pods or workloads in the input.'));
  return blocks.join('\n\n');
}

/** A side in the order it applies; without ClusterNetworkPolicy rules, one line for the NetworkPolicies as it always read. */
function sideLines(direction: 'ingress' | 'egress', side: SideExplanation): string[] {
  const verb = direction === 'ingress' ? 'may be reached from' : 'may reach';
  const tiered = side.admin.length + side.baseline.length > 0;
  const indent = tiered ? '      ' : '    ';
  const lead = tiered ? '    NetworkPolicies' : `  ${direction}`;
  let networkPolicies: string[];
  if (!side.isolated) networkPolicies = [`${lead}: not isolated${tiered ? '' : ` — ${direction === 'ingress' ? 'anything may reach them' : 'they may reach anything'}`}`];
  else if (side.allows.length === 0) networkPolicies = [`${lead}: ${color.red('isolated, nothing allowed')} — ${direction === 'ingress' ? 'nothing may reach them' : 'they may reach nothing'}`];
  else networkPolicies = [`${lead}: isolated; ${verb}:`, ...side.allows.map((a) => `${indent}${allowanceLine(a)}`)];
  if (!tiered) return networkPolicies;
  const tier = (name: string, when: string, rules: TierRule[]) => (rules.length === 0 ? [] : [`    ${name} tier, ${when}:`, ...rules.map((r) => `${indent}${tierRuleLine(r)}`)]);
  const lines = [
    `  ${direction}, in the order it applies:`,
    ...tier('Admin', 'the first rule that matches decides (Pass hands over to the NetworkPolicies)', side.admin),
    ...networkPolicies,
  ];
  if (side.isolated && side.baseline.length > 0) lines.push(`    Baseline tier: not asked, NetworkPolicies isolate them`);
  else lines.push(...tier('Baseline', 'the first rule that matches decides; else allowed', side.baseline));
  if (!side.isolated && side.baseline.length === 0) lines.push(`    otherwise allowed`);
  return lines;
}

function clusterPolicyBlock(d: PolicyDescription): string {
  const lines = [color.bold(tieredPolicyText(d.policy)), `  ${tierPlaceText(d.policy, d.tier!, d.priority!, ' tier')}; selects ${d.selects}`];
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = d[direction].allows;
    if (rules.length === 0) lines.push(`  ${direction}: no rules`);
    else lines.push(`  ${direction}, the first rule that matches decides:`, ...rules.map((r) => `    - ${r.action} ${r.text}  ${color.dim(`[rule ${r.rule}${r.name ? ` "${r.name}"` : ''}]`)}`));
  }
  return lines.join('\n');
}

function tierRuleLine(r: TierRule): string {
  const name = r.name ? ` "${r.name}"` : '';
  return `- ${r.action} ${r.peer}, ${r.ports}${matchesText(r)}  ${color.dim(`[${r.policy}${hasPriority(r.policy) ? ` priority ${r.priority}` : ''} rule ${r.rule}${name}]`)}`;
}

function policyBlock(d: PolicyDescription): string {
  if (d.tier !== undefined) return clusterPolicyBlock(d);
  const lines = [color.bold(d.policy), `  selects ${d.selects}`];
  for (const direction of ['ingress', 'egress'] as const) {
    const side = d[direction];
    const verb = direction === 'ingress' ? 'the selected pods may be reached from' : 'they may reach';
    if (!side.isolated) lines.push(`  ${direction}: not isolated by this policy`);
    else if (side.allows.length === 0) lines.push(`  ${direction}: ${color.red('isolated, nothing allowed')} — ${direction === 'ingress' ? 'nothing may reach them' : 'they may reach nothing'}`);
    else lines.push(`  ${direction}: isolated; ${verb}:`, ...side.allows.flatMap((r) => r.peers.map((peer) => `    - ${peer}, ${r.ports}  ${color.dim(`[rule ${r.rule}]`)}`)));
  }
  lines.push(...d.notes.map((n) => `  ${color.yellow('note:')} ${n}`));
  return lines.join('\n');
}

function matchesText(a: Allowance): string {
  return a.matches.length > 0 ? `: ${list(a.matches)}` : isPodPeer(a.peer) ? ': no pod today' : '';
}

/** A peer of pods (by selectors), not of addresses, nodes or anywhere: from its words, which peerText writes. */
export function isPodPeer(peer: string): boolean {
  return peer.startsWith('pods') || peer.startsWith('all pods');
}

function allowanceLine(a: Allowance): string {
  return `- ${a.peer}, ${a.ports}${matchesText(a)}  ${color.dim(`[${a.policy} rule ${a.rule}]`)}`;
}
