/** Reading a port view's bits (written by port-view.ts): whether pods of group `from` may connect to (other) pods of group `to`. */
import type { PortView } from './protocol.js';

export function groupReaches(view: Pick<PortView, 'words' | 'wordsPerRow'>, from: number, to: number): boolean {
  return ((view.words[from * view.wordsPerRow + (to >>> 5)]! >>> (to & 31)) & 1) === 1;
}
