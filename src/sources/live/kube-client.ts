/**
 * The parts of @kubernetes/client-node that Palisade uses. The build bundles
 * this module with the library into one file (scripts/bundle.js):
 * Node takes about a second to load the package's ~970 modules, and a tenth
 * of that for the bundle. Unbundled (no esbuild at build time) it works the
 * same, only slower to start.
 */
export { KubeConfig, Watch } from '@kubernetes/client-node';
