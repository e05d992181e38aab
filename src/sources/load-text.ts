/**
 * Reads manifests from text into typed objects: documents → (List items) →
 * objects of the kinds Palisade knows, each remembering where it came from.
 * Every problem becomes a located diagnostic; none stops the other objects.
 * Nothing here touches files or Node.js: browsers load text this way too.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { FieldPath } from '../model/field-path.js';
import { apiGroupOf, emptyBuckets, entryOf, isKind, KINDS, type Buckets, type KindEntry } from '../model/kinds.js';
import { describeObject, placeText, type KubeObject, type Namespace, type ObjectMeta, type Origin } from '../model/objects.js';
import { decode, DecodeBudgetExceeded, isPlainObject, type DecodeIssue } from './decode.js';
import { isKubeList, listItem } from './list-items.js';
import { locatorFor, type Locator } from './locator.js';
import { parseJson, parseYaml, type ParseResult } from './parse-document.js';
import { fileDocuments } from './split-documents.js';
import { unreadPolicyKind, type UnreadPolicyKind } from './unread-policy-kinds.js';

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
  /**
   * Laid over the texts read before it (the UI's editor over the loaded
   * files): its objects replace theirs without a Duplicate warning, as a
   * file's replace a live cluster's.
   */
  overlay?: boolean;
}

/** The objects read, in the buckets the registry of kinds assigns (namespaces, pods, workloads, policies), and what reading found. */
export interface Manifests extends Buckets {
  files: string[];
  /** The live cluster read before the files, when there was one (`--cluster`): its context and how many objects it gave. */
  cluster?: { context: string; objects: number };
  documents: number;
  /** Objects of kinds Palisade does not read, counted by kind. */
  skipped: Record<string, number>;
  /** Among the skipped objects, the policies a cluster enforces of kinds Palisade does not read: answers ignore them, and say so. */
  unreadPolicies: IgnoredPolicy[];
  diagnostics: Diagnostic[];
  /** Objects already found invalid while reading (wrong types, no pod template), with the fields at fault. */
  refused: Map<KubeObject, Set<string>>;
}

/** A policy of a kind Palisade does not read (see `UNREAD_POLICY_KINDS`), and where it is. */
export interface IgnoredPolicy {
  kind: string;
  apiVersion: string;
  namespace?: string;
  name?: string;
  /** Who enforces it (`Cilium`), for messages. */
  by: string;
  /** Where it is: a file position, or, read from an API server, the object with no line (see `Place`). */
  file: string;
  line?: number;
  column?: number;
}

/**
 * Objects already decoded, by the very document value they came from: a
 * source that hands the same values again (a live cluster's copy, where
 * only changed objects are new values) decodes each once.
 */
export type DecodeCache = WeakMap<object, { object: KubeObject; diagnostics: Diagnostic[]; refused?: Set<string> }>;

/** Loads manifests from a string: for library users, browsers and tests. */
export function loadText(text: string, name = '<text>', opts: TextLoadOptions = {}): Manifests {
  const collector = new Collector(opts.defaultNamespace ?? 'default');
  collector.addFile({ name, text, json: false });
  return collector.finish();
}

/** What a loader gathered before reading any text: the files, what gathering them found, and a live cluster's objects. */
export interface Gathered {
  files: readonly InputFile[];
  /** An unreadable file, a kustomize warning: problems of the gathering, reported with the objects'. */
  diagnostics: readonly Diagnostic[];
  /** A live cluster's objects, read first: the files' objects replace those of the same kind, namespace and name. */
  cluster?: { context: string; objects: readonly { value: Record<string, unknown>; origin: Origin }[] };
}

export interface CollectOptions extends TextLoadOptions {
  /**
   * Documents already parsed, by their text, to reuse and to add to: two
   * versions of a repository (a diff) are mostly the same documents. Parsed
   * values are only read, never changed, so sharing them is safe.
   */
  parsed?: Map<string, ParseResult>;
  /** Objects decoded by earlier loads, to reuse for the same document values (see DecodeCache). */
  decoded?: DecodeCache;
  /** Called as documents are read, with the bytes done and in all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The objects of what was gathered: the live cluster, then each file over
 * it. The one way from gathered input to manifests, for the commands and for
 * the page's worker, so both read the same input alike.
 */
export function collectManifests(gathered: Gathered, opts: CollectOptions = {}): Manifests {
  return collectorFor(gathered, opts).finish();
}

/** A collector that has read what was gathered: its `finish()` is collectManifests', and a fork of it reads on (the page's editor). */
export function collectorFor(gathered: Gathered, opts: CollectOptions = {}): Collector {
  const collector = new Collector(opts.defaultNamespace ?? 'default', opts.parsed, opts.decoded);
  collector.diagnostics.push(...gathered.diagnostics);
  if (gathered.cluster) collector.addCluster(gathered.cluster.context, gathered.cluster.objects);
  const total = gathered.files.reduce((n, f) => n + f.text.length, 0);
  let done = 0;
  for (const file of gathered.files) collector.addFile(file, (bytes) => opts.onProgress?.((done += bytes), total));
  opts.onProgress?.(total, total);
  return collector;
}

/** Gathers the objects of one or more texts; the later of two same-named objects wins. */
export class Collector {
  readonly diagnostics: Diagnostic[] = [];
  private readonly files: string[] = [];
  private documents = 0;
  private readonly skipped: Record<string, number> = {};
  private readonly unreadPolicies: IgnoredPolicy[] = [];
  private readonly byKey = new Map<string, KubeObject>();
  private readonly refused = new Map<KubeObject, Set<string>>();
  private cluster: Manifests['cluster'];

  constructor(
    private readonly defaultNamespace: string,
    private readonly parsed?: Map<string, ParseResult>,
    private readonly decoded?: DecodeCache,
  ) {}

  addFile(file: InputFile, progress?: (bytes: number) => void): void {
    this.files.push(file.name);
    const docs = file.json ? [{ text: file.text, firstLine: 0 }] : fileDocuments(file);
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
      this.addValue(parsed.value, locator, FieldPath.root(), file.overlay === true);
    }
  }

  /** The objects of a live cluster, read before any file so that a file's object replaces the live one of its name. */
  addCluster(context: string, objects: readonly { value: Record<string, unknown>; origin: Origin }[]): void {
    for (const o of objects) this.addObject(o.value, o.origin);
    this.cluster = { context, objects: objects.length };
  }

  /** A document or List item: an object, or a List whose items are objects. */
  private addValue(value: unknown, locator: Locator, at: FieldPath, overlay: boolean): void {
    if (!isPlainObject(value)) {
      const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
      this.diagnostics.push({
        severity: 'error',
        type: 'Syntax',
        ...locator.locate(at.segments),
        message: `expected a Kubernetes object (a map with apiVersion and kind), found ${what}`,
      });
      return;
    }
    if (isKubeList(value)) {
      value.items.forEach((raw, i) => {
        const item = listItem(value, raw);
        const itemAt = at.child('items').index(i);
        if (item.ok) return this.addValue(item.object, locator, itemAt, overlay);
        const field = itemAt.child(item.field);
        this.diagnostics.push({ severity: 'error', type: 'Invalid', ...locator.locate(field.segments), field: field.toString(), message: item.message, hint: item.hint });
      });
      return;
    }
    this.addObject(value, { kind: 'file', file: locator.file, ...(overlay ? { overlay } : {}), locate: (path) => locator.locate([...at.segments, ...path.segments]) });
  }

  /**
   * One object, already parsed, and where it came from: a document of a
   * file, or an object an API server returned. Kinds the registry lacks are
   * counted as skipped, never read as something else.
   */
  addObject(value: Record<string, unknown>, origin: Origin): void {
    const kind = value['kind'];
    const problem = (message: string, hint: string): void => {
      this.diagnostics.push({ severity: 'error', type: 'Invalid', ...origin.locate(FieldPath.root()), message, hint });
    };
    if (typeof kind !== 'string' || kind === '') {
      return problem('kind is not set', 'every object needs a kind, e.g. `kind: NetworkPolicy`');
    }
    const unread = unreadPolicyKind(kind, value['apiVersion']);
    if (unread || !isKind(kind)) {
      // Calico's NetworkPolicy is not Kubernetes' one: count it under its group.
      const counted = isKind(kind) ? `${kind}.${apiGroupOf(String(value['apiVersion']))}` : kind;
      this.skipped[counted] = (this.skipped[counted] ?? 0) + 1;
      if (unread?.enforced) this.ignorePolicy(unread, value, origin);
      return;
    }
    const entry: KindEntry = KINDS[kind];
    const apiVersion = value['apiVersion'];
    if (typeof apiVersion !== 'string' || !entry.apiVersions.includes(apiVersion)) {
      const message =
        typeof apiVersion === 'string' && apiVersion !== ''
          ? `no matches for kind "${kind}" in version "${apiVersion}"`
          : `apiVersion is not set for kind "${kind}"`;
      return problem(message, `use apiVersion: ${entry.apiVersions.join(' or ')}`);
    }
    this.decodeObject(entry, value, apiVersion, origin);
  }

  /** Remembers a policy Palisade does not evaluate, and warns at it: answers will be silent about what it does. */
  private ignorePolicy(unread: UnreadPolicyKind, value: Record<string, unknown>, origin: Origin): void {
    const metadata = isPlainObject(value['metadata']) ? value['metadata'] : {};
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const name = text(metadata['name']);
    const namespace = unread.clusterScoped ? undefined : (text(metadata['namespace']) ?? this.defaultNamespace);
    const apiVersion = text(value['apiVersion']) ?? '';
    const policy: IgnoredPolicy = { kind: unread.kind, apiVersion, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), by: unread.by, ...origin.locate(FieldPath.root()) };
    this.unreadPolicies.push(policy);
    this.diagnostics.push(ignoredPolicyWarning(policy));
  }

  private decodeObject(entry: KindEntry, value: Record<string, unknown>, apiVersion: string, origin: Origin): void {
    const known = this.decoded?.get(value);
    if (known) {
      this.diagnostics.push(...known.diagnostics);
      if (known.refused) this.refused.set(known.object, known.refused);
      return this.remember(known.object);
    }
    const diagnostics: Diagnostic[] = [];
    const issues: DecodeIssue[] = [];
    let decoded: Record<string, unknown>;
    try {
      decoded = decode(value, entry.schema, FieldPath.root(), issues) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof DecodeBudgetExceeded)) throw e;
      this.diagnostics.push({ severity: 'error', type: 'Invalid', ...origin.locate(FieldPath.root()), message: e.message });
      return;
    }
    const metadata = (decoded['metadata'] ?? {}) as ObjectMeta;
    if (entry.namespaced) metadata.namespace ||= this.defaultNamespace;
    const { object, missing } = entry.build(decoded, { apiVersion, metadata, origin });
    const name = describeObject(object);
    if (missing) {
      diagnostics.push({
        severity: 'error',
        type: 'Required',
        ...origin.locate(missing.path),
        object: name,
        field: missing.path.toString(),
        message: missing.message,
      });
    }
    for (const issue of issues) {
      diagnostics.push({
        severity: issue.severity,
        type: issue.type,
        ...origin.locate(issue.path),
        object: name,
        field: issue.path.toString(),
        message: issue.message,
        ...(issue.hint ? { hint: issue.hint } : {}),
      });
    }
    const bad = [...(missing ? [missing.path] : []), ...issues.filter((i) => i.severity === 'error').map((i) => i.path)];
    const refused = bad.length > 0 ? new Set(bad.map(String)) : undefined;
    this.decoded?.set(value, { object, diagnostics, ...(refused ? { refused } : {}) });
    this.diagnostics.push(...diagnostics);
    if (refused) this.refused.set(object, refused);
    this.remember(object);
  }

  /** Same kind, namespace and name: the later one wins, as with `kubectl apply`. */
  private remember(object: KubeObject): void {
    const key = describeObject(object);
    const earlier = this.byKey.get(key);
    // A file's object replacing the live one is what `-f` with `--cluster` asks for, and the editor's replacing a file's what editing is for: not duplicates.
    if (earlier && layer(earlier) >= layer(object)) {
      const at = earlier.origin.locate(FieldPath.root());
      this.diagnostics.push({
        severity: 'warning',
        type: 'Duplicate',
        ...object.origin.locate(FieldPath.root()),
        object: key,
        message: `${key} is defined more than once; this definition replaces the one at ${placeText(at)}`,
        hint: 'remove one of them: kubectl apply would keep only the last',
      });
    }
    if (earlier) {
      this.byKey.delete(key); // re-insert so the order follows the winning definition
      this.refused.delete(earlier);
    }
    this.byKey.set(key, object);
  }

  /**
   * A collector that has read what this one has, to read more into without
   * changing this one: the UI lays each version of its editor's text over
   * the loaded files without reading the files again.
   */
  fork(): Collector {
    const copy = new Collector(this.defaultNamespace, this.parsed, this.decoded);
    copy.diagnostics.push(...this.diagnostics);
    copy.files.push(...this.files);
    copy.documents = this.documents;
    Object.assign(copy.skipped, this.skipped);
    copy.unreadPolicies.push(...this.unreadPolicies);
    for (const [key, object] of this.byKey) copy.byKey.set(key, object);
    for (const [object, fields] of this.refused) copy.refused.set(object, fields);
    copy.cluster = this.cluster;
    return copy;
  }

  /** The manifests read; the collector itself is left as it was, so that a fork of it reads on from there. */
  finish(): Manifests {
    const diagnostics = [...this.diagnostics];
    const buckets = emptyBuckets();
    for (const o of this.byKey.values()) (buckets[entryOf(o).bucket] as KubeObject[]).push(o);
    const declared = new Set(buckets.namespaces.map((n) => n.metadata.name));
    for (const o of this.byKey.values()) {
      const ns = o.metadata.namespace;
      if (!entryOf(o).namespaced || ns === undefined || declared.has(ns)) continue;
      declared.add(ns);
      buckets.namespaces.push(implicitNamespace(ns, o, diagnostics));
    }
    return {
      ...buckets,
      files: this.files,
      ...(this.cluster ? { cluster: this.cluster } : {}),
      documents: this.documents,
      skipped: this.skipped,
      unreadPolicies: this.unreadPolicies,
      diagnostics,
      refused: this.refused,
    };
  }
}

/** The warning at a policy that answers ignore: they will be silent about what it does. */
function ignoredPolicyWarning(p: IgnoredPolicy): Diagnostic {
  const { file, line, column } = p;
  return {
    severity: 'warning',
    file,
    ...(line !== undefined ? { line, column } : {}),
    object: `${p.kind} ${[p.namespace, p.name ?? '<no name>'].filter(Boolean).join('/')}`,
    message: `Palisade does not evaluate ${p.kind} of ${p.apiVersion || 'no apiVersion'} (${p.by}): analysis ignores this policy, so connectivity in the cluster may be narrower than Palisade answers`,
    hint: `analysis commands warn about it; --fail-on-ignored-policies makes them exit 2`,
  };
}

/** The sources in the order they are laid over one another: a live cluster, files, then overlays (the UI's editor). */
function layer(o: KubeObject): number {
  return o.origin.kind === 'api' ? 0 : o.origin.overlay ? 2 : 1;
}

/** A namespace that objects use but no manifest declares, and the note that says so. */
function implicitNamespace(name: string, firstUser: KubeObject, diagnostics: Diagnostic[]): Namespace {
  const field = FieldPath.root('metadata', 'namespace');
  diagnostics.push({
    severity: 'note',
    ...firstUser.origin.locate(field),
    object: describeObject(firstUser),
    field: field.toString(),
    message: `namespace "${name}" is not declared in the manifests; assuming it exists with no labels but kubernetes.io/metadata.name=${name}`,
    hint: 'add the Namespace object if namespaceSelectors should see its labels',
  });
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, origin: firstUser.origin, implicit: true };
}
