/** The messages between the page (app.ts) and the engine's worker (worker.ts). */
import type { ConnectivityDiff } from '../analysis/diff.js';
import type { Severity } from '../model/diagnostic.js';
import type { InputFile } from '../sources/load-text.js';
import type { CrdChannel } from '../validation/kubernetes-version.js';

/** One version of the input, as the command read it. */
export interface PageInput {
  /** How the page names it: the paths given, or a git revision. */
  label: string;
  files: InputFile[];
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
  | { type: 'endpoint'; endpoint: number; port: number }
  /** The policies the editor can start from. */
  | { type: 'policies' }
  /** One of them as YAML: answered with its text. */
  | { type: 'policy'; policy: number }
  /** The editor's text, to check against the loaded state. */
  | { type: 'edit'; text: string };

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

/** The NetworkPolicies and ClusterNetworkPolicies read, valid or not: `label` as messages name them, `file` a name to save one as. */
export interface Policies {
  type: 'policies';
  policies: { label: string; file: string }[];
}

/** The editor's text read after the loaded files, its objects replacing theirs. */
export interface Edited {
  type: 'edited';
  /** Its diagnostics as `palisade validate` words them, at their 1-based line and column in the editor's text. */
  diagnostics: { severity: Severity; line: number; column: number; text: string }[];
  /** The connections it gains and loses against the loaded state, as `palisade diff -o json` has them (without the labels)... */
  diff: ConnectivityDiff;
  /** ...and as `palisade diff` prints them. */
  diffText: string;
}

export type Reply = Loaded | Policies | Edited | { type: 'text'; text: string } | { type: 'error'; message: string };
