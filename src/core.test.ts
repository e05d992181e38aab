/**
 * `palisade/core` stays browser-safe: no module it reaches imports Node.js or
 * uses its globals, it bundles for browsers, and the bundle answers where only
 * the web APIs exist.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build, transform, type BuildFailure } from 'esbuild';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const BUILT_CORE = fileURLToPath(new URL('./core.js', import.meta.url));

/** What only Node.js has; `NodeJS` is its types' namespace. */
const NODE_GLOBALS = new Set(['Buffer', 'process', 'require', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate', 'NodeJS']);
const NODE_MODULES = new Set(builtinModules);

interface ImportGraph {
  /** Source files reached, relative to src/. */
  reached: string[];
  /** Each use of Node.js, after the import chain that reaches it. */
  nodeUses: string[];
}

/**
 * Follows the relative imports of the entries in turn (type-only ones too:
 * their declarations ship with the package) through the TypeScript sources.
 */
function importGraph(entries: string[]): ImportGraph {
  const chains = new Map<string, string[]>();
  const nodeUses: string[] = [];
  for (const entry of entries) {
    if (chains.has(entry)) continue; // reached from an earlier entry, named by its chain
    chains.set(entry, [entry]);
    const queue = [entry];
    for (const file of queue) {
      const chain = chains.get(file)!;
      const source = ts.createSourceFile(file, readFileSync(SRC + file, 'utf8'), ts.ScriptTarget.Latest, true);
      for (const use of nodeUsesIn(source)) nodeUses.push(`${chain.join(' → ')}: ${use}`);
      for (const specifier of moduleSpecifiers(source)) {
        if (!specifier.startsWith('.')) continue;
        const next = posix.join(posix.dirname(file), specifier).replace(/\.js$/, '.ts');
        if (chains.has(next)) continue;
        chains.set(next, [...chain, next]);
        queue.push(next);
      }
    }
  }
  return { reached: [...chains.keys()], nodeUses };
}

function moduleSpecifiers(source: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifiers.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** Imports of Node.js modules, and references (not comments, not property names) to Node's globals. */
function nodeUsesIn(source: ts.SourceFile): string[] {
  const uses = moduleSpecifiers(source)
    .filter((s) => s.startsWith('node:') || NODE_MODULES.has(s))
    .map((s) => `imports ${s}`);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text) && !isMemberName(node)) {
      uses.push(`uses ${node.text} at line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** `x.process`, `{ process: 1 }`, `NodeJS.Process`'s right side: names of members, not the global. */
function isMemberName(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isQualifiedName(parent)) return parent.right === id;
  return (
    (ts.isPropertyAccessExpression(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isBindingElement(parent)) &&
    parent.name === id
  );
}

/** The modules of a folder of src/, tests and their helpers left out. */
function modulesOf(folder: string): string[] {
  return readdirSync(SRC + folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !/\.test(\.helper)?\.ts$/.test(f))
    .map((f) => posix.join(folder, f));
}

test('nothing core.ts reaches, nor any module of model, validation or engine, imports Node.js or uses its globals', () => {
  const graph = importGraph(['core.ts', ...['model', 'validation', 'engine'].flatMap(modulesOf)]);
  assert.deepEqual(graph.nodeUses, []);
  for (const file of ['sources/load-text.ts', 'sources/locator.ts', 'validation/names.ts', 'engine/engine.ts', 'engine/verdict-words.ts', 'analysis/lint/lint.ts']) {
    assert.ok(graph.reached.includes(file), `${file} is reached`);
  }
});

test('the import check finds Node.js where it is, and names the chain', () => {
  const { nodeUses } = importGraph(['sources/load.ts']);
  assert.ok(nodeUses.includes('sources/load.ts → sources/read-inputs.ts: imports node:fs'), nodeUses.join('\n'));
  assert.ok(nodeUses.includes('sources/load.ts → sources/read-inputs.ts → sources/kustomize.ts: imports node:child_process'), nodeUses.join('\n'));
  assert.ok(nodeUses.some((u) => /^sources\/load\.ts → sources\/read-inputs\.ts: uses NodeJS at line \d+$/.test(u)), nodeUses.join('\n'));
});

test('palisade/core is the package with everything but reading files', async () => {
  const core = await import('palisade/core');
  const main = await import('palisade');
  assert.deepEqual(Object.keys(main).filter((name) => !(name in core)), ['loadManifests']);
});

let browserBundle: Promise<string> | undefined;

/** dist/core.js bundled as a web page would bundle it. */
function bundleForBrowsers(): Promise<string> {
  browserBundle ??= build({ entryPoints: [BUILT_CORE], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' }).then(
    (result) => {
      assert.deepEqual(result.warnings.map((w) => w.text), []);
      return result.outputFiles[0]!.text;
    },
    (e: BuildFailure) => assert.fail(`esbuild: ${e.errors.map((m) => `${m.location?.file ?? ''}: ${m.text}`).join('\n')}`),
  );
  return browserBundle;
}

test('core bundles for browsers, with no errors, no warnings and no node: import', async () => {
  const code = await bundleForBrowsers();
  assert.doesNotMatch(code, /["']node:/);
  assert.match(code, /export\s*\{[^}]*\bloadText\b/);
});

const CLUSTER = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: shop, labels: {app: other}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.3}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
status: {podIP: 10.0.0.2}
`;
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: pg}]}]
`;

test('the browser bundle loads, validates, compiles, analyses and words verdicts with only web APIs at hand', async () => {
  const { code } = await transform(await bundleForBrowsers(), { format: 'iife', globalName: 'palisade' });
  // A fresh realm has the language's globals only; add the web APIs every browser has that core uses.
  const page = vm.createContext({ TextEncoder });
  assert.equal(vm.runInContext('[typeof process, typeof Buffer, typeof require, typeof global].join()', page), 'undefined,undefined,undefined,undefined');
  vm.runInContext(code, page);
  Object.assign(page, { open: CLUSTER, guarded: `${CLUSTER}---\n${POLICY}` });
  const answers: unknown = vm.runInContext(
    `(() => {
      const p = palisade;
      const compile = (text) => {
        const manifests = p.loadText(text, 'shop.yaml');
        const report = p.validateManifests(manifests, { kubernetesVersion: p.LATEST_KUBERNETES_VERSION });
        const cluster = p.clusterOf(manifests, report);
        return { valid: report.valid, cluster, engine: p.Engine.compile(cluster) };
      };
      const { valid, cluster, engine } = compile(guarded);
      const pg = [{ protocol: 'TCP', port: 5432 }];
      const verdict = (from, to) => engine.check(engine.resolve(from), engine.resolve(to), pg[0], { reasons: true });
      const allowed = verdict('shop/web', 'shop/db');
      const denied = verdict('shop/other', 'shop/db');
      const endpoints = engine.endpoints();
      const table = p.truthTable(engine, endpoints, pg);
      const diff = p.connectivityDiff(compile(open).engine, engine, pg);
      return JSON.stringify({
        valid,
        allowed: [allowed.allowed, p.sideVerb(allowed.ingress), p.sideReasonText(allowed.ingress), p.ruleRefText(engine, allowed.ingress.allowedBy[0])],
        denied: [denied.allowed, p.sideVerb(denied.ingress), p.sideReasonText(denied.ingress), p.ruleName('shop/db', 'ingress', 0), p.ruleAllowsText(engine, 'shop/db', 'ingress', 0), ...denied.ingress.denials[0].rules[0].reasons],
        table: endpoints.map((from, i) => from.ref + ' → ' + endpoints.map((_, j) => (table.allowed(i, j, 0) ? 1 : 0)).join('')),
        lost: diff.changes.filter((c) => c.change === 'lost' && c.from.label === 'shop/other').map((c) => c.denied.map(p.denyingSideText)),
        lint: p.lint(engine, cluster).findings.map((f) => f.id),
      });
    })()`,
    page,
  );
  assert.deepEqual(JSON.parse(answers as string), {
    valid: true,
    allowed: [true, 'allows', 'isolated by shop/db; allowed by', 'shop/db ingress[0] from[0] (pods with app=web in namespace shop), ports[0] (pg/TCP)'],
    denied: [false, 'denies', 'isolated by shop/db, and no rule allows it', 'shop/db ingress[0]', 'from pods with app=web in namespace shop, on named port pg/TCP',
      'from[0]: pod shop/other has app=other, not app=web (podSelector app=web)',
    ],
    table: ['shop/web → 111', 'shop/other → 110', 'shop/db → 111'],
    lost: [['ingress of shop/db (isolated by shop/db)']],
    lint: ['PAL009'],
  });
});
