/// <reference lib="dom" />
/**
 * The Map view: Cytoscape.js draws mapElements with the fCoSE layout
 * (namespaces as compound nodes). A click on a collapsed namespace expands
 * it; on a group, the inspector shows it and the group opens to show its
 * pods (or closes again); on a pod, the inspector shows that pod; on an
 * edge, the verdict of one pair it stands for. The same edges are listed as
 * buttons under the map, for the keyboard and for screen readers.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { el } from '../dom.js';
import type { Loaded, PortView, Request } from '../protocol.js';
import type { Inspect } from './inspector.js';
import { mapElements, type MapChange, type MapEdge, type MapElements, type MapFilter } from './map-elements.js';
import { groupRequest, pairRequest } from './pairs.js';

cytoscape.use(fcose);

/** More edges than this make a hairball: the map asks for a filter instead. */
const MAX_EDGES = 1500;
/** Up to this many groups, every namespace starts expanded. */
const EXPAND_LIMIT = 200;
/** The list under the map names at most this many edges. */
const MAX_LISTED = 300;

export class MapView {
  /** Public for the tests, which click nodes where Cytoscape drew them. */
  readonly cy: cytoscape.Core;
  private readonly note = el('p', { className: 'map-note' });
  private readonly list = el('ul', { className: 'edge-list' });
  private readonly expanded: Set<string>;
  private readonly openGroups = new Set<number>();
  private filter: Omit<MapFilter, 'expanded'>;
  private view: PortView | undefined;
  private changes: readonly MapChange[] = [];

  constructor(
    host: HTMLElement,
    private readonly loaded: Loaded,
    private readonly inspect: Inspect,
    opts: { changesOnly?: boolean } = {},
  ) {
    this.filter = { ...opts };
    const namespaces = [...new Set(loaded.groups.map((g) => g.namespace))].sort();
    this.expanded = new Set(loaded.groups.length <= EXPAND_LIMIT ? namespaces : []);
    const canvas = el('div', { className: 'map-canvas' });
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Map of the allowed connections; the list after it names each edge');
    host.replaceChildren(this.controls(namespaces), this.note, canvas, el('details', { open: true }, el('summary', {}, 'Edges drawn'), this.list));
    this.cy = cytoscape({ container: canvas, style: mapStyle(), minZoom: 0.05, maxZoom: 4 });
    this.cy.on('tap', 'node', (e) => this.tapNode(e.target as cytoscape.NodeSingular));
    this.cy.on('tap', 'edge', (e) => void this.inspect(this.question((e.target as cytoscape.EdgeSingular).data('edge') as MapEdge)));
  }

  /** One port's connections, and gained and lost ones (the editor's, the diff's) drawn over them. */
  show(view: PortView, changes: readonly MapChange[] = []): void {
    this.view = view;
    this.changes = changes;
    this.draw();
  }

  /** After the map's panel was hidden: Cytoscape measures its container again. */
  refit(): void {
    this.cy.resize();
    this.cy.fit(undefined, 20);
  }

  /** What is drawn now, for the tests and the screenshots. */
  get elements(): MapElements | undefined {
    return this.view && mapElements(this.loaded, this.view, { ...this.filter, expanded: this.expanded, openGroups: this.openGroups }, this.changes);
  }

  private controls(namespaces: string[]): HTMLElement {
    const namespace = el('select', {}, el('option', { value: '' }, 'all'), ...namespaces.map((n) => el('option', { value: n }, n)));
    namespace.onchange = () => {
      this.filter = { ...this.filter, ...(namespace.value ? { namespace: namespace.value } : { namespace: undefined }) };
      this.draw();
    };
    const label = el('input', { type: 'search', placeholder: 'app=web' });
    label.onchange = () => {
      this.filter = { ...this.filter, label: label.value.trim() || undefined };
      this.draw();
    };
    const all = (expand: boolean) => () => {
      this.expanded.clear();
      if (expand) for (const n of namespaces) this.expanded.add(n);
      this.draw();
    };
    return el(
      'p',
      { className: 'map-controls' },
      el('label', {}, 'Namespace ', namespace),
      ' ',
      el('label', {}, 'Label ', label),
      ' ',
      el('button', { type: 'button', onclick: all(true) }, 'Expand all'),
      ' ',
      el('button', { type: 'button', onclick: all(false) }, 'Collapse all'),
    );
  }

  private draw(): void {
    const elements = this.elements;
    if (!elements) return;
    const { nodes, edges } = elements;
    const tooMany = edges.length > MAX_EDGES;
    this.note.textContent = tooMany
      ? `${edges.length} edges are too many to draw readably: choose a namespace or a label to see its connections.`
      : `${nodes.filter((n) => n.kind !== 'namespace').length} nodes, ${edges.length} edges. Dashed border: a side no policy selects (open: every peer gets through it, and open-to-open connections are not drawn). Double border: an admin or baseline ClusterNetworkPolicy selects it.`;
    this.cy.elements().remove();
    this.cy.add([
      ...nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, label: n.label, ...(n.parent ? { parent: n.parent } : {}), node: n }, classes: nodeClasses(n) })),
      ...(tooMany ? [] : edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, label: e.count > 1 ? String(e.count) : '', edge: e }, classes: e.kind }))),
    ]);
    // Without edges a force layout only piles the nodes up: a grid reads better.
    const drawn = tooMany ? 0 : edges.length;
    const layout = drawn === 0 ? { name: 'grid', avoidOverlap: true, nodeDimensionsIncludeLabels: true } : { name: 'fcose', animate: false, randomize: true, quality: nodes.length > 300 ? 'draft' : 'default', nodeDimensionsIncludeLabels: true, packComponents: false };
    this.cy.layout(layout as cytoscape.LayoutOptions).run();
    this.cy.zoom(Math.min(this.cy.zoom(), 1.2));
    this.cy.center();
    this.list.replaceChildren(...(tooMany ? [] : edges.slice(0, MAX_LISTED)).map((e) => el('li', { className: e.kind }, this.edgeButton(e))));
    if (!tooMany && edges.length > MAX_LISTED) this.list.append(el('li', {}, `and ${edges.length - MAX_LISTED} more: filter to list them`));
  }

  private edgeButton(e: MapEdge): HTMLButtonElement {
    const name = (id: string) => this.cy.getElementById(id).data('label') as string;
    const mark = e.kind === 'gained' ? '+ gained ' : e.kind === 'lost' ? '− lost ' : '';
    const button = el('button', { type: 'button', onclick: () => void this.inspect(this.question(e)) }, `${mark}${name(e.source).split('\n')[0]} → ${name(e.target).split('\n')[0]}${e.count > 1 ? ` (${e.count} pairs)` : ''}`);
    // The endpoints asked about, as the inspector names them.
    const question = this.question(e);
    Object.assign(button.dataset, question.type === 'check' ? { from: this.loaded.endpoints[question.from]!.ref, to: this.loaded.endpoints[question.to]!.ref } : question.type === 'endpoint' ? { endpoint: this.loaded.endpoints[question.endpoint]!.ref } : {});
    return button;
  }

  /** The verdict of one pair the edge stands for; for an edge with addresses outside, what its group reaches. */
  private question(e: MapEdge): Request {
    const [a, b] = e.pair;
    const port = this.view?.port ?? 0;
    return typeof b === 'string' ? groupRequest(this.loaded, a, port) : pairRequest(this.loaded, a, b, port);
  }

  private tapNode(node: cytoscape.NodeSingular): void {
    const data = node.data('node') as ReturnType<typeof mapElements>['nodes'][number];
    if (data.kind === 'collapsed') {
      this.expanded.add(data.id.slice('ns:'.length));
      this.draw();
    } else if (data.kind === 'group' && this.view) {
      if (!this.openGroups.delete(data.group!)) this.openGroups.add(data.group!);
      this.draw();
      void this.inspect(groupRequest(this.loaded, data.group!, this.view.port));
    } else if (data.kind === 'pod' && data.endpoint !== undefined && this.view) {
      void this.inspect({ type: 'endpoint', endpoint: data.endpoint, port: this.view.port });
    }
  }
}

function nodeClasses(n: ReturnType<typeof mapElements>['nodes'][number]): string {
  return [n.kind, n.openIngress || n.openEgress ? 'open' : '', n.clusterTier ? 'tiered' : ''].filter(Boolean).join(' ');
}

/** A node's box from its label (11px text): Cytoscape's own `label` sizing is deprecated. */
function labelSize(n: cytoscape.NodeSingular): { width: number; height: number } {
  const lines = String(n.data('label')).split('\n');
  return { width: Math.max(...lines.map((l) => l.length)) * 6.2 + 4, height: lines.length * 14 };
}

/** Okabe-Ito colours (told apart with every common colour-vision deficiency), and line styles that say the same. */
function mapStyle(): cytoscape.StylesheetJson {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return [
    { selector: 'node', style: { label: 'data(label)', 'text-wrap': 'wrap', 'font-size': 11, color: v('--fg'), 'text-valign': 'center', 'background-color': v('--bg'), 'border-width': 1.5, 'border-color': v('--fg'), shape: 'round-rectangle', width: (n: cytoscape.NodeSingular) => labelSize(n).width, height: (n: cytoscape.NodeSingular) => labelSize(n).height, padding: '6px' } },
    { selector: 'node.namespace', style: { 'text-valign': 'top', 'font-weight': 'bold', 'background-color': v('--line'), 'background-opacity': 0.25, 'border-color': v('--line') } },
    { selector: 'node.pod', style: { 'font-size': 10, 'border-width': 1 } },
    { selector: 'node.group:parent', style: { 'text-valign': 'top' } },
    { selector: 'node.collapsed', style: { 'font-weight': 'bold', 'background-color': v('--line'), 'background-opacity': 0.4 } },
    { selector: 'node.outside', style: { shape: 'ellipse', 'border-style': 'dotted' } },
    { selector: 'node.open', style: { 'border-style': 'dashed' } },
    { selector: 'node.tiered', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': v('--allowed'), 'target-arrow-color': v('--allowed'), label: 'data(label)', 'font-size': 9, color: v('--fg') } },
    { selector: 'edge.gained', style: { width: 3, 'line-color': '#009e73', 'target-arrow-color': '#009e73' } },
    { selector: 'edge.lost', style: { width: 3, 'line-style': 'dashed', 'line-color': '#d55e00', 'target-arrow-color': '#d55e00' } },
  ];
}
