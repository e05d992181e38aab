/**
 * A test API server in a process of its own, run by RemoteApiServer: so that
 * it can listen inside a lab namespace that node agents reach, and so that a
 * benchmark measures only its own process. Started with `--host ADDRESS`;
 * every IPC message `{ id, method, args }` calls one of the server's
 * methods below and is answered `{ id, result }` or `{ id, error }`.
 */
import { TestApiServer, type ApiObject, type KubeconfigOptions } from '../test-api-server.js';

const host = process.argv[process.argv.indexOf('--host') + 1] ?? '127.0.0.1';
const crds = process.argv.filter((_, i, all) => all[i - 1] === '--crd');
const server = await TestApiServer.start({ host, crds });

/** What the parent may call: the server's own methods, and writes in bulk (one message for thousands of objects). */
const METHODS = {
  create: (o: ApiObject) => server.create(o),
  update: (o: ApiObject) => server.update(o),
  upsert: (o: ApiObject) => server.upsert(o),
  delete: (o: ApiObject) => server.delete(o),
  createAll: (os: ApiObject[]) => void os.forEach((o) => server.create(o)),
  updateAll: (os: ApiObject[]) => void os.forEach((o) => server.update(o)),
  installCrd: (id: string) => server.installCrd(id),
  compact: () => server.compact(),
  dropWatches: () => server.dropWatches(),
  restart: () => server.restart(),
  /** Drops every watch, writes `o`, and forgets the history, in one step: a watcher resuming where it was gets 410 and must list again. */
  expireWatches: (o: ApiObject) => {
    server.dropWatches();
    server.upsert(o);
    server.compact();
  },
  writeKubeconfig: (opts: KubeconfigOptions) => server.writeKubeconfig(opts),
} satisfies Record<string, (...args: never[]) => unknown>;

process.on('message', (m: { id: number; method: keyof typeof METHODS; args: unknown[] }) => {
  const method = METHODS[m.method] as ((...args: unknown[]) => unknown) | undefined;
  Promise.resolve()
    .then(() => {
      if (!method) throw new Error(`no method ${m.method}`);
      return method(...m.args);
    })
    .then(
      (result) => process.send!({ id: m.id, result }),
      (e: Error) => process.send!({ id: m.id, error: e.message }),
    );
});
process.on('disconnect', () => void server.stop().then(() => process.exit(0)));
process.send!({ url: server.url });
