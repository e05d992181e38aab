/** kubectl, for the tests that run it: found on PATH as a user's shell would find it. */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export const KUBECTL = onPath('kubectl');

/** Why the kubectl tests skip, when they do. */
export const NO_KUBECTL = "kubectl is not on PATH (.ci/run installs Debian's kubernetes-client)";

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs kubectl without blocking the event loop (a test may serve its API in
 * this process) and with nothing of the user's: no kubeconfig or cache under
 * their home, no colour.
 */
export function kubectl(args: string[], opts: { cwd: string; home: string; env?: NodeJS.ProcessEnv }): Promise<KubectlRun> {
  return new Promise((resolve) => {
    const env = { PATH: process.env['PATH'], HOME: opts.home, KUBECONFIG: join(opts.home, 'no-kubeconfig'), NO_COLOR: '1', ...opts.env };
    execFile(KUBECTL!, args, { cwd: opts.cwd, env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
