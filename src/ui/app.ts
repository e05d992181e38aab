/// <reference lib="dom" />
/** The page: the embedded manifests go to the engine in a Web Worker; the views draw its answers. */
import { byId, el } from './dom.js';
import { startEngine } from './engine-client.js';
import type { ConnectivityDiff } from '../analysis/diff.js';
import type { Loaded, PortView } from './protocol.js';
import { DATA_ID, WORKER_ID } from './page-ids.js';
import { drawHeatmap } from './views/heatmap.js';
import { startEditor } from './views/editor.js';
import { inspector } from './views/inspector.js';
import { MapView } from './views/map.js';
import { changesOnMap } from './views/map-elements.js';
import { drawMatrix } from './views/matrix.js';
import { showTabs } from './views/tabs.js';

const started = performance.now();
// Handed to the worker as text: copying a string is cheaper than cloning the objects parsed from it.
const data = byId(DATA_ID).textContent!;
const ask = startEngine(JSON.parse(byId(WORKER_ID).textContent!) as string);
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
  const reply = await ask({ type: 'load', data });
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
    showTabs();
    byId('view-map').replaceChildren(el('p', {}, 'No ports: the policies and pods name none.'));
    byId('matrix').replaceChildren(el('caption', {}, 'No ports: the policies and pods name none.'));
    await startEditor(ask);
    document.body.dataset.ready = 'true';
    return;
  }
  const map = new MapView(byId('view-map'), loaded, inspect);
  const { versions } = loaded;
  const diffMap = versions && showVersions(loaded, versions);
  showTabs((view) => (view === 'map' ? map.refit() : view === 'diff' && diffMap?.refit()));
  const viewOf = portViews();
  // The editor's last check: its gained and lost connections, drawn on the map for the port shown.
  let edited: ConnectivityDiff | undefined;
  const showMap = async (port: number) => map.show(await viewOf(port), edited ? changesOnMap(loaded, edited, loaded.ports[port]!) : []);
  const showPort = async (port: number) => {
    const view = await viewOf(port);
    await showMap(port);
    if (diffMap && versions) diffMap.show(view, changesOnMap(loaded, versions.diff, loaded.ports[port]!));
    const { allowed } = loaded;
    if (allowed) drawMatrix(byId('matrix') as HTMLTableElement, { ...loaded, allowed }, port, inspect);
    else drawHeatmap(byId('heatmap'), loaded, view, inspect);
  };
  byId('matrix').hidden = !loaded.allowed;
  byId('heatmap').hidden = !!loaded.allowed;
  portSelect.onchange = () => void showPort(Number(portSelect.value));
  const drawing = performance.now();
  await showPort(0);
  loaded.timings.draw = Math.round(performance.now() - drawing);
  byId('editor').addEventListener('edited', (e) => {
    edited = (e as CustomEvent<ConnectivityDiff>).detail;
    void showMap(Number(portSelect.value));
  });
  await startEditor(ask);
  // For the tests and the screenshots: what the map draws, as data.
  Object.assign(window, { palisadeMap: map, palisadeTimings: loaded.timings });
  document.body.dataset.ready = 'true';
}

void main();
