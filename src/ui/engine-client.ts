/// <reference lib="dom" />
/**
 * The page's side of the worker: the engine's code is inlined in the page
 * (file:// pages cannot load worker files) and started from a blob.
 */
import type { Reply, Request } from './protocol.js';

export type Ask = (request: Request) => Promise<Reply>;

/** What the page's first script (boot.ts) leaves on window for the app: the engine, its answer to the load, and when it started. */
export interface Boot {
  ask: Ask;
  loading: Promise<Reply>;
  started: number;
}
export const BOOT = 'palisadeBoot';

export function startEngine(code: string): Ask {
  const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  // One question at a time: each reply answers the oldest request still open.
  const waiting: ((reply: Reply) => void)[] = [];
  worker.onmessage = (e: MessageEvent<Reply>) => waiting.shift()?.(e.data);
  return (request) =>
    new Promise((resolve) => {
      waiting.push(resolve);
      worker.postMessage(request);
    });
}
