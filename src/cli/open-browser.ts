/**
 * `--open`: a URL in the user's browser, by the command PALISADE_BROWSER
 * names (a program name or path, given the URL as its one argument), else by
 * the system's opener. The browser is left running on its own; a missing
 * opener is said on stderr with the URL to open by hand, never a failure.
 */
import { spawn } from 'node:child_process';

export const BROWSER_ENV = 'PALISADE_BROWSER';

export function openBrowser(url: string): void {
  const [command, ...args] = openerCommand(url);
  const child = spawn(command!, args, { detached: true, stdio: 'ignore' });
  child.on('error', (e: NodeJS.ErrnoException) => {
    const why = e.code === 'ENOENT' ? `${command} was not found` : e.message;
    process.stderr.write(`palisade: cannot open a browser: ${why} (set ${BROWSER_ENV} to the browser to use); open ${url}\n`);
  });
  child.unref();
}

function openerCommand(url: string): string[] {
  const chosen = process.env[BROWSER_ENV];
  if (chosen) return [chosen, url];
  if (process.platform === 'darwin') return ['open', url];
  // `start` is built into cmd; its first quoted argument (here "", as an empty one is passed) is a window title.
  if (process.platform === 'win32') return ['cmd', '/c', 'start', '', url];
  return ['xdg-open', url];
}
