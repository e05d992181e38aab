/**
 * Palisade's browser-safe core: the same model, validation and engine as the
 * main entry, without Node.js (no files, no child processes), for web pages
 * and workers. Manifests come in as text; `palisade` (the main entry) adds
 * reading files, directories and kustomizations.
 *
 * ```ts
 * import { Engine, LATEST_KUBERNETES_VERSION, clusterOf, loadText, sideReasonText, validateManifests } from 'palisade/core';
 *
 * const manifests = loadText(editorText, 'policies.yaml');
 * const report = validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
 * const engine = Engine.compile(clusterOf(manifests, report));
 * const verdict = engine.check(engine.resolve('shop/web')!, engine.resolve('shop/db')!, { protocol: 'TCP', port: 5432 });
 * console.log(verdict.allowed, sideReasonText(verdict.ingress));
 * ```
 */
export type { Diagnostic, ErrorType, Severity } from './model/diagnostic.js';
export { FieldPath, type PathSegment } from './model/field-path.js';
export * from './model/objects.js';
export { KINDS, WORKLOAD_KINDS, BUCKETS, entryOf, isKind, type Buckets, type Kind, type KindEntry } from './model/kinds.js';
export { labelsText, selectorText } from './model/selector-text.js';
export { loadText, type IgnoredPolicy, type Manifests, type TextLoadOptions } from './sources/load-text.js';
export { isKubeList, itemKindOf, listItem, type KubeList, type ListItem } from './sources/list-items.js';
export { UNREAD_POLICY_KINDS, unreadPolicyKind, type UnreadPolicyKind } from './sources/unread-policy-kinds.js';
export {
  validateNamespace,
  validateNetworkPolicy,
  validateObject,
  validatePod,
  validateWorkload,
  formatFieldError,
  parseKubernetesVersion,
  formatKubernetesVersion,
  compareKubernetesVersions,
  LATEST_KUBERNETES_VERSION,
  OLDEST_SUPPORTED,
  type FieldError,
  type KubernetesVersion,
  type ValidationOptions,
} from './validation/index.js';
export { validateManifests, type ValidationReport } from './validation/manifests.js';
export { effectivePolicyTypes } from './engine/policy-types.js';
export { clusterOf, type Cluster } from './engine/cluster.js';
export { Engine, type Change, type EngineOptions } from './engine/engine.js';
export { truthTable, verdictsOf, identityVerdictsOf, type TruthTable } from './engine/truth-table.js';
export { explainTargets, type Explanation, type TargetExplanation, type Allowance } from './engine/explain-targets.js';
export { describePolicy, type PolicyDescription, type DirectionDescription, type RuleDescription } from './engine/describe.js';
export { allowedPorts, connectionList, type Connection } from './engine/connections.js';
export { portSetText, type PortSet, type Interval } from './engine/port-set.js';
export { reach, type Reach } from './engine/reach.js';
export { parsePortQuery, parsePortSpec, portQueryText, resolveNamedPort, type NamedPortResolution, type PortSpec } from './engine/ports.js';
export { DEFAULT_NAMESPACE, type EndpointLookup } from './engine/endpoint-refs.js';
export * from './engine/types.js';
export {
  denyingSideText,
  endpointText,
  onlyIsolatesText,
  ruleAllowsText,
  ruleName,
  ruleRefText,
  sideReasonText,
  sideVerb,
} from './engine/verdict-words.js';
export { connectivityDiff, type ConnectivityDiff, type ConnectivityChange } from './analysis/diff.js';
export { audit, type NamespaceAudit } from './analysis/audit.js';
export { lint } from './analysis/lint/lint.js';
