/// <reference lib="dom" />
/**
 * The Matrix view for clusters too large for a table of pods: one row and
 * column per identity group, each cell one to sixteen pixels. Only the part
 * in view is painted (from a bitmap holding one pixel per cell), so 2,500
 * groups scroll as smoothly as 20. Hover names the pair; a click, or Enter
 * on the keyboard cursor, asks for its verdict.
 */
import { el } from '../dom.js';
import { groupReaches } from '../port-bits.js';
import type { Loaded, PortView } from '../protocol.js';
import type { Inspect } from './inspector.js';
import { pairRequest } from './pairs.js';

const MIN_CELL = 1;
const MAX_CELL = 16;

export function drawHeatmap(host: HTMLElement, loaded: Loaded, view: PortView, inspect: Inspect): void {
  const { groups } = loaded;
  const n = groups.length;
  const allowed = (i: number, j: number) => groupReaches(view, i, j);
  const style = getComputedStyle(document.documentElement);
  const colours = [style.getPropertyValue('--denied').trim(), style.getPropertyValue('--allowed').trim()];

  // One pixel per cell, painted once per port.
  const bitmap = new OffscreenCanvas(Math.max(n, 1), Math.max(n, 1));
  const bctx = bitmap.getContext('2d')!;
  const image = bctx.createImageData(Math.max(n, 1), Math.max(n, 1));
  const rgb = colours.map(toRgb);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) image.data.set([...rgb[Number(allowed(i, j))]!, 255], (i * n + j) * 4);
  }
  bctx.putImageData(image, 0, 0);

  let cell = Math.min(MAX_CELL, Math.max(MIN_CELL, Math.floor(720 / Math.max(n, 1))));
  let cursor = { i: 0, j: 0 };
  const canvas = el('canvas', { tabIndex: 0, className: 'heatmap' });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Who may connect to whom on ${loaded.ports[view.port]}: ${n} groups of pods no policy tells apart; arrow keys move, Enter shows the verdict`);
  const spacer = el('div', { className: 'heatmap-spacer' });
  const scroller = el('div', { className: 'heatmap-scroll' }, canvas, spacer);
  const hover = el('output', { id: 'heatmap-hover' });
  hover.setAttribute('aria-live', 'polite');
  const zoom = (factor: number) => {
    cell = Math.min(MAX_CELL, Math.max(MIN_CELL, Math.round(cell * factor) || MIN_CELL));
    layout();
  };
  const controls = el(
    'p',
    {},
    el('button', { type: 'button', onclick: () => zoom(0.5) }, 'Zoom out'),
    ' ',
    el('button', { type: 'button', onclick: () => zoom(2) }, 'Zoom in'),
    ` ${n} groups (rows: from, columns: to; blue allowed, orange denied).`,
  );
  // Below the map: text that grows there moves nothing under the pointer.
  host.replaceChildren(controls, scroller, el('p', {}, hover));

  const pairText = (i: number, j: number) => `${groups[i]!.label} → ${groups[j]!.label} ${loaded.ports[view.port]}: ${allowed(i, j) ? 'allowed' : 'denied'}`;
  const cellAt = (e: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    const i = Math.floor((e.clientY - r.top + scroller.scrollTop) / cell);
    const j = Math.floor((e.clientX - r.left + scroller.scrollLeft) / cell);
    return i >= 0 && j >= 0 && i < n && j < n ? { i, j } : undefined;
  };

  function layout(): void {
    spacer.style.width = `${n * cell}px`;
    spacer.style.height = `${n * cell}px`;
    paint();
  }

  function paint(): void {
    const width = Math.min(scroller.clientWidth, n * cell);
    const height = Math.min(scroller.clientHeight, n * cell);
    canvas.width = width;
    canvas.height = height;
    canvas.style.left = `${scroller.scrollLeft}px`;
    canvas.style.top = `${scroller.scrollTop}px`;
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    const [sx, sy] = [scroller.scrollLeft / cell, scroller.scrollTop / cell];
    ctx.drawImage(bitmap, sx, sy, width / cell, height / cell, 0, 0, width, height);
    ctx.strokeStyle = style.getPropertyValue('--fg').trim();
    ctx.lineWidth = 2;
    ctx.strokeRect(cursor.j * cell - scroller.scrollLeft, cursor.i * cell - scroller.scrollTop, Math.max(cell, 3), Math.max(cell, 3));
  }

  scroller.onscroll = paint;
  // The panel may be hidden when drawn (no size yet): paint again once it shows, until another port's map replaces this one.
  const resized = new ResizeObserver(() => (scroller.isConnected ? paint() : resized.disconnect()));
  resized.observe(scroller);
  canvas.onmousemove = (e) => {
    const at = cellAt(e);
    hover.textContent = at ? pairText(at.i, at.j) : '';
  };
  canvas.onclick = (e) => {
    const at = cellAt(e);
    if (!at) return;
    cursor = at;
    paint();
    void inspect(pairRequest(loaded, at.i, at.j, view.port));
  };
  canvas.onkeydown = (e) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      cursor = { i: clamp(cursor.i + move[0], n), j: clamp(cursor.j + move[1], n) };
      hover.textContent = pairText(cursor.i, cursor.j);
      paint();
    } else if (e.key === 'Enter' && n > 0) {
      void inspect(pairRequest(loaded, cursor.i, cursor.j, view.port));
    }
  };
  layout();
}

function clamp(v: number, n: number): number {
  return Math.min(n - 1, Math.max(0, v));
}

/** `#0072b2` as [r, g, b]. */
function toRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
