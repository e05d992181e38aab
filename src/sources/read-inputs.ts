/**
 * Expands `-f` arguments the way kubectl does: a file, a directory (walked
 * recursively for .yaml, .yml and .json), or `-` for standard input; and
 * `-k` directories into what their kustomization builds. Files that cannot be
 * read, that are not UTF-8 text, or that are not manifests yet (Helm
 * templates, Kustomize directories) become diagnostics and never stop the
 * others.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { renderKustomization } from './kustomize.js';
import type { InputFile } from './load-text.js';
import { helmTemplate, unrenderedDirectory, unrenderedFile } from './unrendered.js';

export const STDIN_NAME = '<stdin>';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Larger inputs are refused rather than risking the process's memory. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface ReadOptions {
  readStdin?: () => Buffer;
  /** Kustomization directories (`-k`), read after the paths. */
  kustomize?: readonly string[];
}

export function readInputs(paths: readonly string[], opts: ReadOptions = {}): { files: InputFile[]; diagnostics: Diagnostic[] } {
  const readStdin = opts.readStdin ?? (() => readFileSync(0));
  const files: InputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const ioError = (file: string, message: string, hint?: string) =>
    diagnostics.push({ severity: 'error', type: 'IO', file, message, ...(hint ? { hint } : {}) });
  const seen = new Set<string>();

  /** `onDisk`: `name` is a path, whose chart (if any) hints can name. */
  const addFile = (name: string, read: () => Buffer, sniffJson: boolean, onDisk: boolean) => {
    let bytes: Buffer;
    try {
      bytes = read();
    } catch (e) {
      return ioError(name, `cannot read: ${systemMessage(e)}`);
    }
    if (bytes.length > MAX_FILE_BYTES) return ioError(name, `file is larger than ${MAX_FILE_BYTES} bytes`);
    const text = decodeText(bytes);
    if (text === undefined) {
      return ioError(name, 'not a text file: it contains NUL bytes or is not valid UTF-8', 'manifests must be YAML or JSON text');
    }
    const template = helmTemplate(name, text, onDisk ? name : undefined);
    if (template) return diagnostics.push(template);
    const json = extname(name).toLowerCase() === '.json' || (sniffJson && /^\s*[[{]/.test(text));
    files.push({ name, text, json });
  };

  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      return ioError(dir, `cannot read directory: ${systemMessage(e)}`);
    }
    if (seen.has(real)) return; // a symlink loop or a directory given twice
    seen.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      return ioError(dir, `cannot read directory: ${systemMessage(e)}`);
    }
    const unrendered = unrenderedDirectory(dir, entries);
    if (unrendered) return diagnostics.push(unrendered);
    for (const entry of entries) {
      if (entry.startsWith('.')) continue; // .git and friends
      const path = join(dir, entry);
      let isDir: boolean;
      try {
        isDir = statSync(path).isDirectory();
      } catch (e) {
        ioError(path, `cannot read: ${systemMessage(e)}`);
        continue;
      }
      if (isDir) walk(path);
      else if (MANIFEST_EXTENSIONS.has(extname(entry).toLowerCase())) addFile(path, () => readFileSync(path), false, true);
    }
  };

  for (const path of paths) {
    if (path === '-') {
      addFile(STDIN_NAME, readStdin, true, false);
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      ioError(path, `cannot read: ${systemMessage(e)}`, 'check the path given to -f');
      continue;
    }
    const unrendered = isDir ? undefined : unrenderedFile(path);
    if (unrendered) diagnostics.push(unrendered);
    else if (isDir) walk(path);
    else addFile(path, () => readFileSync(path), true, true);
  }
  for (const dir of opts.kustomize ?? []) {
    const rendered = renderKustomization(dir);
    if (!rendered.ok) {
      ioError(dir, rendered.message, rendered.hint);
      continue;
    }
    const name = `<${rendered.tool} ${dir}>`;
    for (const warning of rendered.warnings) diagnostics.push({ severity: 'warning', file: name, message: `${rendered.tool}: ${warning}` });
    addFile(name, () => rendered.text, false, false);
  }
  return { files, diagnostics };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function systemMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err.message ?? String(e);
  }
}
