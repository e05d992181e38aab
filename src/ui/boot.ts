/// <reference lib="dom" />
/**
 * The page's first script, a small one: it starts the engine's worker on the
 * embedded data before the browser has compiled the app's (which holds the
 * graph and editor libraries), so the two happen at once.
 */
import { BOOT, startEngine, type Boot } from './engine-client.js';
import { DATA_ID, WORKER_ID } from './page-ids.js';

const ask = startEngine(JSON.parse(document.getElementById(WORKER_ID)!.textContent!) as string);
// Handed to the worker as embedded (pack.ts): the worker unpacks it.
const loading = ask({ type: 'load', data: document.getElementById(DATA_ID)!.textContent! });
Object.assign(window, { [BOOT]: { ask, loading, started: performance.now() } satisfies Boot });
