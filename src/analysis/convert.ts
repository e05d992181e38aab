/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (policy.networking.k8s.io/v1alpha1) as the ClusterNetworkPolicy
 * (v1alpha2) that means the same: an AdminNetworkPolicy in the Admin tier at
 * its priority, the BaselineAdminNetworkPolicy in the Baseline tier at
 * priority 1000 (where Palisade, as Calico documents, orders it), rules in
 * order, `Allow` as `Accept`, ports as protocols.
 *
 * A transformation of validated model objects that is checked against the
 * v1alpha2 CRD and then proved by the engine (convert-proof.ts): analysis,
 * like diff and lint, not model (which holds no behaviour) nor validation
 * (which only judges). Pure: no `node:` imports.
 *
 * Each output's origin places its fields at the text of the source field
 * they came from, so messages about a ClusterNetworkPolicy (the v1alpha2
 * validator's, the engine's) point at the AdminNetworkPolicy a user wrote.
 */
import { BASELINE_ADMIN_PRIORITY } from '../engine/policies.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { ENFORCEMENT_ANNOTATION, isAudited } from '../model/enforcement.js';
import { FieldPath, type PathSegment } from '../model/field-path.js';
import {
  describeObject,
  placeText,
  type AdminNetworkPolicy,
  type AdminNetworkPolicyPort,
  type BaselineAdminNetworkPolicy,
  type ClusterNetworkPolicy,
  type ClusterNetworkPolicyEgressRule,
  type ClusterNetworkPolicyIngressRule,
  type ClusterNetworkPolicyPeer,
  type ClusterNetworkPolicyProtocol,
  type ClusterNetworkPolicySpec,
  type ClusterPolicyAction,
  type Labels,
  type Origin,
} from '../model/objects.js';
import { isPlainObject } from '../sources/decode.js';
import { ADMIN_NETWORK_POLICY_CRD, BASELINE_ADMIN_NETWORK_POLICY_CRD } from '../validation/admin-network-policy.js';
import { validateClusterNetworkPolicyObject } from '../validation/cluster-network-policy-object.js';
import { checkAgainstSchema } from '../validation/crd-schema.js';
import type { FieldError } from '../validation/field-error.js';
import { type CrdChannel, type KubernetesVersion, LATEST_KUBERNETES_VERSION, releaseRules } from '../validation/kubernetes-version.js';
import { groupBy } from '../model/grouping.js';

export type AdminPolicy = AdminNetworkPolicy | BaselineAdminNetworkPolicy;

/** Where an output says what it was converted from: `AdminNetworkPolicy/<name>`. */
export const CONVERTED_FROM_ANNOTATION = 'palisade.dev/converted-from';
/** What kubectl apply keeps of the object it applied: the source's, not the output's, so never copied. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ConvertOptions {
  /** Put before every output's name (default: none). */
  namePrefix?: string;
  /** The BaselineAdminNetworkPolicy's output name, before the prefix (default `default`, its own). */
  baselineName?: string;
  /** The CRD channel installed: a source is read as the API server stored it with that CRD (unknown fields pruned, defaults set). */
  crdChannel?: CrdChannel;
}

export interface Conversion {
  source: AdminPolicy;
  /** The ClusterNetworkPolicy. Its origin places each of its fields at the source field it came from. */
  policy: ClusterNetworkPolicy;
  /** The source field a field of `policy` came from (as far as there is one: the rule for a rule's field that has no twin). */
  sourcePath(path: FieldPath): FieldPath;
  /** What was left out of `policy`, and why that changes nothing: notes placed at the source's fields. */
  notes: Diagnostic[];
}

/** Where a converted rule came from: its source rule, and per protocol entry the source port entry and its form. */
interface RuleSource {
  index: number;
  ports: { index: number; form: keyof AdminNetworkPolicyPort; single: boolean }[];
}

const PROTOCOLS = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' } as const;

const ACTIONS: Record<string, ClusterPolicyAction> = { Allow: 'Accept', Deny: 'Deny', Pass: 'Pass' };

/** One AdminNetworkPolicy or BaselineAdminNetworkPolicy, valid as its CRD checks it, as a ClusterNetworkPolicy. */
export function convertAdminPolicy(source: AdminPolicy, opts: ConvertOptions = {}): Conversion {
  const spec = storedSpec(source, opts.crdChannel ?? 'standard');
  const baseline = source.kind === 'BaselineAdminNetworkPolicy';
  const notes: Diagnostic[] = [];
  const note = (path: FieldPath, message: string) => notes.push({ severity: 'note', ...source.origin.locate(path), object: describeObject(source), field: path.toString(), message });
  const name = `${opts.namePrefix ?? ''}${baseline ? (opts.baselineName ?? 'default') : (source.metadata.name ?? '')}`;
  const rulesFrom = { ingress: [] as RuleSource[], egress: [] as RuleSource[] };
  const out: ClusterNetworkPolicySpec = {
    tier: baseline ? 'Baseline' : 'Admin',
    priority: baseline ? BASELINE_ADMIN_PRIORITY : (spec['priority'] as number),
    subject: spec['subject'] as ClusterNetworkPolicySpec['subject'],
  };
  for (const direction of ['ingress', 'egress'] as const) {
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    const rules: (ClusterNetworkPolicyIngressRule & ClusterNetworkPolicyEgressRule)[] = [];
    listOf(spec[direction]).forEach((rule, i) => {
      const at = FieldPath.root('spec', direction).index(i);
      const ports = rule['ports'] === undefined ? undefined : convertPorts(listOf(rule['ports']), at.child('ports'), note);
      if (ports?.protocols.length === 0) {
        const later = listOf(spec[direction]).length - i - 1;
        note(
          at.child('ports'),
          `every entry of ports matches no traffic, so this rule never matches: it is left out of ClusterNetworkPolicy ${name}, which changes nothing` +
            (later > 0 ? ` (the ${later === 1 ? 'rule' : `${later} rules`} after it ${later === 1 ? 'moves' : 'move'} up one place)` : ''),
        );
        return;
      }
      const ruleName = typeof rule['name'] === 'string' && rule['name'] !== '' ? { name: rule['name'] } : {};
      rulesFrom[direction].push({ index: i, ports: ports?.from ?? [] });
      rules.push({
        ...ruleName,
        action: ACTIONS[rule['action'] as string]!,
        [peersKey]: listOf(rule[peersKey]) as ClusterNetworkPolicyPeer[],
        ...(ports ? { protocols: ports.protocols } : {}),
      } as ClusterNetworkPolicyIngressRule & ClusterNetworkPolicyEgressRule);
    });
    if (rules.length > 0) out[direction] = rules;
  }
  if (isAudited(source)) {
    note(
      FieldPath.root('metadata', 'annotations').key(ENFORCEMENT_ANNOTATION),
      `copied as every annotation is: ClusterNetworkPolicy ${name} is in audit mode too, evaluated and logged by Palisade but not enforced; remove the annotation from the output to enforce it`,
    );
  }
  const sourcePath = (path: FieldPath) => pathOf(toSourcePath(path.segments, rulesFrom, baseline));
  const policy: ClusterNetworkPolicy = {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name, ...outputMetadata(source) },
    spec: out,
    origin: { ...source.origin, locate: (path: FieldPath) => source.origin.locate(sourcePath(path)) } as Origin,
  };
  return { source, policy, sourcePath, notes };
}

/** The source's labels, and its annotations but kubectl's copy of the applied source, and one that says what it was converted from. */
function outputMetadata(source: AdminPolicy): { labels?: Labels; annotations: Labels } {
  const annotations = Object.fromEntries(Object.entries(source.metadata.annotations ?? {}).filter(([k]) => k !== LAST_APPLIED));
  return {
    ...(source.metadata.labels && Object.keys(source.metadata.labels).length > 0 ? { labels: { ...source.metadata.labels } } : {}),
    annotations: { ...annotations, [CONVERTED_FROM_ANNOTATION]: `${source.kind}/${source.metadata.name ?? ''}` },
  };
}

/** The spec as the API server stored it with the channel's CRD: unknown fields pruned, `protocol` defaulted to TCP. */
function storedSpec(source: AdminPolicy, channel: CrdChannel): Record<string, unknown> {
  const crd = source.kind === 'AdminNetworkPolicy' ? ADMIN_NETWORK_POLICY_CRD : BASELINE_ADMIN_NETWORK_POLICY_CRD;
  const { value } = checkAgainstSchema(source.spec, crd.schemas[channel].properties!['spec']!, FieldPath.root('spec'));
  return isPlainObject(value) ? value : {};
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

/**
 * A rule's `ports` as `protocols`. An entry that matches no traffic, which
 * v1alpha1 accepts and v1alpha2 cannot express (a range whose start is above
 * its end, a protocol other than TCP, UDP and SCTP), is left out with a note.
 */
function convertPorts(
  ports: Record<string, unknown>[],
  at: FieldPath,
  note: (path: FieldPath, message: string) => void,
): { protocols: ClusterNetworkPolicyProtocol[]; from: RuleSource['ports'] } {
  const protocols: ClusterNetworkPolicyProtocol[] = [];
  const from: RuleSource['ports'] = [];
  ports.forEach((entry, j) => {
    const here = at.index(j);
    if (typeof entry['namedPort'] === 'string') {
      protocols.push({ destinationNamedPort: entry['namedPort'] });
      from.push({ index: j, form: 'namedPort', single: true });
      return;
    }
    const form = isPlainObject(entry['portNumber']) ? 'portNumber' : 'portRange';
    const value = (entry[form] ?? {}) as { protocol?: string; port?: number; start?: number; end?: number };
    const protocol = value.protocol ?? 'TCP';
    const key = Object.hasOwn(PROTOCOLS, protocol) ? PROTOCOLS[protocol as keyof typeof PROTOCOLS] : undefined;
    if (key === undefined) {
      note(
        here.child(form, 'protocol'),
        `protocol ${JSON.stringify(protocol)} is none of TCP, UDP and SCTP, so this entry matches no traffic (the v1alpha1 CRD accepts any text here; v1alpha2 names only those three): left out, which changes nothing`,
      );
      return;
    }
    if (form === 'portNumber') {
      protocols.push({ [key]: { destinationPort: { number: value.port! } } });
      from.push({ index: j, form, single: true });
      return;
    }
    const [start, end] = [value.start!, value.end!];
    if (start > end) {
      note(here.child(form), `the range ${start}-${end} starts above its end, so it matches no port (v1alpha2 requires start below end): left out, which changes nothing`);
      return;
    }
    // v1alpha2's CEL rule requires start < end: a range of one port is that port's number.
    protocols.push({ [key]: { destinationPort: start === end ? { number: start } : { range: { start, end } } } });
    from.push({ index: j, form, single: start === end });
  });
  return { protocols, from };
}

/**
 * A ClusterNetworkPolicy field path as the source field it came from. Rules
 * and protocol entries may have moved up (some were left out); a protocol's
 * fields map to the port entry's (`tcp.destinationPort.number` to
 * `portNumber.port`, `range.start` to `portRange.start`). What has no twin
 * (`tier`, a BaselineAdminNetworkPolicy's `priority`) maps to the nearest
 * field that does.
 */
function toSourcePath(segments: readonly PathSegment[], rules: Record<'ingress' | 'egress', RuleSource[]>, baseline: boolean): PathSegment[] {
  const [root, field, index, ...rest] = segments;
  if (root !== 'spec') return [...segments];
  if (field === 'tier' || (field === 'priority' && baseline)) return ['spec'];
  if (field !== 'ingress' && field !== 'egress') return [...segments];
  const rule = typeof index === 'number' ? rules[field][index] : undefined;
  if (!rule) return ['spec', field];
  const [list, j, ...inEntry] = rest;
  if (list !== 'protocols') return ['spec', field, rule.index, ...rest];
  const entry = typeof j === 'number' ? rule.ports[j] : undefined;
  if (!entry) return ['spec', field, rule.index, 'ports'];
  const at = ['spec', field, rule.index, 'ports', entry.index, entry.form];
  const [, destinationPort, shape, bound] = inEntry;
  if (entry.form === 'namedPort' || destinationPort !== 'destinationPort') return at;
  if (entry.form === 'portNumber') return [...at, 'port'];
  if (shape === 'range' && (bound === 'start' || bound === 'end')) return [...at, bound];
  return entry.single && shape === 'number' ? [...at, 'start'] : at;
}

function pathOf(segments: readonly PathSegment[]): FieldPath {
  let path = FieldPath.root();
  for (const s of segments) path = typeof s === 'number' ? path.index(s) : typeof s === 'string' ? path.child(s) : path.key(s.key);
  return path;
}

/** What kube-apiserver adds after errors that keep the CRD's CEL rules from running. */
const RULES_NOT_CHECKED = 'some validation rules were not checked because the object was invalid';

export interface ConvertAllOptions extends ConvertOptions {
  kubernetesVersion?: KubernetesVersion;
  /** The ClusterNetworkPolicies already in the input: an output may not take one's name, and sharing one's tier and priority is noted. */
  existing?: readonly ClusterNetworkPolicy[];
}

export interface ConversionReport {
  /** Every source, converted. */
  conversions: Conversion[];
  /** Outputs the v1alpha2 CRD refuses and names taken twice: placed at the source, saying what to do. */
  errors: Diagnostic[];
  /** What was left out because it matches nothing, and orders the API leaves open. */
  notes: Diagnostic[];
  /** The sources that `errors` concern: their outputs must not be used. */
  failed: Set<AdminPolicy>;
}

/**
 * Every source converted, each output checked as kube-apiserver checks a
 * ClusterNetworkPolicy with the channel's CRD, and names checked against each
 * other and against the ClusterNetworkPolicies already there.
 */
export function convertAdminPolicies(sources: readonly AdminPolicy[], opts: ConvertAllOptions = {}): ConversionReport {
  const conversions = sources.map((s) => convertAdminPolicy(s, opts));
  const errors: Diagnostic[] = [];
  const notes = conversions.flatMap((c) => c.notes);
  const failed = new Set<AdminPolicy>();
  const version = opts.kubernetesVersion ?? LATEST_KUBERNETES_VERSION;
  const rules = { ...releaseRules(version), kubernetesVersion: version, crdChannel: opts.crdChannel ?? 'standard' };
  const existing = opts.existing ?? [];
  const fail = (c: Conversion, d: Omit<Diagnostic, 'severity' | 'object'>) => {
    failed.add(c.source);
    errors.push({ severity: 'error', ...d, object: describeObject(c.source) });
  };
  for (const c of conversions) {
    for (const e of validateClusterNetworkPolicyObject(c.policy, rules)) {
      // A field the API server would prune (a warning) changes what the output means: as much an error here.
      if (e.severity !== 'error' && e.type !== 'UnknownField') continue;
      // "Some rules were not checked": the errors before it say what to fix.
      if (e.message.includes(RULES_NOT_CHECKED)) continue;
      const at = e.sourcePath ?? e.path;
      const field = c.sourcePath(at).toString();
      fail(c, {
        type: e.type,
        ...c.policy.origin.locate(at),
        ...(field ? { field } : {}),
        message: `as ClusterNetworkPolicy ${c.policy.metadata.name}, ${e.path.toString()}: ${e.message}`,
        hint: outputHint(e, c, rules.crdChannel),
      });
    }
  }
  const nameField = FieldPath.root('metadata', 'name');
  for (const [name, same] of groupBy(conversions, (c) => c.policy.metadata.name!)) {
    const taken = existing.find((p) => p.metadata.name === name);
    for (const c of same) {
      const others = same.filter((o) => o !== c).map((o) => `${describeObject(o.source)} (${placeText(o.source.origin.locate(FieldPath.root()), { column: false })})`);
      const clash = taken ? [`ClusterNetworkPolicy ${name} already in the input (${placeText(taken.origin.locate(FieldPath.root()), { column: false })})`] : [];
      if (!taken && others.length === 0) continue;
      fail(c, {
        type: 'Duplicate',
        ...c.source.origin.locate(nameField),
        field: nameField.toString(),
        message: `converts to ClusterNetworkPolicy ${name}, the name of ${[...clash, ...others.map((o) => `the conversion of ${o}`)].join(' and of ')}`,
        hint: renameHint(c, same, taken !== undefined),
      });
    }
  }
  for (const c of conversions) {
    const { tier, priority } = c.policy.spec;
    for (const p of existing) {
      if (p.spec?.tier !== tier || p.spec?.priority !== priority || p.metadata.name === c.policy.metadata.name) continue;
      const field = c.source.kind === 'AdminNetworkPolicy' ? FieldPath.root('spec', 'priority') : FieldPath.root('metadata', 'name');
      const before = (c.policy.metadata.name ?? '') < (p.metadata.name ?? '');
      notes.push({
        severity: 'note',
        ...c.source.origin.locate(field),
        object: describeObject(c.source),
        field: field.toString(),
        message:
          `converts to ${tier} priority ${priority}, which ClusterNetworkPolicy ${p.metadata.name} (${placeText(p.origin.locate(FieldPath.root()), { column: false })}) has too: ` +
          `the API leaves the order of equal priorities to implementations; Palisade takes ClusterNetworkPolicies before v1alpha1 policies, then by name, so ` +
          (before ? `the output comes before ${p.metadata.name} where the source came after it (the proof says whether that changes anything)` : `the output still comes after ${p.metadata.name}`),
      });
    }
  }
  return { conversions, errors, notes, failed };
}

/**
 * How to name an output apart: --name-prefix from a ClusterNetworkPolicy
 * already there (it renames every output); --baseline-name for the
 * BaselineAdminNetworkPolicy, the one output not named after its source.
 */
function renameHint(c: Conversion, same: readonly Conversion[], taken: boolean): string {
  const baseline = same.some((o) => o.source.kind === 'BaselineAdminNetworkPolicy');
  const prefix = taken ? ['--name-prefix (e.g. --name-prefix v1alpha1-) to name every output apart from the ClusterNetworkPolicies there'] : [];
  const rename = baseline ? [`--baseline-name (e.g. --baseline-name baseline) to name the BaselineAdminNetworkPolicy's output apart${c.source.kind === 'BaselineAdminNetworkPolicy' ? '' : ' from this one'}`] : [];
  return `give ${[...prefix, ...rename].join(', or ')}`;
}

/** What to do about an output the v1alpha2 CRD refuses. */
function outputHint(e: FieldError, c: Conversion, channel: CrdChannel): string {
  const path = e.path.segments;
  const direction = path[1] === 'ingress' || path[1] === 'egress' ? path[1] : undefined;
  if (e.type === 'TooMany' && direction && path.length === 2) {
    return `ClusterNetworkPolicy takes 25 ${direction} rules, AdminNetworkPolicy 100: split this policy by hand into several, the rules in their order, at priorities that keep them after the policies before it and before those after it`;
  }
  if (e.type === 'TooMany' && direction && (path[3] === 'from' || path[3] === 'to')) {
    return `a ClusterNetworkPolicy rule takes 25 peers: split this rule by hand into consecutive rules with the same action and ports, each with part of the peers (the same: the first that matches decides, and they decide alike)`;
  }
  if (e.type === 'TooMany' && direction && path[3] === 'protocols') {
    return `a ClusterNetworkPolicy rule takes 25 protocol entries: split this rule by hand into consecutive rules with the same action and peers, each with part of the ports`;
  }
  if (path[0] === 'metadata' && path[1] === 'name') return `${e.hint ? `${e.hint}; ` : ''}the name is the source's with --name-prefix${c.source.kind === 'BaselineAdminNetworkPolicy' ? ' (for this one --baseline-name)' : ''}: choose them so`;
  if (e.type === 'UnknownField' && channel === 'standard') return e.hint ?? 'the standard channel\'s ClusterNetworkPolicy CRD lacks this field: give --crd-channel experimental if that CRD is installed';
  return e.hint ?? 'change the source so that its conversion is valid, or convert this policy by hand';
}

/** The output as written to a manifest: the API's fields only. */
export function manifestOf(policy: ClusterNetworkPolicy): { apiVersion: string; kind: string; metadata: ClusterNetworkPolicy['metadata']; spec: ClusterNetworkPolicySpec } {
  return { apiVersion: policy.apiVersion, kind: policy.kind, metadata: policy.metadata, spec: policy.spec };
}
