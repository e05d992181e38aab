/** Palisade's table in the kernel, through nft(8): applied, read back, removed. */
import { execFileSync } from 'node:child_process';
import { TABLE } from '../dataplane/ruleset.js';

/** One `nft -f` transaction: the whole table replaced, or nothing changed. */
export function applyScript(script: string): void {
  execFileSync('nft', ['-f', '-'], { input: script, stdio: ['pipe', 'pipe', 'pipe'] });
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
