/**
 * Runs upstream-style scenarios against the engine: the model cluster plus
 * the scenario's policies, validated as the API server would (a typo in a
 * scenario fails loudly instead of testing nothing), compiled once, changed
 * through the engine's update API, and probed pod to pod on one port and
 * protocol per step. A mismatch prints the expected and observed truth tables
 * side by side, as upstream's ValidateOrFail does.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 */
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { KubeObject } from '../../model/objects.js';
import { loadText, type Manifests } from '../../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../../validation/kubernetes-version.js';
import { validateManifests, type ValidationReport } from '../../validation/manifests.js';
import { clusterOf } from '../cluster.js';
import { Engine } from '../engine.js';
import type { Endpoint, PortQuery, Protocol, SideVerdict } from '../types.js';
import { type Manifest, modelYaml, type PodString, type Reachability, sideBySide, toYaml, TruthTable } from './model.js';

function formatDiagnostic(d: Diagnostic): string {
  const at = [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
  return `${at}: ${d.severity}: ${d.object ?? ''} ${d.field ?? ''}: ${d.message}`;
}

function loadValid(yaml: string, name: string): { manifests: Manifests; report: ValidationReport } {
  const manifests = loadText(yaml, name);
  const report = validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  assert.ok(report.valid, `${name} is not what the API server would accept:\n${report.diagnostics.map(formatDiagnostic).join('\n')}\n---\n${yaml}`);
  return { manifests, report };
}

/** One object, read and validated like the model, ready for the engine's update API. */
export function objectOf(manifest: Manifest): KubeObject {
  const { manifests } = loadValid(toYaml([manifest]), 'change.yaml');
  const kind = manifest['kind'];
  const found: KubeObject[] =
    kind === 'Namespace'
      ? manifests.namespaces.filter((n) => !n.implicit)
      : kind === 'Pod'
        ? manifests.pods
        : kind === 'NetworkPolicy'
          ? manifests.policies
          : manifests.workloads;
  assert.equal(found.length, 1, `expected one ${String(kind)} in the change, found ${found.length}`);
  return found[0]!;
}

export interface Probe {
  protocol: Protocol;
  port: number;
}

export type Change = { upsert: Manifest } | { deletePolicy: { namespace: string; name: string } };

/** One ValidateOrFail of an upstream test: the changes made before it, what it probes, what it expects. */
export interface Step {
  changes?: Change[];
  probe: Probe;
  expect: Reachability;
}

export interface Scenario {
  /** The upstream test's name, with its context when not the TCP one. */
  name: string;
  /** Policies created before the first step. */
  policies: Manifest[];
  steps: Step[];
}

function sideText(s: SideVerdict): string {
  const policies = s.policies.length > 0 ? ` [${s.policies.join(', ')}]` : '';
  return `${s.direction} of ${s.endpoint} ${s.allowed ? 'allows' : 'denies'} (${s.reason}${policies})`;
}

/** The model cluster with policies, compiled, to be changed and probed. */
export class ModelCluster {
  readonly engine: Engine;

  constructor(policies: readonly Manifest[] = []) {
    const { manifests, report } = loadValid(modelYaml(policies), 'model.yaml');
    this.engine = Engine.compile(clusterOf(manifests, report), { ipBlockMatchesPods: true });
  }

  change(c: Change): void {
    if ('upsert' in c) this.engine.apply({ op: 'upsert', object: objectOf(c.upsert) });
    else this.engine.apply({ op: 'delete', kind: 'NetworkPolicy', namespace: c.deletePolicy.namespace, name: c.deletePolicy.name });
  }

  endpoint(pod: PodString): Endpoint {
    const ep = this.engine.resolve(pod);
    assert.ok(ep, `the engine does not know pod ${pod}`);
    return ep;
  }

  /** What the engine answers for every pair of model pods. */
  observe(pods: readonly PodString[], probe: Probe): TruthTable {
    const q: PortQuery = { protocol: probe.protocol, port: probe.port };
    const observed = new TruthTable(pods);
    const endpoints = new Map(pods.map((p) => [p, this.endpoint(p)]));
    for (const from of pods) {
      for (const to of pods) observed.set(from, to, this.engine.allowed(endpoints.get(from)!, endpoints.get(to)!, q));
    }
    return observed;
  }

  /**
   * Upstream's ValidateOrFail, with one difference: upstream ignores a pod's
   * traffic to itself (CNIs disagree), Palisade decides it: always allowed.
   */
  validate(probe: Probe, reachability: Reachability, what: string): void {
    reachability.allowLoopback();
    const expected = reachability.expected;
    const observed = this.observe(reachability.pods, probe);
    const differences = expected.differences(observed);
    if (differences.length === 0) return;
    const q = `${probe.protocol}/${probe.port}`;
    const cells = differences.map((d) => {
      const v = this.engine.check(this.endpoint(d.from), this.endpoint(d.to), probe);
      const word = (b: boolean | undefined) => (b === undefined ? 'nothing' : b ? 'allowed' : 'denied');
      return `  ${d.from} -> ${d.to}: expected ${word(d.expected)}, observed ${word(d.observed)}: ${sideText(v.egress)}; ${sideText(v.ingress)}`;
    });
    assert.fail(
      [
        `${what}: ${differences.length} wrong cell(s) in the ${q} reachability matrix (rows: from, columns: to; . allowed, X denied)`,
        '',
        sideBySide([
          { title: `expected ${q}:`, table: expected },
          { title: 'observed:', table: observed },
          { title: 'comparison (X = differs):', table: expected.compare(observed) },
        ]),
        '',
        ...cells,
      ].join('\n'),
    );
  }
}

/** Creates the scenario's cluster and runs its steps in order. */
export function runScenario(s: Scenario): void {
  const cluster = new ModelCluster(s.policies);
  s.steps.forEach((step, i) => {
    for (const c of step.changes ?? []) cluster.change(c);
    cluster.validate(step.probe, step.expect, `${s.name}, step ${i + 1} of ${s.steps.length}`);
  });
}

// --- writing scenarios ------------------------------------------------------

export const TCP = (port: number): Probe => ({ protocol: 'TCP', port });
export const UDP = (port: number): Probe => ({ protocol: 'UDP', port });
export const SCTP = (port: number): Probe => ({ protocol: 'SCTP', port });

/** `{ matchLabels: labels }`. */
export function matchLabels(labels: Record<string, string>): Record<string, unknown> {
  return { matchLabels: labels };
}

/** Selects namespace `name` by the label the API server puts on every namespace. */
export function namespaceNamed(name: string): Record<string, unknown> {
  return matchLabels({ 'kubernetes.io/metadata.name': name });
}

/** `{ matchExpressions: [{ key, operator, values }] }`. */
export function matchExpression(key: string, operator: string, values?: string[]): Record<string, unknown> {
  return { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] };
}
