/**
 * `palisade ui`: the truth table and the verdicts in a browser. The page
 * holds the manifests and the engine (in a Web Worker): written to a
 * directory with --export, or served to this machine behind a token.
 */
import { Command } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../../package-files.js';
import { readInputs } from '../../sources/read-inputs.js';
import { pageHtml, type PageCode } from '../../ui/page.js';
import { newToken, pageServer } from '../../ui/server.js';
import { UsageError } from '../exit-codes.js';
import { formatDiagnostic } from '../format/diagnostics.js';
import { collect, kubernetesVersionArg, kubernetesVersionOption } from '../inputs.js';

interface UiOptions {
  filename: string[];
  kubernetesVersion: string;
  export?: string;
  port: string;
  host: string;
}

export function uiCommand(): Command {
  return new Command('ui')
    .description('show the truth table and the verdicts in a browser: serve the page on this machine, or write it as one file with --export')
    .option('-f, --filename <path>', 'manifest file, directory (recursive) or - for stdin; repeatable', collect, [])
    .addOption(kubernetesVersionOption())
    .option('--export <dir>', 'write DIR/index.html, a page that opens from disk with no server and sends no request anywhere')
    .option('--port <n>', 'the port to serve on (default: a free one)', '0')
    .option('--host <address>', 'the address to serve on; other machines reach it only if you choose one they can', '127.0.0.1')
    .action(async (opts: UiOptions) => {
      if (opts.filename.length === 0) throw new UsageError('no input: give manifests with -f PATH (a file or a directory)');
      // Checked here, so that a mistake is a usage error and not a page that says so.
      kubernetesVersionArg(opts.kubernetesVersion);
      const { files, diagnostics } = readInputs(opts.filename);
      const io = diagnostics.filter((d) => d.type === 'IO');
      if (io.length > 0) throw new UsageError(io.map(formatDiagnostic).join('\n'));
      const html = pageHtml({ head: { label: opts.filename.join(' '), files }, kubernetesVersion: opts.kubernetesVersion, crdChannel: 'standard' }, pageCode());
      if (opts.export !== undefined) {
        mkdirSync(opts.export, { recursive: true });
        const file = join(opts.export, 'index.html');
        writeFileSync(file, html);
        process.stdout.write(`wrote ${file}: open it in a browser\n`);
        return;
      }
      await serve(html, opts);
    });
}

/** The app and the worker as scripts/bundle.js wrote them: each one self-contained file. */
function pageCode(): PageCode {
  const read = (name: string) => {
    const code = readFileSync(packageFile(`dist/ui/${name}.js`), 'utf8');
    // tsc's output imports other modules; only the bundle stands alone in a page.
    if (/^import\s/m.test(code)) throw new UsageError(`dist/ui/${name}.js is not bundled: build with esbuild installed (npm run build)`);
    return code;
  };
  return { app: read('app'), worker: read('worker') };
}

async function serve(html: string, opts: UiOptions): Promise<void> {
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
  // The listening server keeps the process up until Ctrl-C ends it.
  process.stdout.write(`serving http://${host}:${bound}/?token=${token}\n(Ctrl-C stops it)\n`);
}
