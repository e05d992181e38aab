/// <reference lib="dom" />
/**
 * The Editor: a policy as YAML (CodeMirror), checked by the worker as it is
 * typed: `palisade validate`'s diagnostics underlined where they point and
 * listed below it, then the connections the edit gains and loses against
 * the loaded state as `palisade diff` prints them. Download saves the text.
 * Each check's diff, as data, is the section's `edited` event (for views
 * that draw it).
 */
import { yaml } from '@codemirror/lang-yaml';
import { syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Compartment, type Text } from '@codemirror/state';
import { classHighlighter } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';
import { byId, el } from '../dom.js';
import type { Ask } from '../engine-client.js';
import { TYPING_PAUSE_MS, type Edited } from '../protocol.js';

const TEMPLATE = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: new-policy
  namespace: default
spec:
  podSelector: {}
  policyTypes:
  - Ingress
`;
const TEMPLATE_FILE = 'new-policy.yaml';

export async function startEditor(ask: Ask): Promise<void> {
  const section = byId('editor');
  const start = byId('editor-start') as HTMLSelectElement;
  const list = byId('editor-diagnostics');
  const diffPane = byId('editor-diff');
  const reply = await ask({ type: 'policies' });
  const policies = reply.type === 'policies' ? reply.policies : [];
  start.replaceChildren(el('option', { value: '' }, 'a new NetworkPolicy'), ...policies.map((p, k) => el('option', { value: String(k) }, p.label)));
  let file = TEMPLATE_FILE;

  const show = (edited: Edited, doc: Text) => {
    list.replaceChildren(
      ...edited.diagnostics.map((d) => el('li', {}, el('button', { className: 'diagnostic', onclick: () => goTo(placed(doc, d).from) }, d.text))),
    );
    diffPane.textContent = edited.diffText;
    section.dataset.timings = JSON.stringify(edited.timings);
    section.dispatchEvent(new CustomEvent('edited', { detail: edited.diff }));
  };
  // One text in the worker at a time: on a large cluster a check outlasts several keystrokes, and only the newest text matters.
  let running: Promise<unknown> = Promise.resolve();
  const check = async (view: EditorView): Promise<Diagnostic[]> => {
    const doc = view.state.doc;
    await running;
    if (view.state.doc !== doc) return []; // typed on meanwhile: the linter checks the newer text and drops this answer
    const answer = ask({ type: 'edit', text: doc.toString() });
    running = answer;
    const edited = await answer;
    if (edited.type !== 'edited') {
      diffPane.textContent = edited.type === 'error' ? `error: ${edited.message}` : '';
      return [];
    }
    if (view.state.doc === doc) show(edited, doc);
    return edited.diagnostics.map((d) => placed(doc, d));
  };

  const dark = matchMedia('(prefers-color-scheme: dark)');
  const scheme = new Compartment();
  const view = new EditorView({
    doc: TEMPLATE,
    parent: byId('editor-text'),
    extensions: [
      basicSetup,
      yaml(),
      // Token classes, coloured by the page's styles for light and dark alike.
      syntaxHighlighting(classHighlighter),
      scheme.of(EditorView.darkTheme.of(dark.matches)),
      EditorView.theme({ '&': { color: 'var(--fg)', backgroundColor: 'var(--bg)' } }),
      EditorView.contentAttributes.of({ 'aria-label': 'Policy YAML' }),
      lintGutter(),
      // A short pause: the worker checks an edit in tens of milliseconds, and a check a keystroke outdates is dropped (above).
      linter(check, { delay: TYPING_PAUSE_MS }),
    ],
  });
  dark.onchange = () => view.dispatch({ effects: scheme.reconfigure(EditorView.darkTheme.of(dark.matches)) });
  const goTo = (pos: number) => {
    view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    view.focus();
  };

  start.onchange = async () => {
    const k = start.value;
    const answer = k === '' ? undefined : await ask({ type: 'policy', policy: Number(k) });
    const text = answer === undefined ? TEMPLATE : answer.type === 'text' ? answer.text : '';
    file = k === '' ? TEMPLATE_FILE : policies[Number(k)]!.file;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  };
  byId('editor-download').onclick = () => {
    const url = URL.createObjectURL(new Blob([view.state.doc.toString()], { type: 'application/yaml' }));
    el('a', { href: url, download: file }).click();
    setTimeout(() => URL.revokeObjectURL(url));
  };
}

/** Where a diagnostic points in the editor's text: from its line and column to the end of that line (the field and its value). */
function placed(doc: Text, d: Edited['diagnostics'][number]): Diagnostic {
  const line = doc.line(Math.min(d.line, doc.lines));
  const from = line.from + Math.min(d.column - 1, line.length);
  const to = Math.max(from, line.from + line.text.trimEnd().length);
  return { from, to, severity: d.severity === 'note' ? 'info' : d.severity, message: d.text };
}
