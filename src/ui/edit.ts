/**
 * The editor's text laid over the loaded files, read as `palisade validate`
 * reads files (the same loader, validator and options) and compared as
 * `palisade diff` compares two versions: the loaded state against it with
 * the editor's objects replacing those of the same kind, namespace and name.
 * Edits follow each other quickly, so each one takes only what it changes:
 * the head engine is updated, not compiled again, and the diff works out
 * only the sides whose policies changed (see connectivityDiff).
 * Audited policies are left out of both sides, as the rest of the page
 * leaves them out.
 */
import { connectivityDiff, diffPorts, KeptBase } from '../analysis/diff.js';
import { clusterOf, enforcedPart, type Cluster } from '../engine/cluster.js';
import { clusterChanges } from '../engine/cluster-changes.js';
import { Engine } from '../engine/engine.js';
import { describeObject, type KubeObject, type NetworkPolicy, type TieredPolicy } from '../model/objects.js';
import type { Collector, Manifests } from '../sources/load-text.js';
import type { ValidationOptions } from '../validation/index.js';
import type { FieldError } from '../validation/field-error.js';
import { validateManifests } from '../validation/manifests.js';
import { formatDiagnostic } from '../cli/format/diagnostics.js';
import { diffTable } from '../cli/format/diff.js';
import { stopwatch } from './stopwatch.js';
import { policySource } from './policy-source.js';
import { LISTED_CHANGES, type Edited, type PageInput, type Policies } from './protocol.js';

/** How messages name the editor's text: like `<stdin>`, a name no file has. */
const EDITOR_FILE = '<editor>';

/** What the page loaded, kept for the edits. */
export interface LoadedState {
  input: PageInput;
  /** Has read the input's files; each edit reads on in a fork of it, so the files are read once. */
  collector: Collector;
  manifests: Manifests;
  /** What the page shows: the base of every edit's diff. */
  engine: Engine;
  opts: ValidationOptions;
  /** The field errors of objects validated so far: the loaded objects, the same in every edit, are validated once. */
  memo: WeakMap<KubeObject, FieldError[]>;
}

export class Overlay {
  /** Those the editor can start from: every one read, valid or not (an invalid one is worth mending here). */
  private readonly policyList: (NetworkPolicy | TieredPolicy)[];

  /**
   * The editor's version as an engine: compiled at the first edit, then
   * brought from one edit's cluster to the next by the objects that changed,
   * as the agent takes a cluster's updates.
   */
  private head: { engine: Engine; cluster: Cluster } | undefined;
  /** What every edit's diff against the loaded state (which does not change) works out once. */
  private readonly kept: KeptBase;

  constructor(private readonly loaded: LoadedState) {
    this.policyList = [...loaded.manifests.policies, ...loaded.manifests.clusterPolicies, ...loaded.manifests.adminPolicies];
    this.kept = new KeptBase(loaded.engine);
  }

  private headOf(cluster: Cluster): Engine {
    if (!this.head) this.head = { engine: Engine.compile(cluster), cluster };
    for (const change of clusterChanges(this.head.cluster, cluster)) this.head.engine.apply(change);
    this.head.cluster = cluster;
    return this.head.engine;
  }

  policies(): Policies {
    return { type: 'policies', policies: this.policyList.map((p) => ({ label: describeObject(p), file: `${p.metadata.name ?? 'policy'}.yaml` })) };
  }

  policySource(index: number): string {
    return policySource(this.policyList[index]!, this.loaded.input.files);
  }

  edit(text: string): Edited {
    const { timings, lap } = stopwatch();
    const { collector, engine: base, opts, memo, input } = this.loaded;
    const reading = collector.fork();
    reading.addFile({ name: EDITOR_FILE, text, json: false, overlay: true });
    const manifests = reading.finish();
    const report = validateManifests(manifests, opts, memo);
    lap('read');
    const first = !this.head;
    const head = this.headOf(enforcedPart(clusterOf(manifests, report)));
    lap('update');
    const ports = diffPorts(base, head);
    // The first check (the editor opening) also works out what every loaded side admits and the outside world's classes: later ones, as the user types, look them up.
    if (first) this.kept.workOut(ports);
    const diff = connectivityDiff(base, head, ports, { kept: this.kept });
    lap('diff');
    const diagnostics = report.diagnostics.filter((d) => d.file === EDITOR_FILE).map((d) => ({ severity: d.severity, line: d.line ?? 1, column: d.column ?? 1, text: formatDiagnostic(d) }));
    const diffText = diffTable({ diff, labels: { base: input.label, head: `${input.label} + ${EDITOR_FILE}` }, base, head }, LISTED_CHANGES);
    lap('words');
    return { type: 'edited', diagnostics, diff, diffText, timings };
  }
}
