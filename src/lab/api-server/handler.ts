/**
 * The HTTP side of the test API server: authentication, authorization,
 * discovery, lists, gets and watches, answered as kube-apiserver answers
 * them. Requests pass the filters in kube-apiserver's order: authenticate
 * (401), authorize the attributes read from the path (403), then route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiGroup, apiGroupList, apiGroups, apiResourceList, apiVersions, isBuiltinGroupVersion, versionInfo } from './discovery.js';
import { parseLabelSelector } from './label-selector.js';
import { isTrue, resourceRequest, type ReadVerb, type ResourceRequest } from './request-info.js';
import { apiVersionOf, withType, type ResourceDefinition } from './resources.js';
import { ApiError, badRequest, forbidden, methodNotAllowed, methodNotSupported, noRoute, notFound, unauthorized } from './status.js';
import type { Item, Store } from './store.js';
import { startWatch, type OpenWatch } from './watch.js';

/** What the authorizer is asked: kube-apiserver's request attributes for a read. */
export interface Access {
  user: string;
  verb: ReadVerb;
  /** '' for the core group. */
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** Lists answered before the stall, and the requests held since. */
export interface ListStall {
  pagesLeft: number;
  held: (() => void)[];
}

/** What the handler reads and updates of the server it serves for. */
export interface ServerState {
  readonly store: Store;
  readonly watches: Set<OpenWatch>;
  readonly requests: RecordedRequest[];
  readonly startedAt: Date;
  /** `host:port`, as discovery advertises it. */
  address(): string;
  stall(): ListStall | undefined;
  served(): ResourceDefinition[];
}

export interface HandlerOptions {
  tokens: ReadonlyMap<string, string>;
  anonymous: boolean;
  authorize?: (access: Access) => boolean;
  bookmarkIntervalMs: number;
}

export class ApiHandler {
  constructor(
    private readonly state: ServerState,
    private readonly options: HandlerOptions,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    this.state.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams) });
    answering(res, () => {
      const user = this.authenticate(req);
      const parts = url.pathname.split('/').filter((part) => part !== '');
      const request = resourceRequest(parts, url.searchParams);
      if (request) this.serveResource(method, request, user, url.searchParams, res);
      else this.serveDiscovery(method, parts, res);
    });
  }

  private authenticate(req: IncomingMessage): string {
    const header = req.headers.authorization;
    if (header === undefined) {
      if (this.options.anonymous) return 'system:anonymous';
      throw unauthorized();
    }
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const user = token === undefined ? undefined : this.options.tokens.get(token);
    if (user === undefined) throw unauthorized();
    return user;
  }

  private serveDiscovery(method: string, parts: string[], res: ServerResponse): void {
    const [root, group, version] = parts;
    const served = this.state.served();
    const groups = apiGroups(served);
    const found = groups.find((g) => g.name === group);
    let body: object;
    if (root === 'version' && parts.length === 1) body = versionInfo(this.state.startedAt);
    else if (root === 'api' && parts.length === 1) body = apiVersions(this.state.address());
    else if (root === 'api' && parts.length === 2 && group === 'v1') body = apiResourceList('', 'v1', served);
    else if (root === 'api') throw noRoute();
    else if (root === 'apis' && parts.length === 1) body = apiGroupList(groups);
    else if (root === 'apis' && found && parts.length === 2) body = apiGroup(found);
    else if (root === 'apis' && found && parts.length === 3 && found.versions.includes(version!)) body = apiResourceList(group!, version!, served);
    else return pageNotFound(res);
    if (method !== 'GET') throw methodNotAllowed();
    sendJson(res, 200, body);
  }

  private serveResource(method: string, request: ResourceRequest, user: string, query: URLSearchParams, res: ServerResponse): void {
    const { group, version, resource, namespace, name, verb } = request;
    if (method === 'GET') {
      const access: Access = { user, verb, group, resource, ...(namespace === undefined ? {} : { namespace }), ...(name === undefined ? {} : { name }) };
      if (!(this.options.authorize?.(access) ?? true)) throw forbidden(user, verb, request, namespace, name);
    }
    const def = this.state.served().find((d) => d.group === group && d.version === version && d.resource === resource);
    const scopeFits = def && (def.namespaced || !request.inNamespacePath) && (name === undefined || !def.namespaced || request.inNamespacePath);
    if (!def || !scopeFits || request.rest.length > 0) {
      // kube-apiserver's own group versions answer unknown paths with a Status; elsewhere (a group no CRD serves) the chain ends in a plain-text 404.
      if (isBuiltinGroupVersion(group, version)) throw noRoute();
      return pageNotFound(res);
    }
    if (method !== 'GET') throw methodNotSupported(def, writeAction(method, name));
    const ns = request.inNamespacePath ? namespace : undefined;
    const selector = query.get('labelSelector');
    const labels = selector === null ? undefined : parseLabelSelector(selector);
    const filter = labels && ((item: Item) => labels(item.metadata['labels'] as Record<string, string> | undefined));

    if (verb === 'watch') {
      const timeout = query.get('timeoutSeconds');
      const watch = startWatch(
        res,
        this.state.store,
        {
          def,
          ...(ns === undefined ? {} : { namespace: ns }),
          ...(name === undefined ? {} : { name }),
          ...(query.has('resourceVersion') ? { resourceVersion: query.get('resourceVersion')! } : {}),
          ...(filter ? { filter } : {}),
          bookmarks: isTrue(query.get('allowWatchBookmarks')),
          bookmarkIntervalMs: this.options.bookmarkIntervalMs,
          ...(timeout === null ? {} : { timeoutSeconds: Number(timeout) }),
        },
        (closed) => this.state.watches.delete(closed),
      );
      if (watch) this.state.watches.add(watch);
      return;
    }
    if (verb === 'get') {
      const item = this.state.store.get(def, ns === undefined ? name! : `${ns}/${name!}`);
      if (!item) throw notFound(def, name!);
      return sendJson(res, 200, withType(def, item));
    }
    this.serveList(def, ns, query, filter, res);
  }

  private serveList(def: ResourceDefinition, namespace: string | undefined, query: URLSearchParams, filter: ((item: Item) => boolean) | undefined, res: ServerResponse): void {
    const limitText = query.get('limit');
    const limit = limitText === null ? undefined : Number(limitText);
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) throw badRequest(`invalid limit: ${limitText}`);
    const continueToken = query.get('continue') || undefined;
    const respond = () =>
      answering(res, () => {
        const page = this.state.store.list(def, { namespace, limit, continueToken, filter });
        sendJson(res, 200, {
          kind: `${def.kind}List`,
          apiVersion: apiVersionOf(def),
          metadata: {
            resourceVersion: String(page.revision),
            ...(page.continueToken === undefined ? {} : { continue: page.continueToken }),
            ...(page.remainingItemCount === undefined ? {} : { remainingItemCount: page.remainingItemCount }),
          },
          // Typed lists leave kind and apiVersion out of their items; unstructured (custom resource) lists keep them.
          items: def.crd ? page.items.map((item) => withType(def, item)) : page.items,
        });
      });
    const stall = this.state.stall();
    if (stall && stall.pagesLeft <= 0) {
      let gone = false;
      res.on('close', () => (gone = true));
      stall.held.push(() => gone || respond());
      return;
    }
    if (stall) stall.pagesLeft--;
    respond();
  }
}

/** Runs `serve`, answering an ApiError with its Status and anything else as the 500 kube-apiserver sends for a panic. */
function answering(res: ServerResponse, serve: () => void): void {
  try {
    serve();
  } catch (e) {
    const status = e instanceof ApiError ? e.status : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Internal error occurred: ${String(e)}`, reason: 'InternalError', code: 500 };
    if (!res.headersSent) sendJson(res, status.code, status);
  }
}

/** NewMethodNotSupported's action for a write this server does not implement. */
function writeAction(method: string, name: string | undefined): string {
  if (method === 'POST') return 'create';
  if (method === 'PUT') return 'update';
  if (method === 'PATCH') return 'patch';
  if (method === 'DELETE') return name === undefined ? 'deletecollection' : 'delete';
  return method.toLowerCase();
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Go's http.NotFound, which ends kube-apiserver's handler chain for paths no API group serves (an absent CRD's among them). */
function pageNotFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end('404 page not found\n');
}
