/**
 * Reads back what the graph outputs write, strictly: a line of a form the
 * writer does not write, an id that is not `n<number>` (nodes) or
 * `g<number>` (Mermaid subgraphs), a label Mermaid would misread, an edge
 * or a style naming an undeclared node or edge, each fails the test.
 */
import assert from 'node:assert/strict';
import { TONES, type Tone } from './format/graph-writer.js';

export interface ReadNode {
  id: string;
  label: string[];
  /** Index of the cluster it sits in. */
  cluster: number | undefined;
  shape: 'box' | 'oval' | 'hexagon';
  bold: boolean;
}

export interface ReadEdge {
  from: string;
  to: string;
  label: string[];
  dashed: boolean;
  tone: Tone | undefined;
}

export interface ReadGraph {
  nodes: Map<string, ReadNode>;
  clusters: { title: string | undefined }[];
  edges: ReadEdge[];
}

const toneOf = (colour: string): Tone => {
  const tone = (Object.keys(TONES) as Tone[]).find((t) => TONES[t] === colour);
  assert.ok(tone, `colour ${colour} is none of the graph tones`);
  return tone;
};

/** A collector that checks ids and references as lines are read. */
function builder() {
  const graph: ReadGraph = { nodes: new Map(), clusters: [], edges: [] };
  let cluster: number | undefined;
  return {
    graph,
    open(title: string | undefined) {
      assert.equal(cluster, undefined, 'clusters do not nest');
      cluster = graph.clusters.push({ title }) - 1;
    },
    close() {
      assert.notEqual(cluster, undefined, 'a cluster closed that was not open');
      cluster = undefined;
    },
    node(n: Omit<ReadNode, 'cluster' | 'bold'>) {
      assert.ok(!graph.nodes.has(n.id), `node ${n.id} declared twice`);
      graph.nodes.set(n.id, { ...n, cluster, bold: false });
    },
    edge(e: ReadEdge) {
      assert.ok(graph.nodes.has(e.from) && graph.nodes.has(e.to), `edge ${e.from} -> ${e.to} names an undeclared node`);
      graph.edges.push(e);
    },
    done() {
      assert.equal(cluster, undefined, 'a cluster is left open');
      return graph;
    },
  };
}

const DOT_STRING = '"(?:[^"\\\\]|\\\\.)*"';

export function readDot(text: string): ReadGraph {
  const lines = text.replace(/\n$/, '').split('\n');
  assert.deepEqual(lines.slice(0, 3), ['digraph palisade {', '  rankdir=LR;', '  node [shape=box, style=rounded];']);
  assert.equal(lines.at(-1), '}');
  const b = builder();
  const label = (s: string) => (JSON.parse(s) as string).split('\n');
  const node = new RegExp(`^ +(n\\d+) \\[label=(${DOT_STRING})(?:, shape=(ellipse|hexagon))?(, style="rounded,bold")?\\];$`);
  const edge = new RegExp(`^ +(n\\d+) -> (n\\d+) \\[label=(${DOT_STRING})(, style=dashed)?(?:, color="(#[0-9a-f]{6})", fontcolor="\\5")?\\];$`);
  const title = new RegExp(`^ {4}label=(${DOT_STRING});$`);
  for (const line of lines.slice(3, -1)) {
    let m: RegExpExecArray | null;
    if ((m = node.exec(line))) {
      b.node({ id: m[1]!, label: label(m[2]!), shape: m[3] === 'ellipse' ? 'oval' : m[3] === 'hexagon' ? 'hexagon' : 'box' });
      if (m[4]) b.graph.nodes.get(m[1]!)!.bold = true;
    } else if ((m = edge.exec(line))) b.edge({ from: m[1]!, to: m[2]!, label: label(m[3]!), dashed: m[4] !== undefined, tone: m[5] === undefined ? undefined : toneOf(m[5]) });
    else if (/^ {2}subgraph cluster_\d+ \{$/.test(line)) b.open(undefined);
    else if ((m = title.exec(line))) b.graph.clusters.at(-1)!.title = label(m[1]!).join('\n');
    else if (line === '  }') b.close();
    else assert.fail(`dot: a line the writer does not write: ${JSON.stringify(line)}`);
  }
  return b.done();
}

/** A Mermaid label as GitHub reads it: lines split at `<br>`, entities decoded; nothing else that Mermaid or HTML would read as markup. */
function mermaidLabel(quoted: string): string[] {
  return quoted
    .slice(1, -1)
    .split('<br>')
    .map((line) => {
      assert.match(line, /^(?:[^#"<>|&]|#\d+;)*$/, `mermaid: label line ${JSON.stringify(line)} holds a raw # " < > | or &`);
      return line.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    });
}

export function readMermaid(text: string): ReadGraph {
  const lines = text.replace(/\n$/, '').split('\n');
  assert.equal(lines[0], 'flowchart LR');
  const b = builder();
  const STRING = '"[^"]*"';
  const node = new RegExp(`^ +(n\\d+)(?:\\[(${STRING})\\]|\\(\\[(${STRING})\\]\\)|\\{\\{(${STRING})\\}\\})$`);
  const edge = new RegExp(`^ {2}(n\\d+) (-->|-\\.->)\\|(${STRING})\\| (n\\d+)$`);
  const subgraph = new RegExp(`^ {2}subgraph g\\d+\\[(${STRING})\\]$`);
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = node.exec(line))) b.node({ id: m[1]!, label: mermaidLabel(m[2] ?? m[3] ?? m[4]!), shape: m[2] ? 'box' : m[3] ? 'oval' : 'hexagon' });
    else if ((m = edge.exec(line))) b.edge({ from: m[1]!, to: m[4]!, label: mermaidLabel(m[3]!), dashed: m[2] === '-.->', tone: undefined });
    else if ((m = subgraph.exec(line))) {
      const title = mermaidLabel(m[1]!).join('\n');
      b.open(title === ' ' ? undefined : title);
    } else if (line === '  end') b.close();
    else if (line === '  classDef bold stroke-width:3px') continue;
    else if ((m = /^ {2}class (n\d+(?:,n\d+)*) bold$/.exec(line))) {
      for (const id of m[1]!.split(',')) {
        assert.ok(b.graph.nodes.has(id), `mermaid: class names undeclared node ${id}`);
        b.graph.nodes.get(id)!.bold = true;
      }
    } else if ((m = /^ {2}linkStyle (\d+(?:,\d+)*) stroke:(#[0-9a-f]{6}),color:\2$/.exec(line))) {
      for (const i of m[1]!.split(',').map(Number)) {
        const e = b.graph.edges[i];
        assert.ok(e, `mermaid: linkStyle names edge ${i}, there are ${b.graph.edges.length}`);
        assert.equal(e.tone, undefined, `mermaid: edge ${i} styled twice`);
        e.tone = toneOf(m[2]!);
      }
    } else assert.fail(`mermaid: a line the writer does not write: ${JSON.stringify(line)}`);
  }
  return b.done();
}

/** A node by its cluster's title and its label, as `title/line 1/line 2`: how tests name what a graph shows. */
export function nodeName(graph: ReadGraph, id: string): string {
  const n = graph.nodes.get(id)!;
  const title = n.cluster === undefined ? undefined : graph.clusters[n.cluster]!.title;
  return [...(title === undefined ? [] : [title]), ...n.label].join('/');
}
