/**
 * Where the agent learns the cluster's state: manifest files, polled; or a
 * live cluster, listed and watched through its API server.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifests, type DecodeCache, type Manifests } from '../sources/load.js';
import type { Kind } from '../model/kinds.js';
import type { ClusterWatch, ObjectChange } from '../sources/live/cluster-watch.js';

export interface StateSource {
  /** A human name for logs (`files under /etc/palisade/cluster`). */
  readonly name: string;
  /** The state now, or undefined while the source has no complete view of it (nothing may be applied from a partial one). */
  load(): Manifests | undefined;
  /**
   * What changed since the last `load()` or `changes()`, object by object,
   * for sources that know (a watch): the objects written, decoded, and the
   * ones deleted. Undefined when the source cannot say (it lost track and
   * listed again, or it only has whole snapshots): then `load()` whole.
   */
  changes?(): ObjectChanges | undefined;
  /** Calls `changed` when the state may have changed; returns a function that stops watching. */
  watch(changed: () => void): () => void;
}

/** Manifest files and directories, polled for changes (new, removed or modified files), and kustomizations (read, not watched). */
export class FileSource implements StateSource {
  readonly name: string;

  constructor(
    private readonly paths: string[],
    private readonly intervalMs = 1000,
    private readonly defaultNamespace?: string,
    private readonly kustomize: string[] = [],
  ) {
    this.name = [paths.length ? `files ${paths.join(', ')}` : '', kustomize.length ? `kustomizations ${kustomize.join(', ')}` : ''].filter(Boolean).join('; ');
  }

  load(): Manifests {
    return loadManifests(this.paths, { kustomize: this.kustomize, ...(this.defaultNamespace ? { defaultNamespace: this.defaultNamespace } : {}) });
  }

  watch(changed: () => void): () => void {
    let last = this.fingerprint();
    const timer = setInterval(() => {
      const now = this.fingerprint();
      if (now !== last) {
        last = now;
        changed();
      }
    }, this.intervalMs);
    return () => clearInterval(timer);
  }

  /** Paths, sizes and modification times of every file read: cheap to compare each interval. */
  private fingerprint(): string {
    const parts: string[] = [];
    const visit = (path: string) => {
      let st;
      try {
        st = statSync(path);
      } catch {
        parts.push(`${path}:missing`);
        return;
      }
      if (st.isDirectory()) {
        for (const entry of readdirSync(path).sort()) if (!entry.startsWith('.')) visit(join(path, entry));
      } else {
        parts.push(`${path}:${st.size}:${st.mtimeMs}`);
      }
    };
    this.paths.forEach(visit);
    return parts.join('\n');
  }
}

export interface ObjectChanges {
  /** The objects written, each as last written. */
  written: Manifests;
  /** The objects deleted (of kinds Palisade reads). */
  deleted: { kind: Kind; namespace?: string; name: string }[];
  /** Whether a policy answers must warn about (another plugin's, or one Palisade reads but does not evaluate) was written or deleted. */
  ignoredPolicyChanged: boolean;
}

/** A live cluster: the objects its watch keeps, whole once every resource is listed (see ClusterWatch). */
export class KubernetesSource implements StateSource {
  readonly name: string;
  /** Objects decoded in earlier rounds: only those the watch replaced are decoded again. */
  private readonly decoded: DecodeCache = new WeakMap();
  /** The last change of each object since the last load or changes; undefined when the watch lost track (a list replaced a copy). */
  private pending: Map<string, ObjectChange> | undefined;

  constructor(
    private readonly cluster: ClusterWatch,
    context: string,
    server: string,
  ) {
    this.name = `cluster ${context} (${server})`;
    cluster.onChange((change) => {
      if (!change) this.pending = undefined;
      else this.pending?.set(`${change.kind}/${change.namespace ?? ''}/${change.name}`, change);
    });
  }

  load(): Manifests | undefined {
    const snapshot = this.cluster.snapshot();
    if (!snapshot) return undefined;
    this.pending = new Map();
    return loadManifests([], { cluster: snapshot, decoded: this.decoded });
  }

  changes(): ObjectChanges | undefined {
    const pending = this.pending;
    if (!pending || !this.cluster.synced()) return undefined;
    this.pending = new Map();
    const last = [...pending.values()];
    const written = loadManifests([], { cluster: { context: '', objects: last.filter((c) => c.op === 'upsert').map((c) => c.object) }, decoded: this.decoded });
    const deleted = last
      .filter((c) => c.op === 'delete' && c.read)
      .map((c) => ({ kind: c.kind as Kind, ...(c.namespace !== undefined ? { namespace: c.namespace } : {}), name: c.name }));
    return { written, deleted, ignoredPolicyChanged: last.some((c) => !c.read) };
  }

  watch(changed: () => void): () => void {
    const stopListening = this.cluster.onChange(changed);
    void this.cluster.start();
    return () => {
      stopListening();
      this.cluster.stop();
    };
  }
}
