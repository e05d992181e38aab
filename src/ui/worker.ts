/** The page's Web Worker: the PageEngine, answering the page's messages one at a time. */
import { PageEngine } from './page-engine.js';
import type { Reply, Request } from './protocol.js';

// The DOM library types `self` as a window; in a worker it posts to the page.
const scope = self as unknown as { onmessage: (e: { data: Request }) => void; postMessage(reply: Reply, transfer?: Transferable[]): void };
const engine = new PageEngine();

scope.onmessage = ({ data: request }) => {
  try {
    const reply = engine.answer(request);
    // A port's bits move to the page rather than being copied.
    scope.postMessage(reply, reply.type === 'port' ? [reply.words.buffer] : []);
  } catch (e) {
    scope.postMessage({ type: 'error', message: (e as Error).message });
  }
};
