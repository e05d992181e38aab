// Bundles what tsc wrote into fewer, larger files, in place; run after tsc by
// `npm run build` and the prepare script. Node takes a while to find, read
// and link hundreds of ES modules: on the 2-core build machine the command
// starts in 0.19 s bundled against 0.33 s unbundled, and the Kubernetes
// client (~970 modules of @kubernetes/client-node) in a tenth of a second
// against one.
//
// - The commands, dist/cli/main.js and dist/cli/kubectl-palisade.js, with
//   everything they import; what they load only when needed (the Kubernetes
//   client, prom-client) in chunks of their own, in dist/cli/chunks/.
// - dist/sources/live/kube-client.js, the parts of the client Palisade uses
//   (src/sources/live/kube-client.ts), with the library: for the modules of
//   dist/ as the tests and the library's users import them.
// - dist/ui/boot.js, dist/ui/app.js and dist/ui/worker.js, for the browser: the page
//   `palisade ui` writes holds them inline.
//
// Without esbuild (an install that omits dev dependencies) everything stays
// as tsc wrote it: it works the same, only slower to start, but for
// `palisade ui`, which says it needs the bundles.
import { existsSync, rmSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(import.meta.resolve('../dist/'));
const kubeClient = `${dist}sources/live/kube-client.js`;
const commands = [`${dist}cli/main.js`, `${dist}cli/kubectl-palisade.js`];
for (const file of [kubeClient, ...commands, `${dist}ui/boot.js`, `${dist}ui/app.js`, `${dist}ui/worker.js`]) {
  if (!existsSync(file)) {
    process.stderr.write(`palisade: ${file} is missing: run tsc first\n`);
    process.exit(1);
  }
}
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('palisade: esbuild is not installed; the commands stay unbundled (they start slower, --cluster about a second slower) and palisade ui cannot write its page\n');
  process.exit(0);
}
const common = {
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's CommonJS build loads its parts with a require() esbuild cannot follow: take its ES modules.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  // The libraries' CommonJS modules call require(): give the ES module one.
  banner: { js: "import { createRequire as palisadeRequire } from 'node:module'; const require = palisadeRequire(import.meta.url);" },
};
// The commands first, while kube-client.js is still the re-export tsc wrote: their bundle takes the library from its own modules.
rmSync(`${dist}cli/chunks`, { recursive: true, force: true });
await esbuild.build({ ...common, entryPoints: commands, outdir: `${dist}cli`, splitting: true, chunkNames: 'chunks/[name]-[hash]', sourcemap: 'linked' });
await esbuild.build({ ...common, entryPoints: [kubeClient], outfile: kubeClient });
// The UI's boot script, page app and worker, each one classic script for the browser (libraries' browser builds: picocolors' writes no colour): `palisade ui` inlines them into the page.
const ui = [`${dist}ui/boot.js`, `${dist}ui/app.js`, `${dist}ui/worker.js`];
await esbuild.build({ ...common, entryPoints: ui, outdir: `${dist}ui`, platform: 'browser', mainFields: ['browser', 'module', 'main'], format: 'iife', target: 'es2022', banner: {}, minify: true });
