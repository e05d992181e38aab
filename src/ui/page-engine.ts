/**
 * The engine as the page asks it: loads, validates and compiles the embedded
 * manifests as the CLI does (audited policies left out, as the nodes leave
 * them out), then answers each question in the CLI's words, the editor's
 * among them (edit.ts). It runs in the page's Web Worker (worker.ts), and in
 * Node for the tests.
 */
import { connectivityDiff, describeGroup, diffPorts } from '../analysis/diff.js';
import { addressClasses, type AddressClass } from '../engine/address-classes.js';
import { clusterOf, enforcedPart } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { portQueryText } from '../engine/ports.js';
import { POD_LEVEL_LIMIT, truthTable, type TruthTable } from '../engine/truth-table.js';
import { formatDiagnostic } from '../cli/format/diagnostics.js';
import { withoutColour } from '../cli/format/color.js';
import { diffTable } from '../cli/format/diff.js';
import { ignoredPoliciesLines } from '../cli/format/ignored-policies.js';
import { formatVerdict } from '../cli/format/verdict.js';
import type { KubeObject } from '../model/objects.js';
import type { FieldError } from '../validation/field-error.js';
import type { ValidationOptions } from '../validation/index.js';
import { parseKubernetesVersion } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { endpointText } from './endpoint-text.js';
import { Overlay } from './edit.js';
import { stopwatch } from './stopwatch.js';
import { collectorOf } from './page-input.js';
import { portView } from './port-view.js';
import { LISTED_CHANGES, type Loaded, type PageData, type PageInput, type Reply, type Request, type SideTiers } from './protocol.js';

export class PageEngine {
  private compiled: { engine: Engine; table: TruthTable; classes: AddressClass[]; overlay: Overlay } | undefined;

  /** The answer in plain text, as the commands print it off a terminal: in the browser no colour is written, but Node under CI=true would write it. */
  answer(request: Request): Reply {
    return plain(this.reply(request));
  }

  private reply(request: Request): Reply {
    if (request.type === 'load') return this.load(JSON.parse(request.data) as PageData);
    if (!this.compiled) throw new Error('no manifests loaded');
    const { engine, table, classes, overlay } = this.compiled;
    if (request.type === 'port') return portView(engine, table, request.port, classes);
    if (request.type === 'policies') return overlay.policies();
    if (request.type === 'policy') return { type: 'text', text: overlay.policySource(request.policy) };
    if (request.type === 'edit') return overlay.edit(request.text);
    const { endpoints, ports } = table;
    const q = ports[request.port]!;
    if (request.type === 'check') {
      const [from, to] = [endpoints[request.from]!, endpoints[request.to]!];
      return { type: 'text', text: formatVerdict(engine, from, to, q, engine.check(from, to, q)) };
    }
    const group = request.group?.map((m) => endpoints[m]!);
    return { type: 'text', text: endpointText(engine, endpoints[request.endpoint]!, q, group) };
  }

  private load(data: PageData): Loaded {
    const version = parseKubernetesVersion(data.kubernetesVersion);
    if (version instanceof Error) throw version;
    const { timings, lap } = stopwatch();
    const opts = { kubernetesVersion: version, crdChannel: data.crdChannel };
    const collector = collectorOf(data.head);
    const manifests = collector.finish();
    lap('read');
    // Each edit validates the loaded objects again: remembered here, they are validated once.
    const memo = new WeakMap<KubeObject, FieldError[]>();
    const report = validateManifests(manifests, opts, memo);
    lap('validate');
    const engine = Engine.compile(enforcedPart(clusterOf(manifests, report)));
    lap('compile');
    // -n shows that namespace's endpoints, as `palisade matrix -n` does.
    const { namespace } = data.head;
    const endpoints = engine.endpoints().filter((e) => namespace === undefined || e.namespace === namespace);
    const ports = engine.portsOfInterest(endpoints);
    const table = truthTable(engine, endpoints, ports);
    const overlay = new Overlay({ input: data.head, collector, manifests, engine, opts, memo });
    const versions = data.base && this.versionDiff(data.base, data.head.label, engine, opts);
    if (versions) lap('diff');
    this.compiled = { engine, table, classes: addressClasses([engine]), overlay };
    const groupOf = new Array<number>(endpoints.length);
    const groups = table.groups.map((g, k) => {
      for (const m of g.members) groupOf[m] = k;
      const tiers = (direction: 'ingress' | 'egress'): SideTiers => [...new Set(g.identity.policies[direction].map((p) => p.policy.tier))];
      return { ...describeGroup(engine, g.members.map((m) => endpoints[m]!)), members: g.members, labels: { ...g.identity.subject.labels }, ingress: tiers('ingress'), egress: tiers('egress') };
    });
    const range = [...endpoints.keys()];
    lap('group');
    return {
      type: 'loaded',
      timings,
      endpoints: endpoints.map((e, i) => ({ ref: e.ref, namespace: e.namespace, group: groupOf[i]! })),
      groups,
      ports: ports.map(portQueryText),
      ...(endpoints.length <= POD_LEVEL_LIMIT ? { allowed: ports.map((_, k) => range.map((i) => range.map((j) => (table.allowed(i, j, k) ? '1' : '0')).join(''))) } : {}),
      diagnostics: report.diagnostics.map(formatDiagnostic),
      ignoredPolicies: report.ignoredPolicies.length > 0 ? ignoredPoliciesLines(report.ignoredPolicies) : [],
      ...(versions ? { versions } : {}),
    };
  }

  /** The base version against the one shown, as `palisade diff --base` compares them. */
  private versionDiff(input: PageInput, headLabel: string, head: Engine, opts: ValidationOptions): NonNullable<Loaded['versions']> {
    const manifests = collectorOf(input).finish();
    const base = Engine.compile(enforcedPart(clusterOf(manifests, validateManifests(manifests, opts))));
    const diff = connectivityDiff(base, head, diffPorts(base, head));
    const labels = { base: input.label, head: headLabel };
    return { labels, diff, text: diffTable({ diff, labels, base, head }, LISTED_CHANGES) };
  }
}

/** Every string of a reply without colour codes; typed arrays (a port's bits) are left as they are. */
function plain<T>(value: T): T {
  if (typeof value === 'string') return withoutColour(value) as T;
  if (Array.isArray(value)) return value.map(plain) as T;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) as T;
}
