/**
 * Just enough of an API server for `kubectl apply --dry-run=client`. Even a
 * client-side dry run asks the server: discovery, to learn each document's
 * resource and whether it is namespaced, and a GET of each object, to choose
 * between creating and patching it. This serves the discovery of the kinds
 * below (as kube-apiserver describes them), answers every other GET with 404
 * Not Found (so kubectl would create every object), and records each request,
 * so that a test can see nothing was written.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Resource {
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The kinds the deploy manifests use, by group version; a manifest of another kind fails kubectl's mapping ("no matches for kind"). */
const GROUP_VERSIONS: Record<string, Resource[]> = {
  v1: [
    { name: 'namespaces', singularName: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
    { name: 'serviceaccounts', singularName: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  ],
  'apps/v1': [{ name: 'daemonsets', singularName: 'daemonset', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'] }],
  'rbac.authorization.k8s.io/v1': [
    { name: 'clusterroles', singularName: 'clusterrole', kind: 'ClusterRole', namespaced: false },
    { name: 'clusterrolebindings', singularName: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false },
  ],
};

export interface DiscoveryServer {
  url: string;
  /** `GET /api`, …: every request kubectl made. */
  requests: string[];
  close(): Promise<void>;
}

export async function startDiscoveryServer(): Promise<DiscoveryServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(`${req.method} ${path}`);
    respond(req, res, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function respond(req: IncomingMessage, res: ServerResponse, path: string): void {
  const groups = Object.keys(GROUP_VERSIONS).filter((gv) => gv.includes('/'));
  if (req.method === 'GET' && path === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  if (req.method === 'GET' && path === '/apis') {
    return json(res, 200, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((gv) => {
        const [name, version] = gv.split('/') as [string, string];
        return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
      }),
    });
  }
  const groupVersion = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : undefined;
  const resources = groupVersion === undefined ? undefined : GROUP_VERSIONS[groupVersion];
  if (req.method === 'GET' && resources) {
    return json(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: resources.map((r) => ({ ...r, verbs: VERBS })) });
  }
  const reason = req.method === 'GET' ? 'NotFound' : 'MethodNotAllowed';
  json(res, req.method === 'GET' ? 404 : 405, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message: `${path}: ${reason}`, code: req.method === 'GET' ? 404 : 405 });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
