/**
 * The manifests under examples/real-world, written by other projects (each
 * directory's SOURCE.md says where from), and how to read each of them.
 * The CLI, lab and netpol-analyzer tests all run over this one list.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { loadManifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REAL_WORLD_DIR = 'examples/real-world';

export interface RealWorldExample {
  name: string;
  /** Relative to the repository root. */
  dir: string;
  /** The namespace its objects are installed in when they name none (`kubectl apply -n`). */
  namespace?: string;
}

export const REAL_WORLD: RealWorldExample[] = [
  { name: 'online-boutique' },
  { name: 'argo-cd-ha', namespace: 'argocd' },
  { name: 'netpol-analyzer-onlineboutique' },
  { name: 'netpol-analyzer-acs-security-demos' },
  { name: 'netpol-analyzer-acs-security-demos-added-workloads' },
].map((e) => ({ ...e, dir: `${REAL_WORLD_DIR}/${e.name}` }));

/** The directories actually there, to catch an example added without a place in the list. */
export function realWorldDirectories(): string[] {
  return readdirSync(join(ROOT, REAL_WORLD_DIR), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** The input options of every palisade command for this example. */
export function inputArgs(e: RealWorldExample): string[] {
  return ['-f', e.dir, ...namespaceArgs(e)];
}

export function namespaceArgs(e: RealWorldExample): string[] {
  return e.namespace ? ['-n', e.namespace] : [];
}

/** The engine on the example, as the CLI compiles it: to enumerate endpoints and ports to ask about. */
export function engineFor(e: RealWorldExample): Engine {
  const m = loadManifests([join(ROOT, e.dir)], e.namespace ? { defaultNamespace: e.namespace } : {});
  return Engine.compile(clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION })));
}
