/**
 * The semantics live in the engine alone: no module outside src/engine
 * matches a selector, an ipBlock or a port, or walks a compiled side itself.
 * Outside modules ask the engine's queries instead. The reference evaluator
 * is deliberately independent and exempt; tests are exempt.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The engine's matching primitives and its evaluation: what only the engine may call. */
const PRIMITIVES = new Set([
  'selectorMatches',
  'selectorMisses',
  'policySelects',
  'peerMatches',
  'peerMiss',
  'blockContains',
  'rangeContains',
  'matchingPort',
  'portEntryMatches',
  'portEntryRanges',
  'entryMatches',
  'matchingPeer',
  'entryBlocks',
  'entryAddresses',
  'entryPorts',
  'compileSide',
  'evaluateSide',
  'settledBefore',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') && !d.name.endsWith('.test.helper.ts') ? [path] : [];
  });
}

/** `name from 'module'` for every named import of engine modules in a file. */
export function engineImports(path: string, text: string): { name: string; from: string }[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest);
  const out: { name: string; from: string }[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : '';
    if (!/(^|\/)engine\//.test(from)) continue;
    const named = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : statement.exportClause;
    if (named && (ts.isNamedImports(named) || ts.isNamedExports(named))) {
      for (const e of named.elements) out.push({ name: (e.propertyName ?? e.name).text, from });
    } else if (named && ts.isNamespaceImport(named)) out.push({ name: '*', from });
  }
  return out;
}

test('no module outside the engine matches selectors, ipBlocks or ports, or evaluates a side', () => {
  const offenders: string[] = [];
  for (const path of sources(SRC)) {
    const rel = relative(SRC, path).split(sep).join('/');
    if (rel.startsWith('engine/') || rel.startsWith('reference/')) continue;
    for (const { name, from } of engineImports(path, readFileSync(path, 'utf8'))) {
      if (PRIMITIVES.has(name) || name === '*') offenders.push(`src/${rel} imports ${name} from ${from}`);
    }
  }
  assert.deepEqual(offenders, [], 'ask the engine instead (src/engine/selections.ts, the compiled side queries)');
});

test('the import scan sees named, renamed, namespace and re-exported imports of engine modules', () => {
  const text = [
    "import { matchingPort, portQueryText } from '../engine/ports.js';",
    "import { selectorMatches as matches } from '../../engine/selectors.js';",
    "import * as policies from '../engine/policies.js';",
    "export { blockContains } from './engine/policies.js';",
    "import { readFileSync } from 'node:fs';",
  ].join('\n');
  assert.deepEqual(engineImports('x.ts', text), [
    { name: 'matchingPort', from: '../engine/ports.js' },
    { name: 'portQueryText', from: '../engine/ports.js' },
    { name: 'selectorMatches', from: '../../engine/selectors.js' },
    { name: '*', from: '../engine/policies.js' },
    { name: 'blockContains', from: './engine/policies.js' },
  ]);
});
