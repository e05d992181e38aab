/// <reference lib="dom" />
/** The page: the embedded manifests go to the engine in a Web Worker; the views draw its answers. */
import { byId, el } from './dom.js';
import { BOOT, type Boot } from './engine-client.js';
import type { ConnectivityDiff } from '../analysis/diff.js';
import type { Loaded, PortView } from './protocol.js';
import { drawHeatmap } from './views/heatmap.js';
import { startEditor } from './views/editor.js';
import { inspector } from './views/inspector.js';
import { MapView } from './views/map.js';
import { changesOnMap } from './views/map-elements.js';
import { drawMatrix } from './views/matrix.js';
import { showTabs } from './views/tabs.js';

const { ask, loading, started } = (window as unknown as Record<typeof BOOT, Boot>)[BOOT];
const inspect = inspector(ask);

/** Said before anything else: every answer on the page may allow more than the cluster does. */
function showIgnoredPolicies(lines: string[]): void {
  if (lines.length === 0) return;
  const section = byId('ignored-policies');
  section.hidden = false;
  section.append(el('pre', {}, lines.join('\n')));
}

function showDiagnostics(diagnostics: string[]): void {
  const section = byId('diagnostics');
  if (diagnostics.length === 0) return;
  section.hidden = false;
  section.append(...diagnostics.map((d) => el('pre', {}, d)));
}

/** The Diff tab: what changes from the base version to the one shown, drawn (for the port chosen) and as `palisade diff` prints it. */
function showVersions(loaded: Loaded, versions: NonNullable<Loaded['versions']>): MapView {
  byId('tab-diff').hidden = false;
  const { labels, diff } = versions;
  byId('diff-title').textContent = `${labels.base} → ${labels.head}: +${diff.gained} gained, −${diff.lost} lost. Gained connections are solid green, lost ones dashed orange-red.`;
  byId('diff-text').textContent = versions.text;
  return new MapView(byId('diff-map'), loaded, inspect, { changesOnly: true });
}

/** The editor starts when its tab first shows: its first check would hold up the worker while the page opens. */
function editorOnShow(): (view: string) => void {
  let started = false;
  return (view) => {
    if (view !== 'editor' || started) return;
    started = true;
    void startEditor(ask);
  };
}

/** Each port's view, asked of the worker once. */
function portViews(): (port: number) => Promise<PortView> {
  const views = new Map<number, Promise<PortView>>();
  return (port) => {
    let view = views.get(port);
    if (!view) {
      view = ask({ type: 'port', port }).then((reply) => {
        if (reply.type !== 'port') throw new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type}`);
        return reply;
      });
      views.set(port, view);
    }
    return view;
  };
}

async function main(): Promise<void> {
  const reply = await loading;
  if (reply.type !== 'loaded') {
    byId('inspector').textContent = reply.type === 'error' ? `error: ${reply.message}` : '';
    return;
  }
  const loaded: Loaded = reply;
  loaded.timings = { page: Math.round(started), ...loaded.timings, answered: Math.round(performance.now()) };
  showIgnoredPolicies(loaded.ignoredPolicies);
  showDiagnostics(loaded.diagnostics);
  const portSelect = byId('port') as HTMLSelectElement;
  portSelect.replaceChildren(...loaded.ports.map((p, k) => el('option', { value: String(k) }, p)));
  if (loaded.ports.length === 0) {
    byId('view-map').replaceChildren(el('p', {}, 'No ports: the policies and pods name none.'));
    byId('matrix').replaceChildren(el('caption', {}, 'No ports: the policies and pods name none.'));
    showTabs(editorOnShow());
    document.body.dataset.ready = 'true';
    return;
  }
  const map = new MapView(byId('view-map'), loaded, inspect);
  const { versions, allowed } = loaded;
  const diffMap = versions && showVersions(loaded, versions);
  const viewOf = portViews();
  // The editor's last check: its gained and lost connections, drawn on the map for the port shown.
  let edited: ConnectivityDiff | undefined;
  const changes = (diff: ConnectivityDiff | undefined, port: number) => (diff ? changesOnMap(loaded, diff, loaded.ports[port]!) : []);
  // Each view is drawn for the chosen port when it shows: a hidden one waits (a heat map of 2,500 groups takes a while).
  const drawers: Record<string, (port: number) => Promise<void> | void> = {
    map: async (port) => map.show(await viewOf(port), changes(edited, port)),
    // A table of pods needs no port view: drawn at once, as the port changes.
    matrix: allowed ? (port) => drawMatrix(byId('matrix') as HTMLTableElement, { ...loaded, allowed }, port, inspect) : async (port) => drawHeatmap(byId('heatmap'), loaded, await viewOf(port), inspect),
    ...(diffMap ? { diff: async (port: number) => diffMap.show(await viewOf(port), changes(versions.diff, port)) } : {}),
  };
  // Per view, the port drawn (or being drawn) and when it is done.
  const drawn = new Map<string, { port: number; done: Promise<void> }>();
  let shown = 'map';
  const draw = (): Promise<void> => {
    const port = Number(portSelect.value);
    const drawer = drawers[shown];
    if (!drawer) return Promise.resolve();
    const last = drawn.get(shown);
    if (last?.port === port) return last.done;
    const view = shown;
    // Said on the body once drawn, for the tests and the screenshots.
    const done = Promise.resolve(drawer(port)).then(() => void (document.body.dataset.drawn = `${view}:${port}`));
    drawn.set(view, { port, done });
    return done;
  };
  byId('matrix').hidden = !allowed;
  byId('heatmap').hidden = !!allowed;
  const startEditorOnce = editorOnShow();
  showTabs((view) => {
    startEditorOnce(view);
    shown = view;
    // Cytoscape measures its container again once it shows.
    if (view === 'map' && drawn.has('map')) map.refit();
    if (view === 'diff' && drawn.has('diff')) diffMap?.refit();
    void draw();
  });
  portSelect.onchange = () => void draw();
  const drawing = performance.now();
  await draw();
  loaded.timings.draw = Math.round(performance.now() - drawing);
  byId('editor').addEventListener('edited', (e) => {
    edited = (e as CustomEvent<ConnectivityDiff>).detail;
    drawn.delete('map');
    if (shown === 'map') void draw();
  });
  // For the tests and the screenshots: what the map draws, as data.
  Object.assign(window, { palisadeMap: map, palisadeTimings: loaded.timings });
  document.body.dataset.ready = 'true';
}

void main();
