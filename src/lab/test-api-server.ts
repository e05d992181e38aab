/**
 * A stand-in for kube-apiserver over plain HTTP, for tests, benchmarks and
 * the lab, where no real one can run. It speaks the wire protocol the
 * Kubernetes API reference documents (discovery, typed lists paginated with
 * limit/continue, watches from a resourceVersion with bookmarks, Status
 * bodies for failures, bearer-token authentication and 403s worded as
 * kube-apiserver words them), so @kubernetes/client-node works against it
 * unchanged. Tests drive its state through plain methods and can break it
 * on purpose: compaction, dropped watches, stalled lists, restarts.
 *
 * ```ts
 * const server = await TestApiServer.start();
 * server.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' } });
 * const kc = new KubeConfig();
 * kc.loadFromString(server.kubeconfig());
 * await kc.makeApiClient(CoreV1Api).listPodForAllNamespaces({ limit: 500 });
 * await server.stop();
 * ```
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiHandler, type Access, type ListStall, type RecordedRequest } from './api-server/handler.js';
import { kubeconfigText, writeKubeconfigFile, type KubeconfigOptions } from './api-server/kubeconfig.js';
import { apiVersionOf, BUILTIN_RESOURCES, KNOWN_CRDS, resourceId, withType, type ResourceDefinition } from './api-server/resources.js';
import { Store, type Item, type Json } from './api-server/store.js';
import type { OpenWatch } from './api-server/watch.js';

export type { Access, RecordedRequest } from './api-server/handler.js';
export type { KubeconfigOptions } from './api-server/kubeconfig.js';
export { BUILTIN_RESOURCES, KNOWN_CRDS, type ResourceDefinition } from './api-server/resources.js';

export interface TestApiServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Bearer token -> user name (`system:serviceaccount:palisade:agent`). */
  tokens?: Readonly<Record<string, string>>;
  /** Requests without a token act as `system:anonymous`. Default: true when no tokens are given. */
  anonymous?: boolean;
  /** Decides every resource read; default: everything is allowed. Discovery and /version are open to every authenticated user, as RBAC's defaults have them. */
  authorize?: (access: Access) => boolean;
  /** CRD-backed resources installed from the start, by id (`cilium.io/v2/ciliumnetworkpolicies`). */
  crds?: readonly string[];
  /** How often a watch that allows bookmarks gets one. Default 1000 ms. */
  bookmarkIntervalMs?: number;
}

/** An object as tests write it: apiVersion, kind and metadata are all the server needs. */
export interface ApiObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [field: string]: unknown };
  [field: string]: unknown;
}

export class TestApiServer {
  /** Every request received, in order, for assertions on what a client asked. */
  readonly requests: RecordedRequest[] = [];
  private readonly store = new Store();
  private readonly crds = new Map<string, ResourceDefinition>();
  private readonly watches = new Set<OpenWatch>();
  private readonly handler: ApiHandler;
  private stall: ListStall | undefined;
  private server: Server | undefined;
  private boundPort: number;

  private constructor(private readonly options: TestApiServerOptions) {
    this.boundPort = options.port ?? 0;
    for (const crd of options.crds ?? []) this.installCrd(crd);
    // The handler asks for what changes while it serves: the CRDs, the stall, the port.
    this.handler = new ApiHandler(
      {
        store: this.store,
        watches: this.watches,
        requests: this.requests,
        startedAt: new Date(),
        address: () => `${this.host}:${this.boundPort}`,
        stall: () => this.stall,
        served: () => this.served(),
      },
      {
        tokens: new Map(Object.entries(options.tokens ?? {})),
        anonymous: options.anonymous ?? options.tokens === undefined,
        ...(options.authorize ? { authorize: options.authorize } : {}),
        bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
      },
    );
  }

  /** A server listening and ready for requests. */
  static async start(options: TestApiServerOptions = {}): Promise<TestApiServer> {
    const server = new TestApiServer(options);
    await server.listen();
    return server;
  }

  get url(): string {
    return `http://${this.host}:${this.boundPort}`;
  }

  /** The current revision, as a resourceVersion: a watch from it sees only later writes. */
  get resourceVersion(): string {
    return String(this.store.revision);
  }

  /** Watches open now. */
  get watchCount(): number {
    return this.watches.size;
  }

  /** A kubeconfig whose current context points at this server. */
  kubeconfig(options: KubeconfigOptions = {}): string {
    return kubeconfigText(this.url, options);
  }

  /** The same kubeconfig written to a temporary file (removed when the process exits); returns its path. */
  writeKubeconfig(options: KubeconfigOptions = {}): string {
    return writeKubeconfigFile(this.kubeconfig(options));
  }

  // ---- state, as tests set it: every write takes the next revision and reaches open watches

  create(object: ApiObject): ApiObject {
    return this.write(object, 'create');
  }

  update(object: ApiObject): ApiObject {
    return this.write(object, 'update');
  }

  upsert(object: ApiObject): ApiObject {
    return this.write(object, 'upsert');
  }

  /** Deletes the object `ref` names; returns its last state, or undefined when it did not exist. */
  delete(ref: ApiObject): ApiObject | undefined {
    const def = this.definitionOf(ref);
    const item = this.store.delete(def, this.store.keyOf(def, ref.metadata));
    return item && this.exported(def, item);
  }

  get(ref: ApiObject): ApiObject | undefined {
    const def = this.definitionOf(ref);
    const item = this.store.get(def, this.store.keyOf(def, ref.metadata));
    return item && this.exported(def, item);
  }

  /** Serves a CRD-backed resource: one of KNOWN_CRDS by id, or a definition of a test's own. */
  installCrd(crd: string | ResourceDefinition): void {
    const def = typeof crd === 'string' ? KNOWN_CRDS.find((known) => resourceId(known) === crd) : { ...crd, crd: true };
    if (!def) throw new Error(`unknown CRD "${String(crd)}": known are ${KNOWN_CRDS.map(resourceId).join(', ')}`);
    this.crds.set(resourceId(def), def);
  }

  /** As deleting a CRD does: its objects are deleted (watchers see DELETED), its watches end, its paths 404. */
  removeCrd(id: string): void {
    const def = this.crds.get(id);
    if (!def) throw new Error(`CRD "${id}" is not installed`);
    for (const key of [...this.store.keys(def)]) this.store.delete(def, key);
    for (const watch of [...this.watches]) if (resourceId(watch.def) === id) watch.end();
    this.crds.delete(id);
  }

  /** Forgets history: watches and continued lists from an older resourceVersion get 410 Gone. */
  compact(): void {
    this.store.compact();
  }

  /** Cuts every open watch connection abruptly, without ending its response. */
  dropWatches(): void {
    for (const watch of [...this.watches]) watch.drop();
  }

  /**
   * Lets `afterPages` more list responses through, then holds every list
   * request unanswered until the returned function is called.
   */
  stallLists(afterPages: number): () => void {
    const stall = { pagesLeft: afterPages, held: [] as (() => void)[] };
    this.stall = stall;
    return () => {
      if (this.stall === stall) this.stall = undefined;
      for (const resume of stall.held.splice(0)) resume();
    };
  }

  /** Closes the listening socket and every connection; the state stays. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Stops if running, then listens again on the same port with the same state; resourceVersions go on counting. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen();
  }

  // ---- HTTP

  private get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => this.handler.handle(req, res));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        server.off('error', reject);
        this.server = server;
        this.boundPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  // ---- helpers

  private served(): ResourceDefinition[] {
    return [...BUILTIN_RESOURCES, ...this.crds.values()];
  }

  private definitionOf(object: Pick<ApiObject, 'apiVersion' | 'kind'>): ResourceDefinition {
    const matches = (def: ResourceDefinition) => apiVersionOf(def) === object.apiVersion && def.kind === object.kind;
    const def = this.served().find(matches);
    if (def) return def;
    const crd = KNOWN_CRDS.find(matches);
    if (crd) throw new Error(`${object.kind} (${object.apiVersion}) is not served: install its CRD first, installCrd('${resourceId(crd)}')`);
    throw new Error(`${object.kind} (${object.apiVersion}) is not a resource this server knows; give installCrd a definition for it`);
  }

  private write(object: ApiObject, mode: 'create' | 'update' | 'upsert'): ApiObject {
    const def = this.definitionOf(object);
    return this.exported(def, this.store.put(def, object as Json, mode));
  }

  /**
   * The stored object with its kind, frozen like everything stored: a
   * caller cannot change the store behind its back, and a write costs no
   * second copy.
   */
  private exported(def: ResourceDefinition, item: Item): ApiObject {
    return Object.freeze(withType(def, item)) as unknown as ApiObject;
  }
}
