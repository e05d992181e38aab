/** The messages between the page (app.ts) and the engine's worker (worker.ts). */
import type { Diagnostic } from '../model/diagnostic.js';
import type { InputFile } from '../sources/load-text.js';
import type { CrdChannel } from '../validation/kubernetes-version.js';

/** One version of the input, as the command gathered it: enough to read it again exactly as the commands read it (see manifestsOf). */
export interface PageInput {
  /** How the page names it, as `palisade diff` labels a side: the paths given, a git revision, `cluster CONTEXT + PATH`. */
  label: string;
  /** The -f files and the -k output (`<kubectl kustomize DIR>`), named as the commands' messages name them. */
  files: InputFile[];
  /** What gathering the files found that does not stop a command: a kustomize warning. */
  diagnostics?: Diagnostic[];
  /** `-n`: the namespace of objects that name none (`default` otherwise). */
  namespace?: string;
  /** `--cluster`: the live objects, laid under the files, as the API server returned them. */
  cluster?: { context: string; server: string; objects: Record<string, unknown>[] };
}

/** What the page embeds: the input, and how to validate it. */
export interface PageData {
  /** The state the page shows. */
  head: PageInput;
  /** The version before (`--base`), for the Diff view. */
  base?: PageInput;
  kubernetesVersion: string;
  crdChannel: CrdChannel;
}

export type Request =
  | { type: 'load'; data: PageData }
  | { type: 'check'; from: number; to: number; port: number }
  | { type: 'endpoint'; endpoint: number; port: number };

/** The truth table as `palisade matrix -o json --group-by pod` has it: per port, one string of 0/1 per source row. */
export interface Loaded {
  type: 'loaded';
  endpoints: { ref: string; namespace: string }[];
  ports: string[];
  allowed: string[][];
  /** Each diagnostic as `palisade validate` words it. */
  diagnostics: string[];
  /** Policies of kinds Palisade does not evaluate, which the answers ignore, as the commands warn of them; none when there are none. */
  ignoredPolicies: string[];
}

export type Reply = Loaded | { type: 'text'; text: string } | { type: 'error'; message: string };
