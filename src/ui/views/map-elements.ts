/**
 * The Map's elements, from one port's view: identity groups inside their
 * namespaces (or a namespace as one node while collapsed), a group's pods
 * inside it once it is opened, addresses outside
 * as nodes of their own, and one edge per pair of shown nodes that some
 * allowed connection joins. A connection between two sides that no policy
 * selects is not drawn: such sides are marked open, and every open egress
 * reaches every open ingress, so drawing them all would only hide the rest.
 * No DOM here: the tests build the same elements in Node.
 */
import type { ConnectivityDiff, Group } from '../../analysis/diff.js';
import { groupReaches } from '../port-bits.js';
import type { Loaded, PortView, ViewGroup } from '../protocol.js';

export interface MapFilter {
  /** Only connections with an end in this namespace, which is expanded. */
  namespace?: string;
  /** `key=value` or `key`: only groups whose pods carry that label. */
  label?: string;
  /** Namespaces drawn with their groups inside; the others are one node each. */
  expanded: ReadonlySet<string>;
  /** Groups (of expanded namespaces) drawn with their pods inside; their arrows stay on the group, which all its pods share. */
  openGroups?: ReadonlySet<number>;
  /** Only the gained and lost connections, and the nodes they join (the Diff view). */
  changesOnly?: boolean;
}

/** A gained or lost connection to draw over the map: its ends as endpoint indices, or an outside address's text. */
export interface MapChange {
  change: 'gained' | 'lost';
  from: number[] | string;
  to: number[] | string;
}

export interface MapNode {
  id: string;
  label: string;
  parent?: string;
  kind: 'namespace' | 'collapsed' | 'group' | 'pod' | 'outside';
  /** For groups: whether no policy selects the side (every peer gets through it). */
  openIngress?: boolean;
  openEgress?: boolean;
  /** For groups: whether an admin or baseline ClusterNetworkPolicy takes part in either side. */
  clusterTier?: boolean;
  group?: number;
  /** For pods: its index in `Loaded.endpoints`. */
  endpoint?: number;
}

export interface MapEdge {
  id: string;
  source: string;
  target: string;
  kind: 'allowed' | 'gained' | 'lost';
  /** How many group pairs it stands for. */
  count: number;
  /** One of them, to ask about: groups, or a group and an outside class. */
  pair: [number, number | string];
}

export interface MapElements {
  nodes: MapNode[];
  edges: MapEdge[];
}

const OUTSIDE = 'o:';

export function mapElements(loaded: Loaded, view: PortView, filter: MapFilter, changes: readonly MapChange[] = []): MapElements {
  const { groups } = loaded;
  const shown = groups.map((g) => labelMatches(g, filter.label));
  const expanded = (ns: string) => filter.expanded.has(ns) || ns === filter.namespace;
  const unitOf = (k: number) => (expanded(groups[k]!.namespace) ? `g:${k}` : `ns:${groups[k]!.namespace}`);
  const keep = (a: string | undefined, b: string | undefined) => filter.namespace === undefined || a === filter.namespace || b === filter.namespace;

  const edges = new Map<string, MapEdge>();
  const addEdge = (source: string, target: string, kind: MapEdge['kind'], pair: MapEdge['pair']) => {
    if (source === target && source.startsWith('ns:')) return; // inside a collapsed namespace
    const id = `${kind}:${source}>${target}`;
    const e = edges.get(id);
    if (e) e.count++;
    else edges.set(id, { id, source, target, kind, count: 1, pair });
  };
  for (let i = 0; i < groups.length && !filter.changesOnly; i++) {
    if (!shown[i]) continue;
    const from = groups[i]!;
    for (let j = 0; j < groups.length; j++) {
      if (!shown[j] || !groupReaches(view, i, j) || !keep(from.namespace, groups[j]!.namespace)) continue;
      if (i === j && from.members.length === 1) continue; // a pod to itself
      if (from.egress.length === 0 && groups[j]!.ingress.length === 0) continue; // open to open: implied
      addEdge(unitOf(i), unitOf(j), 'allowed', [i, j]);
    }
    if (!keep(from.namespace, undefined)) continue;
    const { ingress, egress } = view.outside;
    if (from.egress.length > 0) for (const c of egress[i] ?? []) addEdge(unitOf(i), OUTSIDE + c, 'allowed', [i, view.outside.classes[c]!]);
    if (from.ingress.length > 0) for (const c of ingress[i] ?? []) addEdge(OUTSIDE + c, unitOf(i), 'allowed', [i, view.outside.classes[c]!]);
  }
  for (const change of changes) {
    // Each node a side's pods are drawn in, once.
    const ends = (side: number[] | string) => {
      if (typeof side === 'string') return [{ id: outsideId(view, side), of: side }];
      const groupsOf = new Set(side.map((m) => loaded.endpoints[m]!.group));
      return [...new Map([...groupsOf].map((g) => [unitOf(g), { id: unitOf(g), of: g }])).values()];
    };
    for (const a of ends(change.from)) {
      // The pair to ask about: a group first, as for the allowed edges.
      for (const b of ends(change.to)) addEdge(a.id, b.id, change.change, typeof a.of === 'number' ? [a.of, b.of] : [b.of as number, a.of]);
    }
  }

  // The nodes: those of the filter's namespace, and every node an edge touches (all of them without a namespace filter, but for changes only).
  const used = new Set<string>();
  for (const e of edges.values()) used.add(e.source).add(e.target);
  const nodes = new Map<string, MapNode>();
  const podsOf = new Map<string, number>();
  groups.forEach((g, k) => {
    const wanted = used.has(unitOf(k)) || (filter.namespace === undefined ? !filter.changesOnly : g.namespace === filter.namespace);
    if (!shown[k] || !wanted) return;
    if (!expanded(g.namespace)) {
      const id = `ns:${g.namespace}`;
      const pods = (podsOf.get(id) ?? 0) + g.members.length;
      podsOf.set(id, pods);
      nodes.set(id, { id, kind: 'collapsed', label: collapsedLabel(g.namespace, pods) });
      return;
    }
    const parent = `ns:${g.namespace}`;
    if (!nodes.has(parent)) nodes.set(parent, { id: parent, kind: 'namespace', label: g.namespace });
    nodes.set(`g:${k}`, {
      id: `g:${k}`,
      kind: 'group',
      parent,
      label: groupLabel(g),
      group: k,
      openIngress: g.ingress.length === 0,
      openEgress: g.egress.length === 0,
      clusterTier: [...g.ingress, ...g.egress].some((t) => t !== 'namespace'),
    });
    if (filter.openGroups?.has(k)) for (const pod of podNodes(loaded, k)) nodes.set(pod.id, pod);
  });
  for (const id of used) {
    if (id.startsWith(OUTSIDE)) nodes.set(id, { id, kind: 'outside', label: view.outside.classes[Number(id.slice(OUTSIDE.length))] ?? id.slice(OUTSIDE.length) });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()].filter((e) => nodes.has(e.source) && nodes.has(e.target)) };
}

/**
 * A diff's changes on one port, as the map draws them: each side's pods as
 * endpoint indices (pods the page did not load, as an edit may add, left
 * out), or an outside group by its addresses' text.
 */
export function changesOnMap(loaded: Loaded, diff: ConnectivityDiff, port: string): MapChange[] {
  const index = new Map(loaded.endpoints.map((e, i) => [e.ref, i]));
  const side = (g: Group) => (g.namespace === '' ? g.label : g.members.flatMap((ref) => index.get(ref) ?? []));
  return diff.changes.filter((c) => c.port === port).map((c) => ({ change: c.change, from: side(c.from), to: side(c.to) }));
}

/** An outside class's node by its text; a change may name addresses of the other side's classes: those get a node of their own. */
function outsideId(view: PortView, text: string): string {
  const c = view.outside.classes.indexOf(text);
  return OUTSIDE + (c >= 0 ? String(c) : text);
}

/** An open group's pods, the first MAX_PODS of them, and a node saying how many more. */
function podNodes(loaded: Loaded, k: number): MapNode[] {
  const parent = `g:${k}`;
  const { members, namespace } = loaded.groups[k]!;
  const pods = members.slice(0, MAX_PODS).map((m): MapNode => ({ id: `p:${m}`, kind: 'pod', parent, label: loaded.endpoints[m]!.ref.slice(namespace.length + 1), endpoint: m }));
  const more = members.length - pods.length;
  return more > 0 ? [...pods, { id: `p:${k}:more`, kind: 'pod', parent, label: `and ${more} more (the inspector lists them)` }] : pods;
}

/** An open group shows at most this many pods: the inspector lists them all. */
export const MAX_PODS = 50;

function collapsedLabel(namespace: string, pods: number): string {
  return `${namespace} (${pods} ${pods === 1 ? 'pod' : 'pods'})`;
}

/** The group's label without its namespace, and what is open about it. */
function groupLabel(g: ViewGroup): string {
  const name = g.label.startsWith(`${g.namespace}/`) ? g.label.slice(g.namespace.length + 1) : g.label;
  const open = [g.ingress.length === 0 && 'ingress', g.egress.length === 0 && 'egress'].filter(Boolean);
  return open.length ? `${name}\nopen ${open.join(' + ')}` : name;
}

function labelMatches(g: ViewGroup, filter: string | undefined): boolean {
  if (!filter) return true;
  const eq = filter.indexOf('=');
  return eq < 0 ? filter.trim() in g.labels : g.labels[filter.slice(0, eq).trim()] === filter.slice(eq + 1).trim();
}
