/** Kubeconfig files that point a client at the test API server. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** The bearer token the user presents; none for an anonymous user. */
  token?: string;
  /** The name of the context, cluster and user (default `palisade-test`). */
  context?: string;
  /** The context's default namespace. */
  namespace?: string;
}

export function kubeconfigText(url: string, options: KubeconfigOptions = {}): string {
  const name = options.context ?? 'palisade-test';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // @kubernetes/client-node refuses an http:// server unless TLS verification is declared skipped.
    clusters: [{ name, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name, user: options.token === undefined ? {} : { token: options.token } }],
    contexts: [{ name, context: { cluster: name, user: name, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) } }],
    'current-context': name,
  });
}

let directory: string | undefined;
let written = 0;

/**
 * Writes a kubeconfig to a new file and returns its path. The files outlive
 * stop() and restart(), which a client may read them across, and go with
 * the process.
 */
export function writeKubeconfigFile(text: string): string {
  if (directory === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'palisade-apiserver-'));
    directory = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  const path = join(directory, `kubeconfig-${++written}.yaml`);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}
