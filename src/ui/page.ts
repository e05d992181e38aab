/**
 * The self-contained page: the manifests, the app and the worker's code are
 * all inlined, and the Content-Security-Policy lets the page load nothing
 * else, so it works from file:// and sends no request anywhere.
 */
import type { PageData } from './protocol.js';
import { packPageData } from './pack.js';
import { DATA_ID, WORKER_ID } from './page-ids.js';

export interface PageCode {
  /** Starts the worker (boot.ts), before the app is compiled. */
  boot: string;
  app: string;
  worker: string;
}

// data: images are the editor's lint underlines and markers (CodeMirror draws them as inline SVG): they load nothing.
const CSP = "default-src 'none'; script-src 'unsafe-inline'; worker-src blob:; style-src 'unsafe-inline'; img-src data:";

// Okabe-Ito blue and orange: told apart with every common colour-vision deficiency; the cells' ✓ and ✗ say it too.
const STYLE = `
:root { color-scheme: light dark; --allowed: #0072b2; --on-allowed: #fff; --denied: #e69f00; --fg: #1a1a1a; --bg: #fff; --line: #ccc; --key: #0550ae; --string: #0a3069; --comment: #57606a; --meta: #8250df; }
@media (prefers-color-scheme: dark) { :root { --allowed: #56b4e9; --on-allowed: #000; --denied: #e69f00; --fg: #eee; --bg: #181818; --line: #444; --key: #79c0ff; --string: #a5d6ff; --comment: #8b949e; --meta: #d2a8ff; } }
body { font: 14px system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 1rem; }
main { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; }
.views { flex: 1 1 40rem; min-width: 0; }
.inspector { flex: 0 1 36rem; }
[role=tablist] { display: flex; gap: .3rem; border-bottom: 1px solid var(--line); }
[role=tab] { font: inherit; color: inherit; background: none; border: 1px solid var(--line); border-bottom: 0; padding: .3rem .8rem; cursor: pointer; }
[role=tab][aria-selected=true] { font-weight: 700; background: var(--line); }
.map-canvas { height: 70vh; min-height: 24rem; border: 1px solid var(--line); }
.edge-list { columns: 2; font-size: 13px; }
.edge-list button { font: inherit; color: inherit; background: none; border: 0; padding: .1rem; cursor: pointer; text-align: left; }
.edge-list li.gained button { color: #009e73; font-weight: 700; }
.edge-list li.lost button { color: #d55e00; font-weight: 700; text-decoration: line-through; }
.heatmap-scroll { position: relative; overflow: auto; width: 100%; height: 70vh; border: 1px solid var(--line); }
.heatmap-spacer { pointer-events: none; }
canvas.heatmap { position: absolute; image-rendering: pixelated; }
table { border-collapse: collapse; }
caption { text-align: left; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: 0; }
th.namespace { padding: .2rem .4rem; font-weight: 600; }
th.column button { writing-mode: vertical-rl; transform: rotate(180deg); }
button.endpoint { font: inherit; background: none; border: 0; color: inherit; padding: .2rem .4rem; cursor: pointer; }
button.cell { display: block; width: 100%; min-width: 1.8rem; height: 1.8rem; border: 0; font-weight: 700; cursor: pointer; color: #000; }
button.cell.allowed { background: var(--allowed); color: var(--on-allowed); }
button.cell.denied { background: var(--denied); }
button:focus-visible { outline: 3px solid var(--fg); outline-offset: -3px; }
#inspector { white-space: pre-wrap; font: 13px ui-monospace, monospace; border: 1px solid var(--line); padding: .5rem; }
#diagnostics pre, #ignored-policies pre { white-space: pre-wrap; }
#ignored-policies { border-left: .4rem solid var(--denied); padding-left: .6rem; }
#editor-text .cm-editor { border: 1px solid var(--line); max-width: 60rem; max-height: 30rem; font-size: 13px; }
#editor-text .cm-editor.cm-focused { outline: 3px solid var(--fg); }
.tok-propertyName { color: var(--key); } .tok-string, .tok-string2 { color: var(--string); } .tok-comment { color: var(--comment); font-style: italic; } .tok-meta, .tok-keyword, .tok-labelName, .tok-typeName { color: var(--meta); }
#editor-diagnostics { list-style: none; padding-left: 0; } #editor-diagnostics:empty::before { content: 'None.'; }
button.diagnostic { font: 13px ui-monospace, monospace; white-space: pre-wrap; text-align: left; background: none; color: inherit; border: 0; padding: .2rem; cursor: pointer; }
#editor-diff, #diff-text { white-space: pre-wrap; font: 13px ui-monospace, monospace; }
`;

/** JSON that a `<script>` element holds safely: no `</script>` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function pageHtml(data: PageData, code: PageCode): string {
  // esbuild writes `<\/script` in strings; any other `</script` would end the element early.
  for (const name of ['boot', 'app'] as const) {
    if (/<\/script/i.test(code[name])) throw new Error(`the ${name} code holds "</script" and cannot be inlined`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Palisade</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Palisade</h1>
<section id="ignored-policies" role="alert" hidden><h2>Warning: policies this page ignores</h2></section>
<section id="diagnostics" hidden><h2>Validation</h2></section>
<nav role="tablist" aria-label="Views">
<button role="tab" id="tab-map" data-view="map" aria-controls="view-map">Map</button>
<button role="tab" id="tab-matrix" data-view="matrix" aria-controls="view-matrix">Matrix</button>
<button role="tab" id="tab-editor" data-view="editor" aria-controls="view-editor">Editor</button>
<button role="tab" id="tab-diff" data-view="diff" aria-controls="view-diff" hidden>Diff</button>
</nav>
<p><label>Port <select id="port"></select></label></p>
<main>
<div class="views">
<section id="view-map" role="tabpanel" aria-labelledby="tab-map"><p>Compiling…</p></section>
<section id="view-matrix" role="tabpanel" aria-labelledby="tab-matrix" hidden>
<table id="matrix"><caption>Compiling…</caption></table>
<div id="heatmap" hidden></div>
</section>
<section id="view-editor" role="tabpanel" aria-labelledby="tab-editor" hidden>
<div id="editor">
<p>Edit a policy, or paste one: it is checked as you type, against what the page loaded, and the connections it gains and loses are drawn on the Map.</p>
<p><label>Start from <select id="editor-start"></select></label> <button id="editor-download" type="button">Download</button></p>
<div id="editor-text"></div>
<h3>Diagnostics</h3>
<ul id="editor-diagnostics"></ul>
<h3>Connectivity against the loaded state</h3>
<pre id="editor-diff">Checking…</pre>
</div>
</section>
<section id="view-diff" role="tabpanel" aria-labelledby="tab-diff" hidden>
<p id="diff-title"></p>
<div id="diff-map"></div>
<pre id="diff-text"></pre>
</section>
</div>
<section aria-label="Inspector" class="inspector"><h2>Inspector</h2><pre id="inspector" aria-live="polite">Choose a cell or an edge for the verdict of that connection, or an endpoint for what selects it and what it can reach.</pre></section>
</main>
<script type="application/octet-stream" id="${DATA_ID}">${packPageData(data)}</script>
<script type="application/json" id="${WORKER_ID}">${scriptJson(code.worker)}</script>
<script>${code.boot}</script>
<script>${code.app}</script>
</body>
</html>
`;
}
