/**
 * Reads manifests from text into typed objects: documents → (List items) →
 * objects of the kinds Palisade knows, each remembering where it came from.
 * Every problem becomes a located diagnostic; none stops the other objects.
 * Nothing here touches files or Node.js: browsers load text this way too.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { FieldPath } from '../model/field-path.js';
import {
  describeObject,
  type KubeObject,
  type Namespace,
  type NetworkPolicy,
  type ObjectMeta,
  type Origin,
  type Pod,
  type PodTemplateSpec,
  type Workload,
} from '../model/objects.js';
import { decode, DecodeBudgetExceeded, isPlainObject, type DecodeIssue } from './decode.js';
import { apiGroupOf, isReadKind, isWorkloadKind, KINDS, unreadPolicyKind, type ReadKind, type UnreadPolicyKind } from './kinds.js';
import { isKubeList, listItem } from './list-items.js';
import { locatorFor, type Locator } from './locator.js';
import { parseJson, parseYaml, type ParseResult } from './parse-document.js';
import { splitYamlDocuments } from './split-documents.js';

export interface TextLoadOptions {
  /** Namespace for objects that name none (`-n`); `default` otherwise. */
  defaultNamespace?: string;
}

/** A text to read, from a file or elsewhere. */
export interface InputFile {
  /** As users should see it: the path given, or `<stdin>`. */
  name: string;
  text: string;
  json: boolean;
}

export interface Manifests {
  namespaces: Namespace[];
  pods: Pod[];
  workloads: Workload[];
  policies: NetworkPolicy[];
  files: string[];
  documents: number;
  /** Objects of kinds Palisade does not read, counted by kind. */
  skipped: Record<string, number>;
  /** Among the skipped objects, the policies a cluster enforces but Palisade does not evaluate: answers ignore them. */
  ignoredPolicies: IgnoredPolicy[];
  diagnostics: Diagnostic[];
  /** Objects already found invalid while reading (wrong types, no pod template), with the fields at fault. */
  refused: Map<KubeObject, Set<string>>;
}

/** A policy of a kind Palisade does not evaluate (see `UNREAD_POLICY_KINDS`), and where it is. */
export interface IgnoredPolicy {
  kind: string;
  apiVersion: string;
  namespace?: string;
  name?: string;
  /** Who enforces it (`Cilium`), for messages. */
  by: string;
  file: string;
  line: number;
  column: number;
}

/** Loads manifests from a string: for library users, browsers and tests. */
export function loadText(text: string, name = '<text>', opts: TextLoadOptions = {}): Manifests {
  const collector = new Collector(opts.defaultNamespace ?? 'default');
  collector.addFile({ name, text, json: false });
  return collector.finish();
}

/** Gathers the objects of one or more texts; the later of two same-named objects wins. */
export class Collector {
  readonly diagnostics: Diagnostic[] = [];
  private readonly files: string[] = [];
  private documents = 0;
  private readonly skipped: Record<string, number> = {};
  private readonly ignoredPolicies: IgnoredPolicy[] = [];
  private readonly byKey = new Map<string, KubeObject>();
  private readonly refused = new Map<KubeObject, Set<string>>();

  constructor(
    private readonly defaultNamespace: string,
    private readonly parsed?: Map<string, ParseResult>,
  ) {}

  addFile(file: InputFile, progress?: (bytes: number) => void): void {
    this.files.push(file.name);
    const docs = file.json ? [{ text: file.text, firstLine: 0 }] : splitYamlDocuments(file.text);
    if (docs.length === 0) {
      this.diagnostics.push({ severity: 'warning', file: file.name, line: 1, column: 1, message: 'file is empty: no objects' });
    }
    for (const doc of docs) {
      progress?.(doc.text.length);
      const locator = locatorFor(file.name, doc.text, doc.firstLine, file.json);
      const key = `${file.json ? 'json' : 'yaml'}\u0000${doc.text}`;
      let parsed = this.parsed?.get(key);
      if (!parsed) {
        parsed = file.json ? parseJson(doc.text) : parseYaml(doc.text);
        this.parsed?.set(key, parsed);
      }
      if (!parsed.ok) {
        this.diagnostics.push({
          severity: 'error',
          type: 'Syntax',
          ...locator.at(parsed.line, parsed.column),
          message: parsed.message,
          hint: 'the objects of this document are not read; the rest of the file is',
        });
        continue;
      }
      if (parsed.value === null || parsed.value === undefined) continue; // an empty document
      this.documents++;
      this.addValue(parsed.value, locator, FieldPath.root());
    }
  }

  /** A document or List item: an object, or a List whose items are objects. */
  private addValue(value: unknown, locator: Locator, at: FieldPath): void {
    const where = () => locator.locate(at.segments);
    if (!isPlainObject(value)) {
      const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
      this.diagnostics.push({
        severity: 'error',
        type: 'Syntax',
        ...where(),
        message: `expected a Kubernetes object (a map with apiVersion and kind), found ${what}`,
      });
      return;
    }
    if (isKubeList(value)) {
      value.items.forEach((raw, i) => {
        const item = listItem(value, raw);
        const itemAt = at.child('items').index(i);
        if (item.ok) return this.addValue(item.object, locator, itemAt);
        const field = itemAt.child(item.field);
        this.diagnostics.push({ severity: 'error', type: 'Invalid', ...locator.locate(field.segments), field: field.toString(), message: item.message, hint: item.hint });
      });
      return;
    }
    const kind = value['kind'];
    const origin: Origin = { file: locator.file, locate: (path) => locator.locate([...at.segments, ...path.segments]) };
    const problem = (message: string, hint: string): void => {
      this.diagnostics.push({ severity: 'error', type: 'Invalid', ...where(), message, hint });
    };
    if (typeof kind !== 'string' || kind === '') {
      return problem('kind is not set', 'every object needs a kind, e.g. `kind: NetworkPolicy`');
    }
    const unread = unreadPolicyKind(kind, value['apiVersion']);
    if (unread || !isReadKind(kind)) {
      // Calico's NetworkPolicy is not Kubernetes' one: count it under its group.
      const counted = isReadKind(kind) ? `${kind}.${apiGroupOf(String(value['apiVersion']))}` : kind;
      this.skipped[counted] = (this.skipped[counted] ?? 0) + 1;
      if (unread?.enforced) this.ignorePolicy(unread, value, origin);
      return;
    }
    const expected = KINDS[kind].apiVersion;
    const apiVersion = value['apiVersion'];
    if (apiVersion !== expected) {
      const message =
        typeof apiVersion === 'string' && apiVersion !== ''
          ? `no matches for kind "${kind}" in version "${apiVersion}"`
          : `apiVersion is not set for kind "${kind}"`;
      return problem(message, `use apiVersion: ${expected}`);
    }
    this.addObject(kind, value, origin);
  }

  /** Remembers a policy Palisade does not evaluate, and warns at it: answers will be silent about what it does. */
  private ignorePolicy(unread: UnreadPolicyKind, value: Record<string, unknown>, origin: Origin): void {
    const metadata = isPlainObject(value['metadata']) ? value['metadata'] : {};
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const name = text(metadata['name']);
    const namespace = unread.clusterScoped ? undefined : (text(metadata['namespace']) ?? this.defaultNamespace);
    const apiVersion = text(value['apiVersion']) ?? '';
    const where = origin.locate(FieldPath.root());
    this.ignoredPolicies.push({ kind: unread.kind, apiVersion, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), by: unread.by, ...where });
    const object = `${unread.kind} ${[namespace, name ?? '<no name>'].filter(Boolean).join('/')}`;
    this.diagnostics.push({
      severity: 'warning',
      ...where,
      object,
      message: `Palisade does not evaluate ${unread.kind} of ${apiVersion || 'no apiVersion'} (${unread.by}): analysis ignores this policy, so connectivity in the cluster may be narrower than Palisade answers`,
      hint: `analysis commands warn about it; --fail-on-ignored-policies makes them exit 2`,
    });
  }

  private addObject(kind: ReadKind, value: Record<string, unknown>, origin: Origin): void {
    const issues: DecodeIssue[] = [];
    let decoded: Record<string, unknown>;
    try {
      decoded = decode(value, KINDS[kind].schema, FieldPath.root(), issues) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof DecodeBudgetExceeded)) throw e;
      this.diagnostics.push({ severity: 'error', type: 'Invalid', ...origin.locate(FieldPath.root()), message: e.message });
      return;
    }
    const metadata = (decoded['metadata'] ?? {}) as ObjectMeta;
    if (kind !== 'Namespace') metadata.namespace ||= this.defaultNamespace;
    const object = this.build(kind, decoded, metadata, origin);
    const name = describeObject(object);
    for (const issue of issues) {
      this.diagnostics.push({
        severity: issue.severity,
        type: issue.type,
        ...origin.locate(issue.path),
        object: name,
        field: issue.path.toString(),
        message: issue.message,
        ...(issue.hint ? { hint: issue.hint } : {}),
      });
    }
    const bad = issues.filter((i) => i.severity === 'error').map((i) => i.path.toString());
    if (bad.length > 0) this.refused.set(object, new Set([...(this.refused.get(object) ?? []), ...bad]));
    this.remember(object);
  }

  private build(kind: ReadKind, v: Record<string, unknown>, metadata: ObjectMeta, origin: Origin): KubeObject {
    const base = { apiVersion: KINDS[kind].apiVersion, metadata, origin };
    const spec = (v['spec'] ?? {}) as Record<string, unknown>;
    if (kind === 'Namespace') return { ...base, kind };
    if (kind === 'Pod') {
      return { ...base, kind, spec: { containers: [], ...spec }, status: (v['status'] ?? {}) as Pod['status'] };
    }
    if (kind === 'NetworkPolicy') return { ...base, kind, spec: { podSelector: {}, ...spec } };
    if (!isWorkloadKind(kind)) throw new Error(`unhandled kind ${kind as string}`);
    const cron = kind === 'CronJob';
    const templatePath = cron ? FieldPath.root('spec', 'jobTemplate', 'spec', 'template') : FieldPath.root('spec', 'template');
    const template = (
      cron ? ((spec['jobTemplate'] as Record<string, Record<string, unknown>> | undefined)?.['spec']?.['template']) : spec['template']
    ) as Partial<PodTemplateSpec> | undefined;
    if (!template) {
      this.diagnostics.push({
        severity: 'error',
        type: 'Required',
        ...origin.locate(templatePath),
        object: describeObject({ kind, metadata }),
        field: templatePath.toString(),
        message: 'Required value: a workload needs a pod template',
      });
    }
    const workload: Workload = {
      ...base,
      kind,
      ...(typeof spec['replicas'] === 'number' ? { replicas: spec['replicas'] } : {}),
      template: { metadata: template?.metadata ?? {}, spec: { containers: [], ...template?.spec } },
      templatePath,
    };
    if (!template) this.refused.set(workload, new Set([templatePath.toString()]));
    return workload;
  }

  /** Same kind, namespace and name: the later one wins, as with `kubectl apply`. */
  private remember(object: KubeObject): void {
    const key = describeObject(object);
    const earlier = this.byKey.get(key);
    if (earlier) {
      const at = earlier.origin.locate(FieldPath.root());
      this.diagnostics.push({
        severity: 'warning',
        type: 'Duplicate',
        ...object.origin.locate(FieldPath.root()),
        object: key,
        message: `${key} is defined more than once; this definition replaces the one at ${at.file}:${at.line}:${at.column}`,
        hint: 'remove one of them: kubectl apply would keep only the last',
      });
      this.byKey.delete(key); // re-insert so the order follows the winning definition
      this.refused.delete(earlier);
    }
    this.byKey.set(key, object);
  }

  finish(): Manifests {
    const objects = [...this.byKey.values()];
    const namespaces = objects.filter((o): o is Namespace => o.kind === 'Namespace');
    const declared = new Set(namespaces.map((n) => n.metadata.name));
    for (const o of objects) {
      const ns = o.metadata.namespace;
      if (o.kind === 'Namespace' || ns === undefined || declared.has(ns)) continue;
      declared.add(ns);
      namespaces.push(this.implicitNamespace(ns, o));
    }
    return {
      namespaces,
      pods: objects.filter((o): o is Pod => o.kind === 'Pod'),
      workloads: objects.filter((o): o is Workload => isWorkloadKind(o.kind)),
      policies: objects.filter((o): o is NetworkPolicy => o.kind === 'NetworkPolicy'),
      files: this.files,
      documents: this.documents,
      skipped: this.skipped,
      ignoredPolicies: this.ignoredPolicies,
      diagnostics: this.diagnostics,
      refused: this.refused,
    };
  }

  /** A namespace that objects use but no manifest declares. */
  private implicitNamespace(name: string, firstUser: KubeObject): Namespace {
    const field = FieldPath.root('metadata', 'namespace');
    this.diagnostics.push({
      severity: 'note',
      ...firstUser.origin.locate(field),
      object: describeObject(firstUser),
      field: field.toString(),
      message: `namespace "${name}" is not declared in the manifests; assuming it exists with no labels but kubernetes.io/metadata.name=${name}`,
      hint: 'add the Namespace object if namespaceSelectors should see its labels',
    });
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, origin: firstUser.origin, implicit: true };
  }
}
