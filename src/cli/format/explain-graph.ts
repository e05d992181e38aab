/**
 * `explain -o dot|mermaid`: the explanation as a picture, one box per target
 * as the table has one paragraph: its endpoints (bold, with the directions
 * NetworkPolicies isolate), a hexagon per policy selecting them (with a
 * ClusterNetworkPolicy's tier and priority) and a dashed `selects` arrow,
 * and the peers the rules name, with whom they match today: arrows from
 * ingress peers into the endpoints and from the endpoints to egress peers,
 * labelled with the policy and rule, the ports and, for a
 * ClusterNetworkPolicy, the action (Deny red, Pass grey). Rules are drawn as
 * the side applies them: the baseline tier not where NetworkPolicies
 * isolate. Boxes share no node, so each lays out on its own: peers shared
 * across targets would pull every box into one tangle. A policy that
 * selects nothing has a box with its selector in words; endpoints no policy
 * selects stand alone.
 */
import type { Explanation } from '../../engine/explain-targets.js';
import { tierPlaceText } from '../../engine/policies.js';
import { DIRECTIONS, type Direction } from '../../engine/types.js';
import { isPodPeer } from './explain.js';
import type { Graph, GraphEdge, GraphNode, Tone } from './graph-writer.js';

/** Refs a node lists one per line, as many as the table lists; the rest are counted. */
const MAX_LINES = 8;

function refLines(refs: readonly string[]): string[] {
  return refs.length <= MAX_LINES ? [...refs] : [...refs.slice(0, MAX_LINES), `and ${refs.length - MAX_LINES} more`];
}

interface Rule {
  policy: string;
  rule: number;
  ports: string;
  action?: string;
  name?: string;
}

/** What an arrow of a rule says, on two lines: `shop/web rule 0`, `on 6379/TCP`; `guardrails rule 1 "name"`, `Deny on any port`. */
function ruleLabel(r: Rule): string[] {
  return [`${r.policy} rule ${r.rule}${r.name ? ` "${r.name}"` : ''}`, `${r.action ? `${r.action} ` : ''}${r.ports}`];
}

const ACTION_TONES: Record<string, Tone> = { Deny: 'red', Pass: 'gray' };

/** The line under a target's endpoints. */
function isolationLine(ingress: boolean, egress: boolean): string {
  if (ingress && egress) return 'isolated for ingress and egress';
  if (ingress || egress) return `isolated for ${ingress ? 'ingress' : 'egress'}`;
  return 'not isolated by NetworkPolicies';
}

export function explanationGraph({ targets, unselected, policiesSelectingNothing }: Explanation): Graph {
  // A ClusterNetworkPolicy's hexagon names its tier and priority, which its rules carry.
  const tiers = new Map<string, string>();
  for (const t of targets) {
    for (const d of DIRECTIONS) {
      for (const [tier, rules] of [['Admin', t[d].admin], ['Baseline', t[d].baseline]] as const) for (const r of rules) tiers.set(r.policy, tierPlaceText(r.policy, tier, r.priority, ' tier'));
    }
  }
  for (const p of policiesSelectingNothing) if (p.tier !== undefined) tiers.set(p.policy, tierPlaceText(p.policy, p.tier, p.priority!, ' tier'));

  const items: Graph['items'] = [];
  const edges: GraphEdge[] = [];
  /**
   * One box: its subject, a hexagon per policy selecting it, a node per peer
   * (`matches` undefined when there is no cluster to match against), an
   * arrow per rule and peer: into the subject for ingress, out for egress.
   */
  const block = (prefix: string, subject: GraphNode, policies: readonly string[], rules: (Rule & { direction: Direction; peer: string; matches?: readonly string[] })[]) => {
    const nodes = [subject];
    for (const p of policies) {
      const key = `${prefix} policy ${p}`;
      nodes.push({ key, label: [p, ...(tiers.has(p) ? [tiers.get(p)!] : [])], shape: 'hexagon' });
      edges.push({ from: key, to: subject.key, label: ['selects'], dashed: true, tone: 'gray' });
    }
    for (const r of rules) {
      // Per direction: an ingress peer sits before the subject, an egress peer after it.
      const key = `${prefix} peer ${JSON.stringify([r.direction, r.peer, r.matches])}`;
      if (!nodes.some((n) => n.key === key)) {
        const today = r.matches === undefined ? [] : r.matches.length > 0 ? refLines(r.matches) : isPodPeer(r.peer) ? ['no pod today'] : [];
        // As the table writes it: `peer: whom it matches`.
        nodes.push({ key, label: today.length > 0 ? [`${r.peer}:`, ...today] : [r.peer], ...(isPodPeer(r.peer) ? {} : { shape: 'oval' as const }) });
      }
      const tone = r.action === undefined ? undefined : ACTION_TONES[r.action];
      const [from, to] = r.direction === 'ingress' ? [key, subject.key] : [subject.key, key];
      edges.push({ from, to, label: ruleLabel(r), ...(tone ? { tone } : {}) });
    }
    items.push({ title: undefined, nodes });
  };

  targets.forEach((t, i) => {
    const subject: GraphNode = { key: `target ${i}`, label: [...refLines(t.endpoints), isolationLine(t.ingress.isolated, t.egress.isolated)], bold: true };
    const rules = DIRECTIONS.flatMap((direction) => {
      const side = t[direction];
      return [...side.admin, ...side.allows, ...(side.isolated ? [] : side.baseline)].map((r) => ({ ...r, direction }));
    });
    block(`target ${i}`, subject, t.policies, rules);
  });
  if (unselected.length > 0) items.push({ key: 'unselected', label: [...refLines(unselected), 'selected by no policy: not isolated'] });
  for (const p of policiesSelectingNothing) {
    const rules = DIRECTIONS.flatMap((direction) => p[direction].allows.flatMap((r) => r.peers.map((peer) => ({ ...r, policy: p.policy, direction, peer }))));
    block(`policy ${p.policy}`, { key: `policy ${p.policy} selects`, label: [p.selects, 'no pod or workload in the input'] }, [p.policy], rules);
  }
  return { items, edges };
}
