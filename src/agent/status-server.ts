/**
 * The agent's HTTP endpoints, for the kubelet's probes and for Prometheus:
 * `/healthz` (the process answers), `/readyz` (a ruleset computed from a
 * complete view of the cluster is enforced) and `/metrics`.
 */
import http from 'node:http';
import type { AgentMetrics } from './metrics.js';

export interface StatusServer {
  /** The address it listens on, as `host:port` (the port chosen when 0 was asked for). */
  address: string;
  close(): Promise<void>;
}

/** `listen`: `HOST:PORT`, or `:PORT` for every address. */
export async function startStatusServer(listen: string, metrics: AgentMetrics, ready: () => boolean): Promise<StatusServer> {
  const { host, port } = parseListen(listen);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'only GET\n');
    if (path === '/healthz') return reply(200, 'ok\n');
    if (path === '/readyz') return ready() ? reply(200, 'ok\n') : reply(503, 'not ready: no ruleset from a complete view of the cluster is enforced yet\n');
    if (path === '/metrics') {
      metrics.text().then(
        (text) => reply(200, text, metrics.registry.contentType),
        (e: Error) => reply(500, `metrics failed: ${e.message}\n`),
      );
      return;
    }
    reply(404, 'not found: /healthz, /readyz and /metrics are served\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as { address: string; port: number };
  return {
    address: `${bound.address}:${bound.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function parseListen(listen: string): { host: string | undefined; port: number } {
  const at = listen.lastIndexOf(':');
  const port = Number(listen.slice(at + 1));
  if (at < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--listen ${listen}: expected HOST:PORT or :PORT, e.g. 127.0.0.1:9743`);
  }
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? undefined : host, port };
}
