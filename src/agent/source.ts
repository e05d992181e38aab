/**
 * Where the agent learns the cluster's state: manifest files, polled; or a
 * live cluster, listed and watched through its API server.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifests, type DecodeCache, type Manifests } from '../sources/load.js';
import type { ClusterWatch } from '../sources/live/cluster-watch.js';

export interface StateSource {
  /** A human name for logs (`files under /etc/palisade/cluster`). */
  readonly name: string;
  /** The state now, or undefined while the source has no complete view of it (nothing may be applied from a partial one). */
  load(): Manifests | undefined;
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

/** A live cluster: the objects its watch keeps, whole once every resource is listed (see ClusterWatch). */
export class KubernetesSource implements StateSource {
  readonly name: string;

  constructor(private readonly cluster: ClusterWatch, context: string, server: string) {
    this.name = `cluster ${context} (${server})`;
  }

  /** Objects decoded in earlier rounds: only those the watch replaced are decoded again. */
  private readonly decoded: DecodeCache = new WeakMap();

  load(): Manifests | undefined {
    const snapshot = this.cluster.snapshot();
    return snapshot ? loadManifests([], { cluster: snapshot, decoded: this.decoded }) : undefined;
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
