/**
 * The two sides of a diff: each a path on disk, or a git revision of the
 * repository around the current directory, read as it was at that revision.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Side {
  /** As given: `main`, `./k8s`. */
  label: string;
  paths: string[];
  /** How to show a file of this side: `main:k8s/db.yaml` for a revision. */
  display(file: string): string;
  /** Removes what reading a revision extracted. */
  cleanup(): void;
}

export class SideError extends Error {}

/**
 * A path when one exists by that name; otherwise a git revision, whose tree is
 * extracted (git archive) to a temporary folder and read at the same place
 * relative to the repository root as the current directory is, or at the
 * paths `within` (relative to the current directory) when given.
 */
export function resolveSide(spec: string, within: string[] = [], cwd = process.cwd()): Side {
  if (existsSync(spec)) return { label: spec, paths: [spec], display: (f) => f, cleanup: () => undefined };
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let prefix: string;
  let top: string;
  try {
    git('rev-parse', '--verify', '--quiet', `${spec}^{commit}`);
    prefix = git('rev-parse', '--show-prefix');
    top = git('rev-parse', '--show-toplevel');
  } catch {
    throw new SideError(`"${spec}" is neither a path nor a git revision of the repository at ${cwd}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'palisade-rev-'));
  try {
    // From the top: in a subdirectory, git archive would take only that subdirectory.
    const tar = execFileSync('git', ['archive', '--format=tar', spec], { cwd: top, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new SideError(`cannot read revision "${spec}": ${(e as Error).message}`);
  }
  const paths = (within.length ? within : ['.']).map((p) => join(dir, prefix, p)).filter((p) => existsSync(p));
  return {
    label: spec,
    paths,
    display: (f) => (f.startsWith(dir) ? `${spec}:${f.slice(dir.length + 1)}` : f),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
