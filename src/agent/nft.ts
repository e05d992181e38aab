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

/** A named counter of Palisade's table as the kernel holds it. */
export interface KernelCounter {
  name: string;
  /** What it counts, as the ruleset wrote it (see dataplane/counters.ts). */
  comment: string;
  packets: number;
  bytes: number;
}

/**
 * The named counters of Palisade's table, read alone (not the rules): one
 * `nft list counters`; none when there is no table. The text form, as nft
 * lists a counter with its comment and its numbers, is read: nft writes it in
 * about half the time it takes to write JSON for a node's thousand counters.
 */
export function readCounters(command = ['nft']): Promise<KernelCounter[]> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    execFile(file!, [...args, 'list', 'counters', 'table', 'inet', TABLE], { maxBuffer: 256 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error) {
        if (/No such file or directory/.test(stderr)) resolve([]);
        else reject(Object.assign(error, { stderr }));
        return;
      }
      resolve(parseCounters(stdout));
    });
  });
}

/** `counter NAME {`, an optional `comment "..."` line, then `packets N bytes M`. */
export function parseCounters(text: string): KernelCounter[] {
  const counters: KernelCounter[] = [];
  for (const m of text.matchAll(/^\s*counter (\S+) \{\n(?:\s*comment "((?:[^"\\]|\\.)*)"\n)?\s*packets (\d+) bytes (\d+)\n/gm)) {
    counters.push({ name: m[1]!, comment: m[2] ?? '', packets: Number(m[3]), bytes: Number(m[4]) });
  }
  return counters;
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
