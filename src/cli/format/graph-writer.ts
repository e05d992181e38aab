/**
 * One picture, two languages: Graphviz `dot`, and a Mermaid flowchart (which
 * GitHub draws inside Markdown). The commands that draw (matrix, explain,
 * diff) say what is connected; this writes it, numbering the ids itself so
 * that they are valid in both, and escaping every label.
 */

export interface GraphNode {
  /** Unique in the graph; never written, edges name nodes by it. */
  key: string;
  /** One entry per line. */
  label: string[];
  /** A rounded box by default; ovals for addresses, hexagons for policies. */
  shape?: 'oval' | 'hexagon';
  bold?: boolean;
}

/** A box drawn around its nodes, titled or not. */
export interface GraphCluster {
  title: string | undefined;
  nodes: GraphNode[];
}

export type Tone = 'green' | 'red' | 'gray';

export interface GraphEdge {
  from: string;
  to: string;
  /** One entry per line. */
  label: string[];
  dashed?: boolean;
  tone?: Tone;
}

export interface Graph {
  /** Nodes on their own and clusters, in the order they are written. */
  items: (GraphNode | GraphCluster)[];
  edges: GraphEdge[];
}

// GitHub's colours, readable on its light and dark backgrounds.
export const TONES: Record<Tone, string> = { green: '#1a7f37', red: '#cf222e', gray: '#6e7781' };

function isCluster(item: GraphNode | GraphCluster): item is GraphCluster {
  return 'nodes' in item;
}

/** Written ids by key, `n0`, `n1`, … in the order the nodes are written. */
function ids(graph: Graph): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of nodesOf(graph)) {
    if (out.has(node.key)) throw new Error(`graph: node ${JSON.stringify(node.key)} is declared twice`);
    out.set(node.key, `n${out.size}`);
  }
  return out;
}

function nodesOf(graph: Graph): GraphNode[] {
  return graph.items.flatMap((item) => (isCluster(item) ? item.nodes : [item]));
}

function idOf(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`graph: an edge names node ${JSON.stringify(key)}, which the graph does not declare`);
  return id;
}

export function toDot(graph: Graph): string {
  const id = ids(graph);
  // A JSON string is a dot string: quotes and backslashes escaped, and `\n` is dot's line break too.
  const quote = (lines: string[]) => JSON.stringify(lines.join('\n'));
  const node = (n: GraphNode) => {
    const attrs = [`label=${quote(n.label)}`];
    if (n.shape) attrs.push(`shape=${n.shape === 'oval' ? 'ellipse' : n.shape}`);
    if (n.bold) attrs.push('style="rounded,bold"');
    return `${id.get(n.key)} [${attrs.join(', ')}];`;
  };
  const lines = ['digraph palisade {', '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  let clusters = 0;
  for (const item of graph.items) {
    if (!isCluster(item)) lines.push(`  ${node(item)}`);
    else lines.push(`  subgraph cluster_${clusters++} {`, ...(item.title === undefined ? [] : [`    label=${quote([item.title])};`]), ...item.nodes.map((n) => `    ${node(n)}`), '  }');
  }
  for (const e of graph.edges) {
    const attrs = [`label=${quote(e.label)}`];
    if (e.dashed) attrs.push('style=dashed');
    if (e.tone) attrs.push(`color="${TONES[e.tone]}"`, `fontcolor="${TONES[e.tone]}"`);
    lines.push(`  ${idOf(id, e.from)} -> ${idOf(id, e.to)} [${attrs.join(', ')}];`);
  }
  return [...lines, '}'].join('\n');
}

/**
 * A Mermaid label: quoted, lines joined by `<br>`, and every character that
 * would end the quote, open HTML, an entity or an edge label written as an
 * entity (`#34;`), which Mermaid turns back into the character.
 */
function mermaidLabel(lines: string[]): string {
  return `"${lines.map((l) => l.replace(/[#"<>|&]/g, (c) => `#${c.charCodeAt(0)};`)).join('<br>')}"`;
}

export function toMermaid(graph: Graph): string {
  const id = ids(graph);
  const node = (n: GraphNode) => {
    const label = mermaidLabel(n.label);
    return `${id.get(n.key)}${n.shape === 'oval' ? `([${label}])` : n.shape === 'hexagon' ? `{{${label}}}` : `[${label}]`}`;
  };
  const lines = ['flowchart LR'];
  let clusters = 0;
  for (const item of graph.items) {
    if (!isCluster(item)) lines.push(`  ${node(item)}`);
    // A subgraph without a title would show its id: a blank one instead.
    else lines.push(`  subgraph g${clusters++}[${mermaidLabel([item.title ?? ' '])}]`, ...item.nodes.map((n) => `    ${node(n)}`), '  end');
  }
  graph.edges.forEach((e) => lines.push(`  ${idOf(id, e.from)} ${e.dashed ? '-.->' : '-->'}|${mermaidLabel(e.label)}| ${idOf(id, e.to)}`));
  // Styles go last, edges by their index in the order written.
  const bold = nodesOf(graph).filter((n) => n.bold);
  if (bold.length > 0) lines.push('  classDef bold stroke-width:3px', `  class ${bold.map((n) => id.get(n.key)).join(',')} bold`);
  for (const tone of Object.keys(TONES) as Tone[]) {
    const indexes = graph.edges.flatMap((e, i) => (e.tone === tone ? [i] : []));
    if (indexes.length > 0) lines.push(`  linkStyle ${indexes.join(',')} stroke:${TONES[tone]},color:${TONES[tone]}`);
  }
  return lines.join('\n');
}
