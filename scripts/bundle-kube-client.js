// Bundles dist/sources/live/kube-client.js, a re-export of the parts of
// @kubernetes/client-node that Palisade uses, with the library into one file,
// in place (see src/sources/live/kube-client.ts). Run after tsc, by
// `npm run build` and the prepare script. Without esbuild (an install that
// omits dev dependencies) the re-export stays as tsc wrote it.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(import.meta.resolve('../dist/sources/live/kube-client.js'));
if (!existsSync(file)) {
  process.stderr.write(`palisade: ${file} is missing: run tsc first\n`);
  process.exit(1);
}
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('palisade: esbuild is not installed; the Kubernetes client stays unbundled (--cluster starts about a second slower)\n');
  process.exit(0);
}
await esbuild.build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // The library's CommonJS dependencies call require(): give the ES module one.
  banner: { js: "import { createRequire as palisadeRequire } from 'node:module'; const require = palisadeRequire(import.meta.url);" },
});
