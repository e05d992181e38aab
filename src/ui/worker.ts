/** The page's Web Worker: the PageEngine, answering the page's messages one at a time. */
import { PageEngine } from './page-engine.js';
import type { Reply, Request } from './protocol.js';
import { unpackPageData } from './unpack.js';

// The DOM library types `self` as a window; in a worker it posts to the page.
const scope = self as unknown as { onmessage: (e: { data: Request }) => Promise<void>; postMessage(reply: Reply, transfer?: Transferable[]): void };
const engine = new PageEngine();

scope.onmessage = async ({ data: request }) => {
  try {
    // The page hands over its data as embedded (pack.ts): unpacked here, off the page's thread.
    const start = performance.now();
    const unpacked: Request = request.type === 'load' ? { type: 'load', data: await unpackPageData(request.data) } : request;
    const unpack = Math.round(performance.now() - start);
    const reply = engine.answer(unpacked);
    if (reply.type === 'loaded') reply.timings = { unpack, ...reply.timings };
    // A port's bits move to the page rather than being copied.
    scope.postMessage(reply, reply.type === 'port' ? [reply.words.buffer] : []);
  } catch (e) {
    scope.postMessage({ type: 'error', message: (e as Error).message });
  }
};
