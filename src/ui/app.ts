/// <reference lib="dom" />
/**
 * The page: the embedded manifests go to the engine in a Web Worker (made
 * from inlined code, since file:// pages cannot load worker files); the page
 * draws the truth table of one port and shows the worker's answers.
 */
import type { Loaded, PageData, Reply, Request } from './protocol.js';
import { DATA_ID, WORKER_ID } from './page-ids.js';

const data = JSON.parse(byId(DATA_ID).textContent!) as PageData;
const workerCode = JSON.parse(byId(WORKER_ID).textContent!) as string;
const worker = new Worker(URL.createObjectURL(new Blob([workerCode], { type: 'text/javascript' })));

const portSelect = byId('port') as HTMLSelectElement;
const matrix = byId('matrix');
const inspector = byId('inspector');

// One question at a time: each reply answers the oldest request still open.
const waiting: ((reply: Reply) => void)[] = [];
worker.onmessage = (e: MessageEvent<Reply>) => waiting.shift()?.(e.data);

function ask(request: Request): Promise<Reply> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    worker.postMessage(request);
  });
}

function byId(id: string): HTMLElement {
  return document.getElementById(id)!;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

async function inspect(request: Request): Promise<void> {
  inspector.textContent = '…';
  const reply = await ask(request);
  inspector.textContent = reply.type === 'text' ? reply.text : reply.type === 'error' ? `error: ${reply.message}` : '';
}

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

/** Rows are sources and columns destinations, each grouped under its namespace. */
function drawMatrix(loaded: Loaded, port: number): void {
  const { endpoints, ports, allowed } = loaded;
  // Runs of one namespace, in the engine's order.
  const groups: { namespace: string; start: number; count: number }[] = [];
  endpoints.forEach((e, i) => {
    const last = groups.at(-1);
    if (last?.namespace === e.namespace) last.count++;
    else groups.push({ namespace: e.namespace, start: i, count: 1 });
  });
  const name = (ref: string) => ref.slice(ref.indexOf('/') + 1);
  const endpointButton = (i: number) =>
    el('button', { className: 'endpoint', title: endpoints[i]!.ref, onclick: () => void inspect({ type: 'endpoint', endpoint: i, port }) }, name(endpoints[i]!.ref));
  const namespaceRow = el('tr', {}, el('th', { colSpan: 2, scope: 'col' }, 'from \\ to'), ...groups.map((g) => el('th', { colSpan: g.count, scope: 'colgroup', className: 'namespace' }, g.namespace)));
  const columnRow = el('tr', {}, el('th', { colSpan: 2 }), ...endpoints.map((_, j) => el('th', { scope: 'col', className: 'column' }, endpointButton(j))));
  const rows = endpoints.map((from, i) => {
    const group = groups.find((g) => g.start === i);
    const head = group ? [el('th', { rowSpan: group.count, scope: 'rowgroup', className: 'namespace' }, group.namespace)] : [];
    const cells = endpoints.map((to, j) => {
      const ok = allowed[port]![i]![j] === '1';
      const button = el('button', {
        className: `cell ${ok ? 'allowed' : 'denied'}`,
        onclick: () => void inspect({ type: 'check', from: i, to: j, port }),
      }, ok ? '✓' : '✗');
      button.setAttribute('aria-label', `${from.ref} → ${to.ref} ${ports[port]}: ${ok ? 'allowed' : 'denied'}`);
      button.dataset.from = from.ref;
      button.dataset.to = to.ref;
      return el('td', {}, button);
    });
    return el('tr', {}, ...head, el('th', { scope: 'row' }, endpointButton(i)), ...cells);
  });
  matrix.replaceChildren(el('caption', {}, `Who may connect to whom on ${ports[port]} (rows: from, columns: to; ✓ allowed, ✗ denied)`), el('thead', {}, namespaceRow, columnRow), el('tbody', {}, ...rows));
}

async function main(): Promise<void> {
  const reply = await ask({ type: 'load', data });
  if (reply.type !== 'loaded') {
    inspector.textContent = reply.type === 'error' ? `error: ${reply.message}` : '';
    return;
  }
  showIgnoredPolicies(reply.ignoredPolicies);
  showDiagnostics(reply.diagnostics);
  portSelect.replaceChildren(...reply.ports.map((p, k) => el('option', { value: String(k) }, p)));
  portSelect.onchange = () => drawMatrix(reply, Number(portSelect.value));
  if (reply.ports.length > 0) drawMatrix(reply, 0);
  else matrix.replaceChildren(el('caption', {}, 'No ports: the policies and pods name none.'));
  document.body.dataset.ready = 'true';
}

void main();
