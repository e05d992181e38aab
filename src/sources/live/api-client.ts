/**
 * GET requests and watches against an API server, authenticated as the
 * kubeconfig says. The client library supplies the credentials and TLS (its
 * agent and headers, refreshed per request so exec plugins and expiring
 * tokens keep working) and streams watches; lists are read here as plain
 * JSON, because the library's typed models would copy 50,000 pods into class
 * instances and drop fields it does not know.
 */
import http from 'node:http';
import https from 'node:https';
import { Watch } from './kube-client.js';
import { ApiError } from './api-error.js';
import type { ClusterTarget } from './kube-config.js';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

export class ApiClient {
  constructor(
    readonly target: ClusterTarget,
    /** How long one request may take before it counts as failed. */
    private readonly timeoutMs = 30_000,
  ) {}

  async get(path: string, query: Record<string, string | number | undefined> = {}): Promise<Record<string, unknown>> {
    const url = new URL(this.target.server.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await this.target.config.applyToHTTPSOptions(opts);
    const send = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = send(url, opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(this.unanswered(path, e)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const body = parseJson(text);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300 && body) return resolve(body);
          reject(new ApiError(path, status, statusMessage(body, text, status), typeof body?.['reason'] === 'string' ? body['reason'] : undefined));
        });
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new ApiError(path, 0, `no answer within ${this.timeoutMs / 1000} s`, 'Timeout')));
      req.on('error', (e) => reject(this.unanswered(path, e)));
      req.end();
    });
  }

  /**
   * Streams the events of `path` after `resourceVersion`; `done` is called
   * once when the stream ends, with the error if it failed. Returns a
   * function that ends it.
   */
  async watch(path: string, query: Record<string, string | number | boolean | undefined>, onEvent: (e: WatchEvent) => void, done: (err?: Error) => void): Promise<() => void> {
    const controller = await new Watch(this.target.config).watch(
      path,
      query,
      (type, object) => onEvent({ type: type as WatchEvent['type'], object: object as Record<string, unknown> }),
      (err: unknown) => done(err ? this.watchError(path, err) : undefined),
    );
    return () => controller.abort();
  }

  private unanswered(path: string, e: Error & { code?: string }): ApiError {
    if (e instanceof ApiError) return e;
    return new ApiError(path, 0, `cannot reach the API server at ${this.target.server}: ${e.code ?? ''}${e.code ? ' ' : ''}${e.message}`);
  }

  private watchError(path: string, err: unknown): ApiError {
    const e = err as Error & { statusCode?: number; code?: string; name?: string };
    if (e.name === 'AbortError') return new ApiError(path, 0, 'watch ended', 'Aborted');
    if (typeof e.statusCode === 'number') return new ApiError(path, e.statusCode, e.message);
    return this.unanswered(path, e);
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The message of a Status body (what kubectl prints), else the start of the body, else the HTTP status. */
function statusMessage(body: Record<string, unknown> | undefined, text: string, status: number): string {
  if (typeof body?.['message'] === 'string') return body['message'];
  const start = text.trim().slice(0, 200);
  return `${status} ${http.STATUS_CODES[status] ?? ''}${start ? `: ${start}` : ''}`.trim();
}
