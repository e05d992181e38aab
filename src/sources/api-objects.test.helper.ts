/**
 * Objects as an API server returns them, read the way a live source reads
 * them: each with an API origin, so that messages place them at
 * `cluster:Kind/namespace/name`. (Named *.test.helper.ts: the test runner
 * does not run it and the package leaves it out.)
 */
import { apiOrigin } from '../model/objects.js';
import { Collector, type Manifests } from './load-text.js';

/**
 * A declared namespace; a pod, and a pod in a namespace nobody declared; a
 * policy that selects nothing (lint PAL001); an invalid policy; a Cilium
 * policy (ignored).
 */
export const API_OBJECTS: Record<string, unknown>[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', resourceVersion: '11' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] }, status: { podIP: '10.0.0.1' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'other' }, spec: { containers: [{ name: 'c' }] }, status: { podIP: '10.0.0.2' } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'none', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'nothing' } } } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bad', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingres'] } },
  { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'cnp', namespace: 'shop' }, spec: {} },
];

export function loadFromApi(objects: readonly Record<string, unknown>[] = API_OBJECTS): Manifests {
  const collector = new Collector('default');
  for (const o of objects) {
    const metadata = o['metadata'] as { name: string; namespace?: string; resourceVersion?: string };
    const from = { context: 'kind-dev', ...(metadata.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}) };
    collector.addObject(o, apiOrigin({ kind: String(o['kind']), namespace: metadata.namespace, name: metadata.name }, from));
  }
  return collector.finish();
}
