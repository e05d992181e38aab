/**
 * Reads the state of a live cluster: every resource that discovery found,
 * listed across all namespaces in pages (`limit` / `continue`), the lists'
 * items given their kind as client-go gives it (typed lists name it once),
 * each with an origin that names the object. A list whose continue token
 * expired mid-way is read again from its start, as kubectl does; a list of a
 * kind Palisade reads that fails stops the read (an answer without it would
 * be wrong), one of another plugin's policies becomes a warning.
 */
import { apiOrigin, type ApiOrigin } from '../../model/objects.js';
import { isPlainObject } from '../decode.js';
import { listItem } from '../list-items.js';
import type { ApiClient } from './api-client.js';
import { ApiError } from './api-error.js';
import { collectionPath, discover, type LiveResource } from './discovery.js';

/** An object as the API returned it, and where it came from. */
export interface LiveObject {
  value: Record<string, unknown>;
  origin: ApiOrigin;
}

export interface LiveSnapshot {
  context: string;
  server: string;
  objects: LiveObject[];
  /** Lists that could not be read, so the answer may be wrong (another plugin's policies it cannot see). */
  warnings: string[];
  /** What the reader should know but need not worry about: kinds Palisade reads that the cluster does not serve. */
  notes: string[];
}

export interface ReadOptions {
  /** Items per page (`limit`); 500 as kubectl. */
  pageSize?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** A read that cannot give a right answer: what failed and what would fix it. */
export class LiveReadError extends Error {}

/** How often an expired list is started again before the read gives up. */
const EXPIRED_RETRIES = 3;

export async function readCluster(client: ApiClient, opts: ReadOptions = {}): Promise<LiveSnapshot> {
  const { context, server } = client.target;
  const discovered = await discover(client).catch((e: unknown) => {
    throw failure(e, 'read the API discovery', client);
  });
  const warnings: string[] = [];
  const notes = discovered.absent
    .filter((a) => a.kind === 'ClusterNetworkPolicy')
    .map((a) => `the cluster does not serve ClusterNetworkPolicy (${a.apiVersions.join(', ')}): its CRD is not installed, so no ClusterNetworkPolicy is read`);
  const progress = new Map<string, { done: number; total: number }>();
  const report = (kind: string, done: number, total: number) => {
    progress.set(kind, { done, total });
    const sum = [...progress.values()].reduce((s, p) => ({ done: s.done + p.done, total: s.total + p.total }), { done: 0, total: 0 });
    opts.onProgress?.(`reading cluster ${context}`, sum.done, sum.total);
  };
  const lists = await Promise.all(
    discovered.resources.map(async (r) => {
      try {
        return { resource: r, ...(await listAll(client, r, opts.pageSize ?? 500, (done, total) => report(r.kind, done, total))) };
      } catch (e) {
        if (r.purpose === 'read') throw failure(e, `list ${r.resource}`, client, r);
        warnings.push(`${failure(e, `list ${r.resource}.${groupOf(r.apiVersion)}`, client, r).message}; answers cannot tell whether such ${r.kind} policies narrow connectivity`);
        return undefined;
      }
    }),
  );
  const objects: LiveObject[] = [];
  for (const list of lists) {
    if (!list) continue;
    for (const value of list.items) objects.push(liveObject(value, list.resource.kind, client.target));
  }
  return { context, server, objects, warnings, notes };
}

/** An object the API returned, with an origin that names it and says which cluster and version it was read from. */
export function liveObject(value: Record<string, unknown>, kind: string, from: { context: string; server: string }): LiveObject {
  const metadata = metadataOf(value);
  const origin = apiOrigin(
    { kind, namespace: metadata.namespace, name: metadata.name ?? '<no name>' },
    { context: from.context, server: from.server, ...(metadata.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}) },
  );
  return { value, origin };
}

/** The fields of an object's metadata that say which object and which version it is (none when it has no metadata). */
export function metadataOf(value: Record<string, unknown>): { name?: string; namespace?: string; resourceVersion?: string } {
  return isPlainObject(value['metadata']) ? value['metadata'] : {};
}

/** Every item of a resource, page by page; the list's resourceVersion is that of its first page (the snapshot the pages share). */
export async function listAll(
  client: ApiClient,
  r: LiveResource,
  limit: number,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<{ items: Record<string, unknown>[]; resourceVersion: string }> {
  for (let attempt = 0; ; attempt++) {
    const items: Record<string, unknown>[] = [];
    let resourceVersion = '';
    let token: string | undefined;
    try {
      do {
        const page = await client.get(collectionPath(r), { limit, continue: token });
        const metadata = (page['metadata'] ?? {}) as { resourceVersion?: string; continue?: string; remainingItemCount?: number };
        resourceVersion ||= metadata.resourceVersion ?? '';
        const list = { kind: String(page['kind'] ?? `${r.kind}List`), apiVersion: page['apiVersion'] ?? r.apiVersion, items: Array.isArray(page['items']) ? page['items'] : [] };
        for (const raw of list.items) {
          const item = listItem(list, raw);
          // A typed list's items take its kind; one that names another kind is not what was asked for.
          if (item.ok && isPlainObject(item.object) && item.object['kind'] === r.kind) items.push(item.object);
        }
        token = metadata.continue || undefined;
        progress(items.length, items.length + (metadata.remainingItemCount ?? 0));
      } while (token);
      return { items, resourceVersion };
    } catch (e) {
      // The snapshot the continue token pointed at was compacted away: start the list again.
      if (!(e instanceof ApiError && e.status === 410 && token && attempt < EXPIRED_RETRIES)) throw e;
    }
  }
}

/** What failed, in words a user can act on: the permission to ask for, the credentials to renew, the server to check. */
function failure(e: unknown, doing: string, client: ApiClient, r?: LiveResource): Error {
  const { context, server } = client.target;
  if (!(e instanceof ApiError)) return e as Error;
  const where = `cluster ${context} (${server})`;
  if (e.status === 0) return new LiveReadError(`cannot ${doing} of ${where}: ${e.message}`);
  if (e.status === 401) {
    return new LiveReadError(`${where} refused the credentials of context ${context} (401 Unauthorized: ${e.message}): renew them (a new token, kubectl config set-credentials) and try again`);
  }
  if (e.status === 403 && r) {
    return new LiveReadError(
      `${where} does not let this user list ${r.resource} (API group "${groupOf(r.apiVersion)}"): ${e.message}. Palisade needs get, list and watch on ${r.resource} cluster-wide (the ClusterRole in deploy/ grants exactly what it reads)`,
    );
  }
  return new LiveReadError(`cannot ${doing} of ${where}: ${e.status} ${e.reason ? `${e.reason}: ` : ''}${e.message}`);
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}
