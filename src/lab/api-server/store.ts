/**
 * The test API server's storage: etcd reduced to what clients can observe.
 * One revision counter for every write, objects per resource keyed as etcd
 * keys them (`namespace/name`, or `name` when cluster-scoped, so byte order
 * is namespace then name), and a history of changes since the last
 * compaction, from which watches replay and paginated lists read the state
 * of the revision their first page saw.
 */
import { randomUUID } from 'node:crypto';
import { resourceId, qualifiedResource, type ResourceDefinition } from './resources.js';
import { badRequest, expired, INCONSISTENT_CONTINUE } from './status.js';

export type Json = Record<string, unknown>;

/** A stored object: its API form without kind and apiVersion, which typed lists leave out of their items. */
export interface Item extends Json {
  metadata: Json & { name: string; namespace?: string; resourceVersion: string };
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  revision: number;
  key: string;
  /** The new state; for DELETED the last state, stamped with the deletion's revision (as etcd watch events are). */
  object: Item;
  /** The state before this change, undefined when the key did not exist. */
  previous: Item | undefined;
}

export interface ListOptions {
  /** Only this namespace; every namespace when undefined. */
  namespace?: string;
  /** Page size; 0 or undefined for everything. */
  limit?: number;
  continueToken?: string;
  /** Keeps only matching items (a label selector); pages then report no remainingItemCount, as the real server. */
  filter?: (item: Item) => boolean;
}

export interface ListPage {
  items: Item[];
  revision: number;
  continueToken?: string;
  remainingItemCount?: number;
}

class Collection {
  readonly objects = new Map<string, Item>();
  /** Changes in revision order, since the last compaction. */
  readonly history: Change[] = [];
  /**
   * Keys in byte order as of the last keys() call, and the keys added and
   * removed since: keys() merges them in one pass, so writes between the
   * pages of a long list cost a merge, not a sort of every key.
   */
  private sorted: string[] = [];
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();

  keys(): string[] {
    if (this.added.size === 0 && this.removed.size === 0) return this.sorted;
    const added = [...this.added].sort();
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    while (i < this.sorted.length || j < added.length) {
      if (j === added.length || (i < this.sorted.length && this.sorted[i]! < added[j]!)) {
        const key = this.sorted[i++]!;
        if (!this.removed.has(key)) merged.push(key);
      } else merged.push(added[j++]!);
    }
    this.added.clear();
    this.removed.clear();
    return (this.sorted = merged);
  }

  set(key: string, item: Item): void {
    if (!this.objects.has(key)) {
      // A key removed since the last merge is still in `sorted`: it only needs to stay.
      if (!this.removed.delete(key)) this.added.add(key);
    }
    this.objects.set(key, item);
  }

  remove(key: string): void {
    this.objects.delete(key);
    if (!this.added.delete(key)) this.removed.add(key);
  }

  /** Index of the first change after `revision`. */
  firstChangeAfter(revision: number): number {
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid]!.revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Index of the first element >= key in a sorted array. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The etcd3 store's token shape; the start key is relative to the list's prefix and inclusive (last key + NUL). */
interface ContinueToken {
  v: 'meta.k8s.io/v1';
  /** The revision the list reads; -1 for "the latest", as offered after a compaction. */
  rv: number;
  start: string;
}

function encodeContinue(rv: number, start: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  const invalid = (why: string) => badRequest(`invalid continue token: continue key is not valid${why}`);
  let token: Partial<ContinueToken>;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken>;
  } catch (e) {
    throw invalid(`: ${(e as Error).message}`);
  }
  if (token?.v !== 'meta.k8s.io/v1') throw invalid(': server does not recognize this encoded version');
  if (!Number.isInteger(token.rv) || token.rv === 0) throw invalid(': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof token.start !== 'string' || token.start === '') throw invalid(': encoded start key empty (version meta.k8s.io/v1)');
  return token as ContinueToken;
}

/** RFC 3339 in whole seconds, as metav1.Time serialises; formatted once a second, not once a write. */
let lastSecond = -1;
let lastTimestamp = '';
function timestamp(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastTimestamp = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastTimestamp;
}

/** Freezes a stored object all through: it is shared by the store, its history, watches and callers. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export class Store {
  /** etcd's revision of an empty store is 1; each write adds one. */
  private currentRevision = 1;
  /** History older than this revision is forgotten: reads and watches from before it get 410. */
  private compactedRevision = 1;
  private readonly collections = new Map<string, Collection>();
  private readonly listeners = new Set<(def: ResourceDefinition, change: Change) => void>();

  get revision(): number {
    return this.currentRevision;
  }

  get compacted(): number {
    return this.compactedRevision;
  }

  /** Calls `listener` synchronously after every write; returns the unsubscribe function. */
  subscribe(listener: (def: ResourceDefinition, change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The key of an object of `def`, with a clear error for a test that forgot its name or namespace. */
  keyOf(def: ResourceDefinition, metadata: Json | undefined): string {
    const name = metadata?.['name'];
    const namespace = metadata?.['namespace'];
    if (typeof name !== 'string' || name === '') throw new Error(`a ${def.kind} needs metadata.name`);
    if (!def.namespaced) return name;
    if (typeof namespace !== 'string' || namespace === '') throw new Error(`${def.kind} "${name}" needs metadata.namespace: ${def.resource} are namespaced`);
    return `${namespace}/${name}`;
  }

  get(def: ResourceDefinition, key: string): Item | undefined {
    return this.collection(def).objects.get(key);
  }

  /** Creates, or replaces when `mode` allows; returns the stored item. */
  put(def: ResourceDefinition, input: Json, mode: 'create' | 'update' | 'upsert'): Item {
    const key = this.keyOf(def, input['metadata'] as Json | undefined);
    const collection = this.collection(def);
    const previous = collection.objects.get(key);
    if (previous && mode === 'create') throw new Error(`${qualifiedResource(def)} "${previous.metadata.name}" already exists`);
    if (!previous && mode === 'update') throw new Error(`${qualifiedResource(def)} "${String((input['metadata'] as Json)['name'])}" not found`);
    const revision = ++this.currentRevision;
    const identity = previous
      ? { uid: previous.metadata['uid'], creationTimestamp: previous.metadata['creationTimestamp'] }
      : { uid: randomUUID(), creationTimestamp: timestamp() };
    const item = stamp(def, input, revision, identity);
    collection.set(key, item);
    this.record(def, collection, { type: previous ? 'MODIFIED' : 'ADDED', revision, key, object: item, previous });
    return item;
  }

  /** Deletes; returns the last state, or undefined when there was nothing to delete. */
  delete(def: ResourceDefinition, key: string): Item | undefined {
    const collection = this.collection(def);
    const previous = collection.objects.get(key);
    if (!previous) return undefined;
    const revision = ++this.currentRevision;
    collection.remove(key);
    const tombstone = deepFreeze({ ...previous, metadata: { ...previous.metadata, resourceVersion: String(revision) } });
    this.record(def, collection, { type: 'DELETED', revision, key, object: tombstone, previous });
    return previous;
  }

  /** Every key of `def`, in order. */
  keys(def: ResourceDefinition): readonly string[] {
    return this.collection(def).keys();
  }

  /**
   * One page of a list. A first page reads the latest revision; a continued
   * one reads the revision its token names, so all pages of one list show
   * one consistent state even while writes go on (as etcd's MVCC reads do).
   */
  list(def: ResourceDefinition, options: ListOptions): ListPage {
    const prefix = options.namespace === undefined ? '' : `${options.namespace}/`;
    let revision = this.currentRevision;
    let start = prefix;
    if (options.continueToken !== undefined) {
      const token = decodeContinue(options.continueToken);
      if (token.rv !== -1) {
        if (token.rv < this.compactedRevision) throw expired(INCONSISTENT_CONTINUE, encodeContinue(-1, token.start));
        revision = token.rv;
      }
      start = prefix + token.start;
    }
    // Keys are DNS names: none reaches U+FFFF, so it bounds the prefix's range.
    const end = prefix === '' ? undefined : `${prefix}\uffff`;
    const collection = this.collection(def);
    const { atRevision, extra } = this.changedSince(collection, revision);
    const keys = collection.keys();
    let i = lowerBound(keys, start);
    const iEnd = end === undefined ? keys.length : lowerBound(keys, end);
    let j = lowerBound(extra, start);
    const jEnd = end === undefined ? extra.length : lowerBound(extra, end);

    // Merges the keys unchanged since `revision` with those changed after it that existed then.
    const next = (): [string, Item] | undefined => {
      while (i < iEnd && atRevision.has(keys[i]!)) i++;
      const a = i < iEnd ? keys[i]! : undefined;
      const b = j < jEnd ? extra[j]! : undefined;
      if (a === undefined && b === undefined) return undefined;
      if (b === undefined || (a !== undefined && a < b)) {
        i++;
        return [a!, collection.objects.get(a!)!];
      }
      j++;
      return [b, atRevision.get(b)!];
    };

    const limit = options.limit ?? 0;
    const items: Item[] = [];
    let last: string | undefined;
    for (let entry = next(); entry; entry = limit > 0 && items.length >= limit ? undefined : next()) {
      last = entry[0];
      if (!options.filter || options.filter(entry[1])) items.push(entry[1]);
    }
    while (i < iEnd && atRevision.has(keys[i]!)) i++;
    const hasMore = i < iEnd || j < jEnd;
    if (!hasMore || last === undefined) return { items, revision };
    const page: ListPage = { items, revision, continueToken: encodeContinue(revision, `${last.slice(prefix.length)}\0`) };
    if (!options.filter) {
      // Current keys after the last one, less those changed since (they count through `extra` if they existed then).
      let changedAhead = 0;
      for (const key of atRevision.keys()) if (key > last && (end === undefined || key < end) && collection.objects.has(key)) changedAhead++;
      page.remainingItemCount = iEnd - lowerBound(keys, `${last}\0`) - changedAhead + (jEnd - j);
    }
    return page;
  }

  /** The changes to `def` after `revision`, for a watch to replay; 410 when compaction forgot some. */
  changesAfter(def: ResourceDefinition, revision: number): readonly Change[] {
    if (revision < this.compactedRevision) throw expired(`too old resource version: ${revision} (${this.compactedRevision})`);
    const collection = this.collection(def);
    return collection.history.slice(collection.firstChangeAfter(revision));
  }

  /** Forgets all history, as etcd compaction does: older revisions can no longer be read or watched from. */
  compact(): void {
    for (const collection of this.collections.values()) collection.history.length = 0;
    this.compactedRevision = this.currentRevision;
  }

  private collection(def: ResourceDefinition): Collection {
    const id = resourceId(def);
    let collection = this.collections.get(id);
    if (!collection) this.collections.set(id, (collection = new Collection()));
    return collection;
  }

  private record(def: ResourceDefinition, collection: Collection, change: Change): void {
    collection.history.push(change);
    for (const listener of this.listeners) listener(def, change);
  }

  /**
   * The keys changed after `revision`, with their state at `revision`
   * (undefined: absent then), and the sorted keys among them that existed
   * then. Costs the number of changes since, not the collection's size.
   */
  private changedSince(collection: Collection, revision: number): { atRevision: Map<string, Item | undefined>; extra: string[] } {
    const atRevision = new Map<string, Item | undefined>();
    if (revision >= this.currentRevision) return { atRevision, extra: [] };
    for (let k = collection.firstChangeAfter(revision); k < collection.history.length; k++) {
      const change = collection.history[k]!;
      if (!atRevision.has(change.key)) atRevision.set(change.key, change.previous);
    }
    const extra = [...atRevision].filter(([, item]) => item !== undefined).map(([key]) => key).sort();
    return { atRevision, extra };
  }
}

/**
 * The stored form of a written object: a JSON copy (what the wire would
 * carry) without kind and apiVersion, the server's metadata set (uid and
 * creationTimestamp kept across updates), metadata fields in ObjectMeta's
 * order, and namespaces labelled with their name as kube-apiserver does.
 * Fields are copied rather than deleted, which would slow every later
 * JSON.stringify of the object.
 */
function stamp(def: ResourceDefinition, input: Json, revision: number, identity: { uid: unknown; creationTimestamp: unknown }): Item {
  const copy = JSON.parse(JSON.stringify(input)) as Json;
  const metadata = (copy['metadata'] ?? {}) as Json;
  const name = metadata['name'] as string;
  const others: Json = {};
  for (const [field, value] of Object.entries(metadata)) {
    if (!['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp'].includes(field)) others[field] = value;
  }
  if (def.group === '' && def.resource === 'namespaces') {
    others['labels'] = { ...(others['labels'] as Json | undefined), 'kubernetes.io/metadata.name': name };
  }
  const item: Item = {
    metadata: {
      name,
      ...(def.namespaced ? { namespace: metadata['namespace'] as string } : {}),
      uid: identity.uid,
      resourceVersion: String(revision),
      creationTimestamp: identity.creationTimestamp,
      ...others,
    },
  };
  for (const [field, value] of Object.entries(copy)) if (field !== 'kind' && field !== 'apiVersion' && field !== 'metadata') item[field] = value;
  return deepFreeze(item);
}
