/**
 * A watch: a chunked HTTP 200 response of JSON lines
 * `{"type": ..., "object": ...}` that stays open, as kube-apiserver streams
 * it. It starts from the current state (no resourceVersion, or "0") or
 * replays the changes after a resourceVersion, then follows live writes.
 */
import type { ServerResponse } from 'node:http';
import { apiVersionOf, resourceId, withType, type ResourceDefinition } from './resources.js';
import { ApiError, badRequest } from './status.js';
import type { Change, ChangeType, Item, Store } from './store.js';

export interface WatchRequest {
  def: ResourceDefinition;
  namespace?: string;
  /** Watching one object (`.../pods/web?watch=true`). */
  name?: string;
  resourceVersion?: string;
  filter?: (item: Item) => boolean;
  bookmarks: boolean;
  bookmarkIntervalMs: number;
  timeoutSeconds?: number;
}

export interface OpenWatch {
  readonly def: ResourceDefinition;
  /** Ends the stream cleanly, as the server does at timeoutSeconds. */
  end(): void;
  /** Cuts the connection without ending the response: what a crashed server or a broken network looks like. */
  drop(): void;
}

/**
 * Starts a watch on `res`; returns it while it stays open (undefined when
 * it ended at once with an ERROR event). Throws ApiError before writing
 * anything for a request it must refuse with a status code.
 */
export function startWatch(res: ServerResponse, store: Store, request: WatchRequest, onClose: (watch: OpenWatch) => void): OpenWatch | undefined {
  const { def, namespace, name, filter } = request;
  const rv = request.resourceVersion;
  const fromRevision = rv === undefined || rv === '' || rv === '0' ? undefined : Number(rv);
  if (fromRevision !== undefined && !(Number.isSafeInteger(fromRevision) && fromRevision > 0)) {
    throw badRequest(`invalid resource version: strconv.ParseUint: parsing "${rv}": invalid syntax`);
  }
  const exactKey = name === undefined ? undefined : namespace === undefined ? name : `${namespace}/${name}`;
  const prefix = namespace === undefined ? '' : `${namespace}/`;
  const inScope = (key: string) => (exactKey === undefined ? key.startsWith(prefix) : key === exactKey);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  // Ended streams stay subscribed until their 'close' event; writing to them would be an error event on `res`.
  const send = (type: ChangeType | 'BOOKMARK' | 'ERROR', object: object) => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
  };

  let replay: readonly Change[] = [];
  if (fromRevision === undefined) {
    for (const key of store.keys(def)) {
      const item = store.get(def, key)!;
      if (inScope(key) && (!filter || filter(item))) send('ADDED', withType(def, item));
    }
  } else {
    try {
      replay = store.changesAfter(def, fromRevision);
    } catch (e) {
      // The real server also answers 200 first, then one ERROR event with the Status, then ends.
      if (!(e instanceof ApiError)) throw e;
      send('ERROR', e.status);
      res.end();
      return undefined;
    }
  }

  const deliver = (change: Change) => {
    if (!inScope(change.key)) return;
    const type = filter ? selectedType(change, filter) : change.type;
    if (type) send(type, withType(def, change.object));
  };
  for (const change of replay) deliver(change);
  const id = resourceId(def);
  const unsubscribe = store.subscribe((changed, change) => {
    if (resourceId(changed) === id) deliver(change);
  });

  const timers: NodeJS.Timeout[] = [];
  if (request.bookmarks) {
    // A bookmark's object is an empty one of the watched kind that holds only the revision reached.
    const bookmark = () => send('BOOKMARK', { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(store.revision) } });
    timers.push(setInterval(bookmark, request.bookmarkIntervalMs));
  }
  if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) {
    timers.push(setTimeout(() => res.end(), request.timeoutSeconds * 1000));
  }

  const watch: OpenWatch = {
    def,
    end: () => res.end(),
    drop: () => res.socket?.destroy(),
  };
  res.on('close', () => {
    unsubscribe();
    for (const timer of timers) clearInterval(timer);
    onClose(watch);
  });
  return watch;
}

/**
 * What a watch with a label selector reports for a change, as the watch
 * cache does: an object entering the selection is ADDED, one leaving it
 * is DELETED, and a change outside it is not reported.
 */
function selectedType(change: Change, filter: (item: Item) => boolean): ChangeType | undefined {
  const before = change.previous !== undefined && filter(change.previous);
  if (change.type === 'DELETED') return before ? 'DELETED' : undefined;
  const after = filter(change.object);
  if (after) return before ? 'MODIFIED' : 'ADDED';
  return before ? 'DELETED' : undefined;
}
