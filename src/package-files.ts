/**
 * Files of the installed package, found from its root (the directory holding
 * package.json) rather than from the module asking: the build bundles the
 * commands into dist/cli/ (scripts/bundle.js), where a path relative to the
 * module that was written elsewhere would point astray.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

const ROOT = packageRoot();

/** A file of the package, e.g. `dist/lab/probe-agent.js`. */
export function packageFile(path: string): string {
  return join(ROOT, path);
}

export const PACKAGE_VERSION = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
