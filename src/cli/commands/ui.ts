/**
 * `palisade ui`: the truth table and the verdicts in a browser. The page
 * holds the input, gathered as the other commands gather it (-f, -k,
 * --cluster, -n), and the engine (in a Web Worker), which reads it as they
 * read it; with --base, also the version before, read as `diff` reads a side.
 * Written to a directory with --export, or served to this machine behind a token.
 */
import { Command } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageFile } from '../../package-files.js';
import type { LiveSnapshot } from '../../sources/live/read-cluster.js';
import { readInputs } from '../../sources/read-inputs.js';
import { pageHtml, type PageCode } from '../../ui/page.js';
import type { PageData, PageInput } from '../../ui/protocol.js';
import { newToken, pageServer } from '../../ui/server.js';
import { UsageError } from '../exit-codes.js';
import { hasInput, kubernetesVersionArg, readLive, requireInput, stdinOnce, throwIoErrors, withInputOptions, type InputOptions } from '../inputs.js';
import { BROWSER_ENV, openBrowser } from '../open-browser.js';
import { baseAndHead, pathOption, withSides, type ReadableSide, type SidePlan } from '../sides.js';

interface UiOptions extends InputOptions {
  base?: string;
  head?: string;
  path: string[];
  export?: string;
  port: string;
  host: string;
  open: boolean;
}

export function uiCommand(): Command {
  return withInputOptions(new Command('ui'))
    .description('show the truth table and the verdicts in a browser: serve the page on this machine, or write it as one file with --export')
    .option('--base <path|rev>', 'also hold the version before, for the Diff view: a path, or a git revision of the repository here (e.g. origin/main), read as diff reads it; with --cluster, laid over the live state')
    .option('--head <path|rev>', 'with --base: show this version (a path or git revision) instead of the -f and -k input, which both versions then share, as in diff')
    .addOption(pathOption())
    .option('--export <dir>', 'write DIR/index.html, a page that opens from disk with no server and sends no request anywhere')
    .option('--port <n>', 'the port to serve on (default: a free one)', '0')
    .option('--host <address>', 'the address to serve on; other machines reach it only if you choose one they can', '127.0.0.1')
    .option('--open', `open the page in a browser: the command ${BROWSER_ENV} names, else the system's (xdg-open, open, start)`, false)
    .action(async (opts: UiOptions) => {
      // Checked here, so that a mistake is a usage error and not a page that says so.
      kubernetesVersionArg(opts.kubernetesVersion);
      const code = pageCode();
      const html = pageHtml(await pageData(opts), code);
      if (opts.export !== undefined) {
        mkdirSync(opts.export, { recursive: true });
        const file = join(opts.export, 'index.html');
        writeFileSync(file, html);
        process.stdout.write(`wrote ${file}: open it in a browser\n`);
        if (opts.open) openBrowser(pathToFileURL(resolve(file)).href);
        return;
      }
      const url = await serve(html, opts);
      if (opts.open) openBrowser(url);
    });
}

/**
 * The versions the page holds: the -f and -k input (over the live state with
 * --cluster), what `palisade matrix` reads from the same options; with
 * --base, before it the version before, which does not take the -f and -k
 * input; with --base and --head, the two versions as diff reads them.
 */
function uiPlan(opts: UiOptions): [SidePlan] | [SidePlan, SidePlan] {
  const files = { filename: opts.filename, kustomize: opts.kustomize };
  if (opts.base === undefined) {
    if (opts.head !== undefined) throw new UsageError(`--head ${opts.head}: the page shows --head against the version before: add --base PATH|REV, or show one version with -f PATH`);
    if (opts.path.length > 0) throw new UsageError(`--path ${opts.path.join(' ')}: --path reads paths of a git revision given with --base (or --head); to show files of the working tree, give them with -f`);
    return [files];
  }
  return opts.head === undefined ? [{ spec: opts.base, filename: [], kustomize: [] }, files] : baseAndHead(opts.base, opts.head, files);
}

async function pageData(opts: UiOptions): Promise<PageData> {
  const inputs = await withSides(uiPlan(opts), opts.path, async (sides) => {
    // Both versions see the same live state and the same standard input: each is read once.
    const live = opts.cluster ? await readLive(opts) : undefined;
    const readStdin = stdinOnce();
    return sides.map((side) => pageInput(side, opts, live, readStdin));
  });
  const [first, second] = inputs;
  const versions = second ? { base: first!, head: second } : { head: first! };
  return { ...versions, kubernetesVersion: opts.kubernetesVersion, crdChannel: opts.crdChannel };
}

/** One version, gathered as `loadManifests` gathers it, with its files named as messages name them (`main:k8s/db.yaml`). */
function pageInput(side: ReadableSide, opts: UiOptions, live: LiveSnapshot | undefined, readStdin: () => Buffer): PageInput {
  const inputs = { ...opts, filename: side.filename, kustomize: side.kustomize };
  if (side.spec !== undefined && !hasInput(inputs)) {
    const missing = opts.path.length > 0 ? `none of --path ${opts.path.join(' ')}` : 'no copy of the current directory';
    throw new UsageError(`revision ${side.spec} has ${missing} (paths are relative to the current directory): nothing to read in it; give --path the paths of the manifests in that revision`);
  }
  requireInput(inputs);
  const { files, diagnostics } = readInputs(side.filename, { kustomize: side.kustomize, readStdin });
  throwIoErrors({ diagnostics }, side.display);
  return {
    label: side.label(live?.context),
    files: files.map((f) => ({ ...f, name: side.display(f.name) })),
    diagnostics: diagnostics.map((d) => (d.file === undefined ? d : { ...d, file: side.display(d.file) })),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(live ? { cluster: { context: live.context, server: live.server, objects: live.objects.map((o) => o.value) } } : {}),
  };
}

/** The boot script, the app and the worker as scripts/bundle.js wrote them: each one self-contained file. */
function pageCode(): PageCode {
  const read = (name: string) => {
    const code = readFileSync(packageFile(`dist/ui/${name}.js`), 'utf8');
    // tsc's output imports other modules; only the bundle stands alone in a page.
    if (/^import\s/m.test(code)) throw new UsageError(`dist/ui/${name}.js is not bundled: build with esbuild installed (npm run build)`);
    return code;
  };
  return { boot: read('boot'), app: read('app'), worker: read('worker') };
}

/** Serves the page until Ctrl-C; returns its URL, with the token. */
async function serve(html: string, opts: UiOptions): Promise<string> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${opts.port}" is not a port from 0 to 65535`);
  const token = newToken();
  const server = pageServer(html, token);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new UsageError(`cannot serve on ${opts.host}:${port}: ${e.message}`)));
    server.listen(port, opts.host, resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${host}:${bound}/?token=${token}`;
  // The listening server keeps the process up until Ctrl-C ends it.
  process.stdout.write(`serving ${url}\n(Ctrl-C stops it)\n`);
  return url;
}
