/** The valid part of a YAML text, as every command compiles it: loaded, validated at the latest Kubernetes version, invalid objects left out. */
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { clusterOf, type Cluster } from './cluster.js';

export function clusterOfText(yaml: string, file = 'test.yaml'): Cluster {
  const m = loadText(yaml, file);
  return clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION }));
}
