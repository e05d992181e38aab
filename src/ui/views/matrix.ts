/// <reference lib="dom" />
/** The Matrix view of a small cluster: the truth table of one port as a table of pods, rows from and columns to, each grouped under its namespace. */
import { el } from '../dom.js';
import type { Loaded } from '../protocol.js';
import type { Inspect } from './inspector.js';

export function drawMatrix(table: HTMLTableElement, loaded: Loaded & { allowed: string[][] }, port: number, inspect: Inspect): void {
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
      const button = el('button', { className: `cell ${ok ? 'allowed' : 'denied'}`, onclick: () => void inspect({ type: 'check', from: i, to: j, port }) }, ok ? '✓' : '✗');
      button.setAttribute('aria-label', `${from.ref} → ${to.ref} ${ports[port]}: ${ok ? 'allowed' : 'denied'}`);
      button.dataset.from = from.ref;
      button.dataset.to = to.ref;
      return el('td', {}, button);
    });
    return el('tr', {}, ...head, el('th', { scope: 'row' }, endpointButton(i)), ...cells);
  });
  table.replaceChildren(el('caption', {}, `Who may connect to whom on ${ports[port]} (rows: from, columns: to; ✓ allowed, ✗ denied)`), el('thead', {}, namespaceRow, columnRow), el('tbody', {}, ...rows));
}
