/** The messages between the page (app.ts) and the engine's worker (worker.ts). */
import type { ConnectivityDiff } from '../analysis/diff.js';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { InputFile } from '../sources/load-text.js';
import type { CrdChannel } from '../validation/kubernetes-version.js';

/** How long the editor waits for typing to pause before the worker checks the text (the bench counts it in an edit's time). */
export const TYPING_PAUSE_MS = 50;

/** The most changes the diff texts of the Editor and the Diff view list: a wide edit changes tens of thousands, more than anyone reads or the page shows quickly. */
export const LISTED_CHANGES = 500;

/** One version of the input, as the command gathered it: enough to read it again exactly as the commands read it (see collectorOf). */
export interface PageInput {
  /** How the page names it, as `palisade diff` labels a side: the paths given, a git revision, `cluster CONTEXT + PATH`. */
  label: string;
  /** The -f files and the -k output (`<kubectl kustomize DIR>`), named as the commands' messages name them. */
  files: InputFile[];
  /** What gathering the files found that does not stop a command: a kustomize warning. */
  diagnostics?: Diagnostic[];
  /** `-n`: the namespace of objects that name none (`default` otherwise), and the one whose endpoints the page shows (as `matrix -n`). */
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
  /** `data`: the PageData as JSON; from the page to its worker, packed as the page embeds it (pack.ts). */
  | { type: 'load'; data: string }
  | { type: 'check'; from: number; to: number; port: number }
  /** `group`: the endpoint stands for these (its identity group), which the answer lists. */
  | { type: 'endpoint'; endpoint: number; port: number; group?: number[] }
  | { type: 'port'; port: number }
  /** The policies the editor can start from. */
  | { type: 'policies' }
  /** One of them as YAML: answered with its text. */
  | { type: 'policy'; policy: number }
  /** The editor's text, to check against the loaded state. */
  | { type: 'edit'; text: string };

/** The tiers of the policies that take part in one side of a group; none when no policy selects it and every peer gets through. */
export type SideTiers = ('admin' | 'namespace' | 'baseline')[];

/** Endpoints no policy tells apart (one identity), as `palisade matrix --group-by identity` rows them. */
export interface ViewGroup {
  label: string;
  namespace: string;
  /** The labels its pods share: what policies select them by. */
  labels: Record<string, string>;
  /** Indices into `Loaded.endpoints`. */
  members: number[];
  ingress: SideTiers;
  egress: SideTiers;
}

/** One port's connectivity between groups, and with the addresses outside the cluster. */
export interface PortView {
  type: 'port';
  port: number;
  /** Row `from` starts at word `from * wordsPerRow`; bit `to` says whether pods of `from` may connect to (other) pods of `to`. */
  wordsPerRow: number;
  words: Uint32Array;
  outside: {
    /** The classes of addresses that the ipBlocks tell apart, as `0.0.0.0/0 except 10.0.0.0/8`. */
    classes: string[];
    /** Per group, the classes its side admits; null when no policy selects the side (it admits every address). */
    ingress: (number[] | null)[];
    egress: (number[] | null)[];
  };
}

export interface Loaded {
  type: 'loaded';
  /** Milliseconds each phase of loading took in the worker: read, validate, compile, group. */
  timings: Record<string, number>;
  endpoints: { ref: string; namespace: string; group: number }[];
  groups: ViewGroup[];
  ports: string[];
  /** Few enough endpoints for a table of pods: the truth table as `palisade matrix -o json --group-by pod` has it, per port one string of 0/1 per source row. */
  allowed?: string[][];
  /** Each diagnostic as `palisade validate` words it. */
  diagnostics: string[];
  /** Policies of kinds Palisade does not evaluate, which the answers ignore, as the commands warn of them; none when there are none. */
  ignoredPolicies: string[];
  /** With a base version (`--base`): what changes from it to the one shown, as `palisade diff` has it (JSON) and prints it. */
  versions?: { labels: { base: string; head: string }; diff: ConnectivityDiff; text: string };
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
  /** Milliseconds each phase of the check took in the worker: read (and validate), update (the edited version's engine), diff, words. */
  timings: Record<string, number>;
}

export type Reply = Loaded | PortView | Policies | Edited | { type: 'text'; text: string } | { type: 'error'; message: string };
