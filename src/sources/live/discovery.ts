/**
 * Which resources to list from a cluster, found through API discovery: every
 * kind Palisade reads that the server serves (ClusterNetworkPolicy only when
 * its CRD is installed), and the policy kinds of other plugins, listed only
 * so that answers can say they ignore them.
 */
import { KINDS, type Kind } from '../../model/kinds.js';
import { UNREAD_POLICY_KINDS } from '../unread-policy-kinds.js';
import type { ApiClient } from './api-client.js';
import { ApiError } from './api-error.js';

export interface LiveResource {
  apiVersion: string;
  kind: string;
  /** The plural resource name in URLs (`networkpolicies`). */
  resource: string;
  namespaced: boolean;
  /** `read`: a kind Palisade evaluates, required; `ignored`: another plugin's policies, listed to warn about them. */
  purpose: 'read' | 'ignored';
}

export interface Discovered {
  resources: LiveResource[];
  /** Kinds Palisade reads that this server does not serve, with the versions looked for. */
  absent: { kind: string; apiVersions: readonly string[] }[];
}

interface ServedResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** The URL of a resource's collection across all namespaces. */
export function collectionPath(r: Pick<LiveResource, 'apiVersion' | 'resource'>): string {
  return `${r.apiVersion.includes('/') ? '/apis' : '/api'}/${r.apiVersion}/${r.resource}`;
}

export async function discover(client: ApiClient): Promise<Discovered> {
  const groups = await servedGroups(client);
  const served = new Map<string, Promise<ServedResource[]>>();
  const resourcesOf = (apiVersion: string) => {
    let found = served.get(apiVersion);
    if (!found) served.set(apiVersion, (found = servedResources(client, apiVersion)));
    return found;
  };
  const resources: LiveResource[] = [];
  const absent: Discovered['absent'] = [];
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const entry = KINDS[kind];
    const apiVersion = entry.apiVersions.find((v) => groups.versions.has(v));
    const found = apiVersion ? (await resourcesOf(apiVersion)).find((r) => r.kind === kind) : undefined;
    if (!apiVersion || !found) absent.push({ kind, apiVersions: entry.apiVersions });
    else resources.push({ apiVersion, kind, resource: found.name, namespaced: found.namespaced, purpose: 'read' });
  }
  for (const unread of UNREAD_POLICY_KINDS) {
    for (const group of unread.groups) {
      const apiVersion = groups.preferred.get(group);
      const found = apiVersion ? (await resourcesOf(apiVersion)).find((r) => r.kind === unread.kind) : undefined;
      if (apiVersion && found) resources.push({ apiVersion, kind: unread.kind, resource: found.name, namespaced: found.namespaced, purpose: 'ignored' });
    }
  }
  return { resources, absent };
}

/** Every group/version the server serves, and each group's preferred version. */
async function servedGroups(client: ApiClient): Promise<{ versions: Set<string>; preferred: Map<string, string> }> {
  const core = await client.get('/api');
  const list = await client.get('/apis');
  const versions = new Set<string>(Array.isArray(core['versions']) ? (core['versions'] as string[]) : []);
  const preferred = new Map<string, string>();
  for (const g of (list['groups'] ?? []) as { name: string; versions?: { groupVersion: string }[]; preferredVersion?: { groupVersion: string } }[]) {
    for (const v of g.versions ?? []) versions.add(v.groupVersion);
    const chosen = g.preferredVersion?.groupVersion ?? g.versions?.[0]?.groupVersion;
    if (chosen) preferred.set(g.name, chosen);
  }
  return { versions, preferred };
}

/** The resources of one group/version (subresources such as `pods/status` left out); none when it is gone meanwhile. */
async function servedResources(client: ApiClient, apiVersion: string): Promise<ServedResource[]> {
  try {
    const list = await client.get(`${apiVersion.includes('/') ? '/apis' : '/api'}/${apiVersion}`);
    return ((list['resources'] ?? []) as ServedResource[]).filter((r) => !r.name.includes('/'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    throw e;
  }
}
