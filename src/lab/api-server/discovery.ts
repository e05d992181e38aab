/**
 * The discovery documents (`/api`, `/api/v1`, `/apis`, `/apis/{group}`,
 * `/apis/{group}/{version}`) and `/version`, shaped as kube-apiserver
 * serves them to clients that ask for plain JSON.
 */
import { formatKubernetesVersion, LATEST_KUBERNETES_VERSION } from '../../validation/kubernetes-version.js';
import { BUILTIN_RESOURCES, type ResourceDefinition } from './resources.js';

interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface ApiGroup {
  name: string;
  /** Highest priority first; the first is the preferred version. */
  versions: string[];
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v1 > v1beta2 > v1beta1 > v1alpha1). */
function versionPriority(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(beta|alpha)(\d+))?$/.exec(v);
    return m ? [m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0, Number(m[1]), Number(m[3] ?? 0)] : [-1, 0, 0];
  };
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i]! - pa[i]!;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The named groups among `defs`, in the order their first resource appears. */
export function apiGroups(defs: readonly ResourceDefinition[]): ApiGroup[] {
  const groups = new Map<string, Set<string>>();
  for (const def of defs) {
    if (def.group === '') continue;
    if (!groups.has(def.group)) groups.set(def.group, new Set());
    groups.get(def.group)!.add(def.version);
  }
  return [...groups].map(([name, versions]) => ({ name, versions: [...versions].sort(versionPriority) }));
}

function groupForDiscovery(group: ApiGroup) {
  const versions: GroupVersionForDiscovery[] = group.versions.map((version) => ({ groupVersion: `${group.name}/${version}`, version }));
  return { name: group.name, versions, preferredVersion: versions[0]! };
}

/** `/api`: the legacy root, which kube-apiserver serialises without apiVersion. */
export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** `/apis`. */
export function apiGroupList(groups: readonly ApiGroup[]) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupForDiscovery) };
}

/** `/apis/{group}`. */
export function apiGroup(group: ApiGroup) {
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupForDiscovery(group) };
}

/** `/api/v1` (without apiVersion, like `/api`) or `/apis/{group}/{version}`. */
export function apiResourceList(group: string, version: string, defs: readonly ResourceDefinition[]) {
  return {
    kind: 'APIResourceList',
    ...(group === '' ? {} : { apiVersion: 'v1' }),
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: defs
      .filter((def) => def.group === group && def.version === version)
      .map((def) => ({
        name: def.resource,
        singularName: def.singularName,
        namespaced: def.namespaced,
        kind: def.kind,
        // Only what this server implements, so a client that checks verbs is not promised writes.
        verbs: ['get', 'list', 'watch'],
        ...(def.shortNames?.length ? { shortNames: def.shortNames } : {}),
      })),
  };
}

/** `/version`: the release Palisade imitates, marked as this stand-in in the build metadata. */
export function versionInfo(startedAt: Date) {
  const { major, minor } = LATEST_KUBERNETES_VERSION;
  return {
    major: String(major),
    minor: String(minor),
    gitVersion: `v${formatKubernetesVersion(LATEST_KUBERNETES_VERSION)}.0-palisade-test`,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    goVersion: '',
    compiler: 'node',
    platform: `${process.platform}/${process.arch}`,
  };
}

/** Whether a group version is served by kube-apiserver itself, which answers unknown paths in it with a Status. */
export function isBuiltinGroupVersion(group: string, version: string): boolean {
  return BUILTIN_RESOURCES.some((def) => def.group === group && def.version === version);
}
