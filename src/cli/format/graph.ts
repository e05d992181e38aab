/**
 * The allowed connections as a picture: Graphviz `dot`, or a Mermaid
 * flowchart (which GitHub draws inside Markdown). Endpoints are boxes
 * grouped by namespace; addresses outside the cluster are ovals on their
 * own; each edge is one allowed connection, labelled with its ports.
 */
import type { Connection } from '../../engine/connections.js';

interface Node {
  id: string;
  /** The namespace box it sits in; none for addresses outside the cluster. */
  namespace: string | undefined;
  label: string;
}

/** Each end of every connection once, numbered in order of first appearance. */
function nodesOf(list: readonly Connection[]): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const add = (ref: string, kind: Connection['fromKind']) => {
    if (nodes.has(ref)) return;
    const slash = ref.indexOf('/');
    const inside = kind !== 'external';
    nodes.set(ref, { id: `n${nodes.size}`, namespace: inside ? ref.slice(0, slash) : undefined, label: inside ? ref.slice(slash + 1) : ref });
  };
  for (const c of list) {
    add(c.from, c.fromKind);
    add(c.to, c.toKind);
  }
  return nodes;
}

function byNamespace(nodes: Map<string, Node>): Map<string | undefined, Node[]> {
  const groups = new Map<string | undefined, Node[]>();
  for (const n of nodes.values()) groups.set(n.namespace, [...(groups.get(n.namespace) ?? []), n]);
  return groups;
}

export function connectionsDot(list: readonly Connection[]): string {
  const nodes = nodesOf(list);
  const quote = (s: string) => JSON.stringify(s);
  const lines = ['digraph palisade {', '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  [...byNamespace(nodes)].forEach(([namespace, members], i) => {
    const declared = members.map((n) => `${n.id} [label=${quote(n.label)}${namespace === undefined ? ', shape=ellipse' : ''}];`);
    if (namespace === undefined) lines.push(...declared.map((d) => `  ${d}`));
    else lines.push(`  subgraph cluster_${i} {`, `    label=${quote(namespace)};`, ...declared.map((d) => `    ${d}`), '  }');
  });
  for (const c of list) lines.push(`  ${nodes.get(c.from)!.id} -> ${nodes.get(c.to)!.id} [label=${quote(c.connections)}];`);
  return [...lines, '}'].join('\n');
}

export function connectionsMermaid(list: readonly Connection[]): string {
  const nodes = nodesOf(list);
  // Mermaid takes quoted labels; a quote inside one is written as an entity.
  const quote = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart LR'];
  [...byNamespace(nodes)].forEach(([namespace, members], i) => {
    if (namespace === undefined) lines.push(...members.map((n) => `  ${n.id}([${quote(n.label)}])`));
    else lines.push(`  subgraph ns${i}[${quote(namespace)}]`, ...members.map((n) => `    ${n.id}[${quote(n.label)}]`), '  end');
  });
  for (const c of list) lines.push(`  ${nodes.get(c.from)!.id} -->|${quote(c.connections)}| ${nodes.get(c.to)!.id}`);
  return lines.join('\n');
}
