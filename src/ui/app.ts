/// <reference lib="dom" />
/** The page: the embedded manifests go to the engine in a Web Worker; the views draw its answers. */
import { byId, el } from './dom.js';
import { startEngine } from './engine-client.js';
import type { PageData } from './protocol.js';
import { DATA_ID, WORKER_ID } from './page-ids.js';
import { startEditor } from './views/editor.js';
import { inspector } from './views/inspector.js';
import { drawMatrix } from './views/matrix.js';

const data = JSON.parse(byId(DATA_ID).textContent!) as PageData;
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

async function main(): Promise<void> {
  const matrix = byId('matrix') as HTMLTableElement;
  const portSelect = byId('port') as HTMLSelectElement;
  const reply = await ask({ type: 'load', data });
  if (reply.type !== 'loaded') {
    byId('inspector').textContent = reply.type === 'error' ? `error: ${reply.message}` : '';
    return;
  }
  showIgnoredPolicies(reply.ignoredPolicies);
  showDiagnostics(reply.diagnostics);
  portSelect.replaceChildren(...reply.ports.map((p, k) => el('option', { value: String(k) }, p)));
  portSelect.onchange = () => drawMatrix(matrix, reply, Number(portSelect.value), inspect);
  if (reply.ports.length > 0) drawMatrix(matrix, reply, 0, inspect);
  else matrix.replaceChildren(el('caption', {}, 'No ports: the policies and pods name none.'));
  await startEditor(ask);
  document.body.dataset.ready = 'true';
}

void main();
