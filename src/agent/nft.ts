/** Palisade's table in the kernel, through nft(8): applied, read back, removed. */
import { execFile, execFileSync } from 'node:child_process';
import { TABLE } from '../dataplane/ruleset.js';

/** One `nft -f` transaction: all of the script applied, or nothing changed. Rejects with nft's stderr. `command` runs nft (tests run it in a network namespace). */
export function applyScript(script: string, command = ['nft']): Promise<void> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    const nft = execFile(file!, [...args, '-f', '-'], (error, _stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve()));
    // A failure to write (nft missing, or gone) is reported by the callback.
    nft.stdin!.on('error', () => undefined).end(script);
  });
}

export function tableExists(): boolean {
  try {
    execFileSync('nft', ['list', 'table', 'inet', TABLE], { stdio: ['ignore', 'pipe', 'pipe'] });
    return true;
  } catch {
    return false;
  }
}

export function deleteTable(): boolean {
  if (!tableExists()) return false;
  execFileSync('nft', ['delete', 'table', 'inet', TABLE], { stdio: ['ignore', 'pipe', 'pipe'] });
  return true;
}
