/**
 * The build bundles the commands (scripts/bundle.js): what starts with every
 * command is a few files, not the hundreds of modules tsc writes, and the
 * Kubernetes client and prom-client stay out of it until a command needs
 * them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './run-cli.test.helper.js';

/** The files a module loads before it runs: its static imports, and theirs. */
function loadedAtStart(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const code = readFileSync(file, 'utf8');
    seen.set(file, code);
    // Static imports only (`import ... from "./x.js"`, `import "./x.js"`); `import("./x.js")` loads later.
    for (const m of code.matchAll(/^(?:import|export)\b[^;(]*?["'](\.{1,2}\/[^"']+)["']/gm)) visit(join(dirname(file), m[1]!));
  };
  visit(entry);
  return seen;
}

for (const command of ['main.js', 'kubectl-palisade.js']) {
  test(`dist/cli/${command} is bundled: it loads chunks only, without the Kubernetes client or prom-client`, () => {
    const files = loadedAtStart(join(ROOT, 'dist/cli', command));
    const outside = [...files.keys()].filter((f) => !f.startsWith(join(ROOT, 'dist/cli/chunks/')) && !f.endsWith(`/cli/${command}`));
    assert.deepEqual(outside, [], 'every module it starts with is in a chunk');
    assert.ok(files.size <= 10, `a few files, not one per module: ${files.size}`);
    const code = [...files.values()].join('\n');
    assert.match(code, /^\/\/ dist\/engine\/engine\.js$/m, 'the engine is in the bundle');
    assert.doesNotMatch(code, /^\/\/ node_modules\/@kubernetes\/client-node\//m, 'the Kubernetes client is loaded with --cluster only');
    assert.doesNotMatch(code, /^\/\/ node_modules\/prom-client\//m, 'prom-client is loaded by the agent only');
  });
}
