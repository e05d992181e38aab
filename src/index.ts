/**
 * Palisade's library API: load manifests, validate them as kube-apiserver
 * does, and ask the engine about connections. Everything but reading files
 * is the browser-safe core (`palisade/core`, see core.ts).
 *
 * ```ts
 * import { loadManifests, validateManifests, LATEST_KUBERNETES_VERSION } from 'palisade';
 *
 * const manifests = loadManifests(['k8s/']);
 * const report = validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
 * for (const d of report.diagnostics) console.log(`${d.file}:${d.line}: ${d.severity}: ${d.field}: ${d.message}`);
 * ```
 */
export * from './core.js';
export { loadManifests, type LoadOptions } from './sources/load.js';
