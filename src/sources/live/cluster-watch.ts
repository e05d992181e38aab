/**
 * Keeps a copy of a cluster's objects up to date, the way client-go's
 * reflectors do: each resource is listed (in pages), then watched from the
 * list's resourceVersion with bookmarks. A dropped watch resumes from the
 * last resourceVersion seen, after a backoff; a watch or resume that is too
 * old (`410 Gone`) lists the resource again. While any resource has not
 * completed a list since it last lost track, the copy is incomplete and
 * `snapshot()` returns nothing: a consumer never sees a partial view.
 */
import { setTimeout as wait } from 'node:timers/promises';
import type { ApiClient, WatchEvent } from './api-client.js';
import { ApiError } from './api-error.js';
import { collectionPath, discover, type LiveResource } from './discovery.js';
import { listAll, liveObject, metadataOf, type LiveObject, type LiveSnapshot } from './read-cluster.js';

/** One object written or deleted, as a watch event told it. */
export interface ObjectChange {
  op: 'upsert' | 'delete';
  kind: string;
  namespace?: string;
  name: string;
  object: LiveObject;
  /** Whether it is a kind Palisade reads (else another plugin's policy, watched only to warn about it). */
  read: boolean;
}

export interface WatchLog {
  (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

export interface ClusterWatchOptions {
  log: WatchLog;
  pageSize?: number;
  /** The first wait after a failure; it doubles up to `maxBackoffMs`, and resets once a list or watch succeeds. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long the server keeps one watch open before the watch is started again (it asks for bookmarks meanwhile). */
  watchSeconds?: number;
}

/** What the copy went through, for metrics and tests. */
export interface WatchStats {
  /** Watches started again after one ended (timeout, dropped connection). */
  watchRestarts: number;
  /** Lists started again because the server had forgotten the resourceVersion (410). */
  relists: number;
  events: number;
}

export class ClusterWatch {
  private reflectors: Reflector[] = [];
  private listeners = new Set<(change?: ObjectChange) => void>();
  /** Ends every wait and loop on stop(): a waiting timer keeps a process alive (an agent must not exit while its server is away), so it must end. */
  private readonly stopping = new AbortController();
  readonly stats: WatchStats = { watchRestarts: 0, relists: 0, events: 0 };

  constructor(
    private readonly client: ApiClient,
    private readonly opts: ClusterWatchOptions,
  ) {}

  /** Discovers the resources (again after a failure, with backoff) and starts one reflector each; resolves once they run. */
  async start(): Promise<void> {
    const { signal } = this.stopping;
    const backoff = new Backoff(this.opts, signal);
    while (!signal.aborted) {
      try {
        const { resources } = await discover(this.client);
        this.reflectors = resources.map((r) => new Reflector(r, this.client, this.opts, this.stats, (c) => this.listeners.forEach((l) => l(c)), signal));
        this.reflectors.forEach((r) => void r.run());
        return;
      } catch (e) {
        this.opts.log('warn', 'API discovery failed; trying again', { error: (e as Error).message, retryInMs: backoff.ms });
        await backoff.wait();
      }
    }
  }

  /** Whether every resource has been listed since it last lost track: the copy is whole. */
  synced(): boolean {
    return this.reflectors.length > 0 && this.reflectors.every((r) => r.synced);
  }

  /** The whole copy, or undefined while it is incomplete. */
  snapshot(): LiveSnapshot | undefined {
    if (!this.synced()) return undefined;
    const { context, server } = this.client.target;
    const objects: LiveObject[] = this.reflectors.flatMap((r) => [...r.objects.values()]);
    return { context, server, objects, warnings: [], notes: [] };
  }

  /** Objects per kind in the copy. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.reflectors.map((r) => [r.resource.kind, r.objects.size]));
  }

  /**
   * Called after every change to the copy: with the object for a watch
   * event, with nothing when a list replaced a resource's copy whole.
   * Returns a function that stops calling it.
   */
  onChange(listener: (change?: ObjectChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopping.abort();
    this.reflectors.forEach((r) => r.stop());
  }
}

/** One resource's list-then-watch loop and its copy, keyed by namespace/name. */
class Reflector {
  readonly objects = new Map<string, LiveObject>();
  synced = false;
  resourceVersion = '';
  private endWatch: (() => void) | undefined;

  constructor(
    readonly resource: LiveResource,
    private readonly client: ApiClient,
    private readonly opts: ClusterWatchOptions,
    private readonly stats: WatchStats,
    private readonly changed: (change?: ObjectChange) => void,
    private readonly stopping: AbortSignal,
  ) {}

  async run(): Promise<void> {
    const backoff = new Backoff(this.opts, this.stopping);
    while (!this.stopping.aborted) {
      try {
        if (!this.synced) await this.list();
        backoff.reset();
        const outcome = await this.watchOnce();
        if (outcome === 'gone') {
          this.stats.relists++;
          this.synced = false;
          this.opts.log('warn', 'the API server no longer has the resourceVersion watched from: listing again', { resource: this.resource.resource, resourceVersion: this.resourceVersion });
          this.changed();
          continue;
        }
        if (this.stopping.aborted) return;
        this.stats.watchRestarts++;
        if (outcome === 'ended') continue; // a normal end (timeoutSeconds): watch again at once
        throw outcome;
      } catch (e) {
        if (this.stopping.aborted) return;
        this.opts.log('warn', 'list or watch failed; trying again', { resource: this.resource.resource, error: (e as Error).message, retryInMs: backoff.ms });
        await backoff.wait();
      }
    }
  }

  stop(): void {
    this.endWatch?.();
  }

  private async list(): Promise<void> {
    const { items, resourceVersion } = await listAll(this.client, this.resource, this.opts.pageSize ?? 500);
    this.objects.clear();
    for (const value of items) this.put(value);
    this.resourceVersion = resourceVersion;
    this.synced = true;
    this.changed();
  }

  /** One watch from the current resourceVersion: `ended` when the server closed it, `gone` on 410, or the error that ended it. */
  private watchOnce(): Promise<'ended' | 'gone' | Error> {
    return new Promise((resolve) => {
      let result: 'ended' | 'gone' | Error = 'ended';
      const seconds = this.opts.watchSeconds ?? 300;
      // Spread the restarts of all resources, as client-go does, so they do not come at once.
      const timeoutSeconds = Math.round(seconds * (1 + Math.random()));
      const query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds };
      this.client
        .watch(collectionPath(this.resource), query, (e) => {
          if (e.type === 'ERROR') {
            const status = e.object as { code?: number; message?: string };
            result = status.code === 410 ? 'gone' : new ApiError(collectionPath(this.resource), status.code ?? 0, status.message ?? 'watch error');
            this.endWatch?.();
            return;
          }
          this.apply(e);
        }, (err) => resolve(err && result === 'ended' ? (err instanceof ApiError && err.status === 410 ? 'gone' : err) : result))
        .then((end) => (this.endWatch = end), (e: Error) => resolve(e));
    });
  }

  private apply(e: WatchEvent): void {
    const { resourceVersion, namespace, name } = metadataOf(e.object);
    if (resourceVersion) this.resourceVersion = resourceVersion;
    if (e.type === 'BOOKMARK') return;
    this.stats.events++;
    const object = liveObject(e.object, this.resource.kind, this.client.target);
    if (e.type === 'DELETED') this.objects.delete(keyOf(e.object));
    else this.objects.set(keyOf(e.object), object);
    this.changed({
      op: e.type === 'DELETED' ? 'delete' : 'upsert',
      kind: this.resource.kind,
      ...(namespace !== undefined ? { namespace } : {}),
      name: name ?? '',
      object,
      read: this.resource.purpose === 'read',
    });
  }

  private put(value: Record<string, unknown>): void {
    this.objects.set(keyOf(value), liveObject(value, this.resource.kind, this.client.target));
  }
}

function keyOf(value: Record<string, unknown>): string {
  const { namespace, name } = metadataOf(value);
  return `${namespace ?? ''}/${name ?? ''}`;
}

/** The wait after a failure: `backoffMs` at first, doubling up to `maxBackoffMs` until reset; cut short when stopped. */
class Backoff {
  ms: number;

  constructor(
    private readonly opts: Pick<ClusterWatchOptions, 'backoffMs' | 'maxBackoffMs'>,
    private readonly stopping: AbortSignal,
  ) {
    this.ms = this.first();
  }

  async wait(): Promise<void> {
    await wait(this.ms, undefined, { signal: this.stopping }).catch(() => undefined);
    this.ms = Math.min(this.ms * 2, this.opts.maxBackoffMs ?? 30_000);
  }

  reset(): void {
    this.ms = this.first();
  }

  private first(): number {
    return this.opts.backoffMs ?? 500;
  }
}
