/**
 * Connections between endpoints as a picture (written by graph-writer.ts):
 * pods and workloads are boxes inside their namespace's box, addresses
 * outside the cluster ovals on their own, each arrow one pair of endpoints.
 * `matrix` draws the allowed connections, labelled with their ports;
 * `diff -o markdown` the gained and lost ones.
 */
import type { ConnectivityChange, Group } from '../../analysis/diff.js';
import type { Connection } from '../../engine/connections.js';
import type { Graph, GraphEdge, GraphNode } from './graph-writer.js';

/** One end of an arrow: what its box says, and the namespace box it sits in (none for addresses outside). */
interface End {
  key: string;
  namespace: string | undefined;
  label: string;
}

interface Link {
  from: End;
  to: End;
  edge: Omit<GraphEdge, 'from' | 'to'>;
}

/** Each end once, in namespace boxes in order of first appearance. */
function endpointsGraph(links: Link[]): Graph {
  const groups = new Map<string | undefined, GraphNode[]>();
  const seen = new Set<string>();
  for (const end of links.flatMap((l) => [l.from, l.to])) {
    if (seen.has(end.key)) continue;
    seen.add(end.key);
    const node: GraphNode = { key: end.key, label: [end.label], ...(end.namespace === undefined ? { shape: 'oval' as const } : {}) };
    const nodes = groups.get(end.namespace);
    if (nodes) nodes.push(node);
    else groups.set(end.namespace, [node]);
  }
  const items = [...groups].flatMap(([namespace, nodes]): Graph['items'] => (namespace === undefined ? nodes : [{ title: namespace, nodes }]));
  return { items, edges: links.map((l) => ({ from: l.from.key, to: l.to.key, ...l.edge })) };
}

/** `ns/name` in the box of `ns`; the label without its namespace. */
function inNamespace(ref: string, namespace: string): End {
  return { key: ref, namespace, label: ref.slice(namespace.length + 1) };
}

function connectionEnd(ref: string, kind: Connection['fromKind']): End {
  return kind === 'external' ? { key: ref, namespace: undefined, label: ref } : inNamespace(ref, ref.slice(0, ref.indexOf('/')));
}

/** `matrix -o dot|mermaid`: each allowed connection, labelled with its ports. */
export function connectionsGraph(list: readonly Connection[]): Graph {
  return endpointsGraph(list.map((c) => ({ from: connectionEnd(c.from, c.fromKind), to: connectionEnd(c.to, c.toKind), edge: { label: [c.connections] } })));
}

function groupEnd(g: Group): End {
  return g.namespace === '' ? { key: g.label, namespace: undefined, label: g.label } : inNamespace(g.label, g.namespace);
}

/**
 * The gained and lost connections, one arrow per pair and kind of change
 * with its ports: `+ 80/TCP` solid and green, `− 80/TCP` dashed and red, so
 * that the sign and the line tell them apart without colour.
 */
export function changesGraph(changes: readonly ConnectivityChange[]): Graph {
  const pairs = new Map<string, { from: Group; to: Group; change: ConnectivityChange['change']; ports: string[] }>();
  for (const c of changes) {
    const key = JSON.stringify([c.change, c.from.label, c.to.label]);
    const pair = pairs.get(key);
    if (pair) pair.ports.push(c.port);
    else pairs.set(key, { from: c.from, to: c.to, change: c.change, ports: [c.port] });
  }
  return endpointsGraph(
    [...pairs.values()].map((p) => ({
      from: groupEnd(p.from),
      to: groupEnd(p.to),
      edge: p.change === 'gained' ? { label: [`+ ${p.ports.join(', ')}`], tone: 'green' } : { label: [`− ${p.ports.join(', ')}`], tone: 'red', dashed: true },
    })),
  );
}
