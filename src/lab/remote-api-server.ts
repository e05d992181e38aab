/**
 * A test API server in a child process (see api-server/process.ts),
 * optionally inside a network namespace, driven over IPC with the same
 * methods as TestApiServer. The lab's node agents reach it from their nodes'
 * namespaces; benchmarks keep its work and memory out of what they measure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { packageFile } from '../package-files.js';
import type { ApiObject, KubeconfigOptions } from './test-api-server.js';

const PROCESS = packageFile('dist/lab/api-server/process.js');

export interface RemoteOptions {
  /** The network namespace to run in (the lab's fabric); this process's own when absent. */
  netns?: string;
  /** The address to listen on; 127.0.0.1 by default. */
  host?: string;
  /** CRD-backed resources installed from the start (`policy.networking.k8s.io/v1alpha2/clusternetworkpolicies`). */
  crds?: string[];
}

export class RemoteApiServer {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
  }

  static async start(opts: RemoteOptions = {}): Promise<RemoteApiServer> {
    const args = [PROCESS, '--host', opts.host ?? '127.0.0.1', ...(opts.crds ?? []).flatMap((c) => ['--crd', c])];
    const [command, all] = opts.netns ? ['ip', ['netns', 'exec', opts.netns, process.execPath, ...args]] : [process.execPath, args];
    const child = spawn(command, all, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { url: string }) => resolve(m.url));
      child.once('exit', (code) => reject(new Error(`the test API server exited (${code}) before it listened`)));
    });
    return new RemoteApiServer(child, url);
  }

  create = (o: ApiObject) => this.call('create', o) as Promise<ApiObject>;
  update = (o: ApiObject) => this.call('update', o) as Promise<ApiObject>;
  upsert = (o: ApiObject) => this.call('upsert', o) as Promise<ApiObject>;
  delete = (o: ApiObject) => this.call('delete', o) as Promise<ApiObject | undefined>;
  createAll = (os: ApiObject[]) => this.call('createAll', os) as Promise<void>;
  updateAll = (os: ApiObject[]) => this.call('updateAll', os) as Promise<void>;
  installCrd = (id: string) => this.call('installCrd', id) as Promise<void>;
  compact = () => this.call('compact') as Promise<void>;
  dropWatches = () => this.call('dropWatches') as Promise<void>;
  restart = () => this.call('restart') as Promise<void>;
  /** Drops every watch, writes `o` and forgets the history at once: watchers resuming where they were get 410 (see process.ts). */
  expireWatches = (o: ApiObject) => this.call('expireWatches', o) as Promise<void>;
  writeKubeconfig = (opts: KubeconfigOptions = {}) => this.call('writeKubeconfig', opts) as Promise<string>;

  /** Ends the child (it stops its server when the channel closes). */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }

  private call(method: string, ...args: unknown[]): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, method, args });
    });
  }
}
