/**
 * `palisade ui` without --export: the page over HTTP, to those who hold the
 * token printed with the URL; other users of the machine get 403 and never
 * see the cluster.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether a request's URL (path and query) carries the token, compared in constant time. */
export function hasToken(url: string, token: string): boolean {
  const given = Buffer.from(new URL(url, 'http://localhost').searchParams.get('token') ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function pageServer(html: string, token: string): Server {
  return createServer((req, res) => {
    if (!hasToken(req.url ?? '/', token)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('403: this page needs the token palisade ui printed with its URL\n');
      return;
    }
    if (req.method !== 'GET' || new URL(req.url!, 'http://localhost').pathname !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end(html);
  });
}
