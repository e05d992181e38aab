// `npm install`, `npm ci` and `npm pack` run this: build dist/, which holds the
// `palisade` command. Without TypeScript (an install that omits dev
// dependencies, or `npm install -g .` in a clone where `npm install` has not
// run) keep an existing build, or say what to run instead of "tsc: not found".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(import.meta.resolve('../'));
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  if (existsSync(`${root}dist/cli/main.js`)) {
    process.stderr.write('palisade: TypeScript is not installed; keeping the existing build in dist/\n');
    process.exit(0);
  }
  process.stderr.write('palisade: cannot build: TypeScript is not installed here. Run `npm install` in this directory first (it builds palisade), then `npm install -g .` or `npm link`.\n');
  process.exit(1);
}
const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit', cwd: root }).status ?? 1;
if (built !== 0) process.exit(built);
process.exit(spawnSync(process.execPath, [`${root}scripts/bundle.js`], { stdio: 'inherit', cwd: root }).status ?? 1);
