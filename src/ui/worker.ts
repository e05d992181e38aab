/**
 * The engine in a Web Worker: loads, validates and compiles the embedded
 * manifests as the CLI does (audited policies left out, as the nodes leave
 * them out), then answers the page's questions in the CLI's words, the
 * editor's among them (edit.ts).
 */
import { clusterOf, enforcedPart } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { truthTable } from '../engine/truth-table.js';
import { portQueryText } from '../engine/ports.js';
import type { PodEndpoint, PortQuery } from '../engine/types.js';
import type { KubeObject } from '../model/objects.js';
import { parseKubernetesVersion } from '../validation/kubernetes-version.js';
import type { FieldError } from '../validation/field-error.js';
import { validateManifests } from '../validation/manifests.js';
import { formatDiagnostic } from '../cli/format/diagnostics.js';
import { ignoredPoliciesLines } from '../cli/format/ignored-policies.js';
import { formatVerdict } from '../cli/format/verdict.js';
import { Overlay } from './edit.js';
import { endpointText } from './endpoint-text.js';
import { collectorOf } from './page-input.js';
import type { Loaded, PageData, Reply, Request } from './protocol.js';

// The DOM library types `self` as a window; in a worker it posts to the page.
const scope = self as unknown as { onmessage: (e: { data: Request }) => void; postMessage(reply: Reply): void };

let compiled: { engine: Engine; endpoints: PodEndpoint[]; ports: PortQuery[]; overlay: Overlay } | undefined;

scope.onmessage = ({ data: request }) => {
  try {
    scope.postMessage(answer(request));
  } catch (e) {
    scope.postMessage({ type: 'error', message: (e as Error).message });
  }
};

function answer(request: Request): Reply {
  if (request.type === 'load') return load(request.data);
  if (!compiled) throw new Error('no manifests loaded');
  const { engine, endpoints, ports, overlay } = compiled;
  if (request.type === 'policies') return overlay.policies();
  if (request.type === 'policy') return { type: 'text', text: overlay.policySource(request.policy) };
  if (request.type === 'edit') return overlay.edit(request.text);
  const q = ports[request.port]!;
  if (request.type === 'check') {
    const [from, to] = [endpoints[request.from]!, endpoints[request.to]!];
    return { type: 'text', text: formatVerdict(engine, from, to, q, engine.check(from, to, q)) };
  }
  return { type: 'text', text: endpointText(engine, endpoints[request.endpoint]!, q) };
}

function load(data: PageData): Loaded {
  const version = parseKubernetesVersion(data.kubernetesVersion);
  if (version instanceof Error) throw version;
  const opts = { kubernetesVersion: version, crdChannel: data.crdChannel };
  const collector = collectorOf(data.head);
  const manifests = collector.finish();
  const memo = new WeakMap<KubeObject, FieldError[]>();
  const report = validateManifests(manifests, opts, memo);
  const engine = Engine.compile(enforcedPart(clusterOf(manifests, report)));
  const endpoints = engine.endpoints();
  const ports = engine.portsOfInterest(endpoints);
  compiled = { engine, endpoints, ports, overlay: new Overlay({ input: data.head, collector, manifests, engine, opts, memo }) };
  const table = truthTable(engine, endpoints, ports);
  const range = [...endpoints.keys()];
  return {
    type: 'loaded',
    endpoints: endpoints.map((e) => ({ ref: e.ref, namespace: e.namespace })),
    ports: ports.map(portQueryText),
    allowed: ports.map((_, k) => range.map((i) => range.map((j) => (table.allowed(i, j, k) ? '1' : '0')).join(''))),
    diagnostics: report.diagnostics.map(formatDiagnostic),
    ignoredPolicies: manifests.ignoredPolicies.length > 0 ? ignoredPoliciesLines(manifests.ignoredPolicies) : [],
  };
}
