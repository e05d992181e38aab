/// <reference lib="dom" />
/** The inspector: the worker's answer about a pair or an endpoint, in the CLI's words. */
import { byId } from '../dom.js';
import type { Ask } from '../engine-client.js';
import type { Request } from '../protocol.js';

export type Inspect = (request: Request) => Promise<void>;

export function inspector(ask: Ask): Inspect {
  const pane = byId('inspector');
  return async (request) => {
    pane.textContent = '…';
    const reply = await ask(request);
    pane.textContent = reply.type === 'text' ? reply.text : reply.type === 'error' ? `error: ${reply.message}` : '';
  };
}
