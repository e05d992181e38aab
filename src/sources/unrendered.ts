/**
 * Inputs that are not manifests yet: Helm charts and templates, and
 * Kustomize directories. Read as they are, they give confusing YAML errors or
 * partial objects (patches); instead each is reported once, located, with the
 * command that renders it.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Lexer } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const CHART_FILE = 'Chart.yaml';
/** What a pipe into palisade looks like in hints: the command is the user's. */
const INTO_PALISADE = 'palisade ... -f -';

/** A directory that is a kustomization or a chart, from its entries (or a file that names one): the diagnostic to report instead of reading it. */
export function unrenderedDirectory(dir: string, entries: readonly string[]): Diagnostic | undefined {
  const kustomization = KUSTOMIZATION_FILES.find((f) => entries.includes(f));
  if (kustomization) {
    return {
      severity: 'error',
      type: 'IO',
      file: join(dir, kustomization),
      line: 1,
      column: 1,
      message: `${dir} is a Kustomize directory: its files are bases and patches, not the objects it builds, so none of them is read`,
      hint: `read what it builds with -k ${dir} (as kubectl does), or: kubectl kustomize ${dir} | ${INTO_PALISADE}`,
    };
  }
  if (entries.includes(CHART_FILE)) {
    return {
      severity: 'error',
      type: 'IO',
      file: join(dir, CHART_FILE),
      line: 1,
      column: 1,
      message: `${dir} is a Helm chart: its templates are not manifests until rendered, so none of its files is read`,
      hint: renderChart(dir),
    };
  }
  return undefined;
}

/** A file given by name that only makes sense as part of its directory (`-f overlay/kustomization.yaml`). */
export function unrenderedFile(path: string): Diagnostic | undefined {
  const name = basename(path);
  return KUSTOMIZATION_FILES.includes(name) || name === CHART_FILE ? unrenderedDirectory(dirname(path), [name]) : undefined;
}

/** A file holding Helm template syntax outside comments and quoted or block strings. */
export function helmTemplate(file: string, text: string, path?: string): Diagnostic | undefined {
  const offset = templateOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  return {
    severity: 'error',
    type: 'IO',
    file,
    line: before.split('\n').length,
    column: offset - before.lastIndexOf('\n'),
    message: 'unrendered Helm template: `{{ ... }}` is template syntax, not YAML, so this file is not read',
    hint: renderChart(path === undefined ? undefined : chartRoot(path)),
  };
}

function renderChart(dir = 'CHART_DIR'): string {
  return `render the chart first: helm template NAME ${dir} | ${INTO_PALISADE}`;
}

/** The nearest directory above `path` with a Chart.yaml. */
function chartRoot(path: string): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CHART_FILE))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

// The lexer's control tokens stand for structure, not text: they take no room in the source.
const DOCUMENT = '\x02';
const FLOW_ERROR_END = '\x18';
const SCALAR = '\x1f';

/**
 * Where `{{` first opens a template action: two flow-mapping starts in a row,
 * or inside a plain scalar (`name: web-{{ .Release.Name }}`). Quoted and block
 * scalars and comments may hold `{{` as data (annotations, ConfigMaps).
 */
function templateOffset(text: string): number | undefined {
  if (!text.includes('{{')) return undefined;
  let offset = 0;
  let previous = '';
  let scalarNext = false;
  let blockHeader = false;
  for (const token of new Lexer().lex(text)) {
    if (token === DOCUMENT || token === FLOW_ERROR_END) continue;
    if (token === SCALAR) {
      scalarNext = true;
      continue;
    }
    if (token === '{' && previous === '{') return offset - 1;
    if (scalarNext) {
      // A block scalar's text follows its header (`|`, `>-`) as one scalar token.
      if (!blockHeader && token.includes('{{')) return offset + token.indexOf('{{');
      blockHeader = false;
    }
    if (/^[|>]/.test(token)) blockHeader = true;
    scalarNext = false;
    previous = token;
    offset += token.length;
  }
  return undefined;
}
