/**
 * The input options every command shares (`-f`, `-k`, `--cluster` with
 * `--kubeconfig` and `--context`, `-n`, `--kubernetes-version`,
 * `--crd-channel`) and the one path from them to loaded, validated
 * manifests: the live cluster first, then the files over it.
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Diagnostic } from '../model/diagnostic.js';
import { loadManifests, type Manifests } from '../sources/load.js';
import type { ParseResult } from '../sources/parse-document.js';
import { LATEST_KUBERNETES_VERSION, parseKubernetesVersion, type CrdChannel, type KubernetesVersion } from '../validation/kubernetes-version.js';
import { validateManifests, type ValidationReport } from '../validation/manifests.js';
import type { ApiClient } from '../sources/live/api-client.js';
import { LiveReadError, readCluster, type LiveSnapshot } from '../sources/live/read-cluster.js';
import { UsageError } from './exit-codes.js';
import { color } from './format/color.js';
import { formatDiagnostic } from './format/diagnostics.js';
import { terminalProgress } from './progress.js';

export interface InputOptions {
  filename: string[];
  kustomize: string[];
  cluster: boolean;
  kubeconfig?: string;
  context?: string;
  requestTimeout: string;
  namespace?: string;
  kubernetesVersion: string;
  crdChannel: CrdChannel;
}

export function withInputOptions(cmd: Command): Command {
  return cmd
    .option('-f, --filename <path>', 'manifest file, directory (recursive) or - for stdin; repeatable', collect, [])
    .option('-k, --kustomize <dir>', 'the objects a kustomization directory builds (runs kubectl kustomize DIR, or kustomize build DIR); repeatable', collect, [])
    .option('--cluster', 'read the live cluster (all namespaces) of the current kubeconfig context; -f and -k files then replace the live objects of the same kind, namespace and name', false)
    .option('--kubeconfig <path>', 'with --cluster: the kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the pod\'s service account)')
    .option('--context <name>', 'with --cluster: the kubeconfig context to use (default: its current context)')
    .option('--request-timeout <seconds>', 'with --cluster: how long one request to the API server may take', '30')
    .option('-n, --namespace <name>', 'namespace for objects that name none; check and reach also look up a bare endpoint NAME there', undefined)
    .addOption(kubernetesVersionOption())
    .addOption(
      new Option('--crd-channel <channel>', 'the network-policy-api CRDs installed (ClusterNetworkPolicy; AdminNetworkPolicy and BaselineAdminNetworkPolicy): standard, or experimental (adds nodes and domainNames peers)')
        .choices(['standard', 'experimental'])
        .default('standard'),
    );
}

export function kubernetesVersionOption(): Option {
  return new Option('--kubernetes-version <X.Y>', 'validate as this Kubernetes release does').default(`${LATEST_KUBERNETES_VERSION.major}.${LATEST_KUBERNETES_VERSION.minor}`);
}

/** The parsed --kubernetes-version. */
export function kubernetesVersionArg(text: string): KubernetesVersion {
  const version = parseKubernetesVersion(text);
  if (version instanceof Error) throw new UsageError(`--kubernetes-version: ${version.message}`);
  return version;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface Inputs {
  manifests: Manifests;
  report: ValidationReport;
  version: KubernetesVersion;
}

export interface ReadShared {
  /** Documents parsed by an earlier read in this process, to reuse (see LoadOptions). */
  parsed?: Map<string, ParseResult>;
  /** The live cluster as already read (a diff reads it once for both sides); read here when `--cluster` and not given. */
  live?: LiveSnapshot;
  /** Standard input for `-f -`, when more than one read takes it (see stdinOnce). */
  readStdin?: () => Buffer;
}

/** Standard input, read at the first call and kept: a pipe gives its bytes once, and both sides of a diff may take `-f -`. */
export function stdinOnce(): () => Buffer {
  let bytes: Buffer | undefined;
  return () => (bytes ??= readFileSync(0));
}

export async function readAndValidate(opts: InputOptions, shared: ReadShared = {}): Promise<Inputs> {
  requireInput(opts);
  const version = kubernetesVersionArg(opts.kubernetesVersion);
  const live = shared.live ?? (opts.cluster ? await readLive(opts) : undefined);
  const manifests = loadInputs(opts, { ...shared, ...(live ? { live } : {}) });
  return { manifests, report: validateManifests(manifests, { kubernetesVersion: version, crdChannel: opts.crdChannel }), version };
}

/** The objects of `-f` and `-k`, laid over the live cluster when one was read. */
export function loadInputs(opts: InputOptions, shared: ReadShared = {}): Manifests {
  const onProgress = terminalProgress();
  return loadManifests(opts.filename, {
    kustomize: opts.kustomize,
    ...(opts.namespace ? { defaultNamespace: opts.namespace } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(shared.parsed ? { parsed: shared.parsed } : {}),
    ...(shared.live ? { cluster: shared.live } : {}),
    ...(shared.readStdin ? { readStdin: shared.readStdin } : {}),
  });
}

/**
 * The live cluster of `--cluster`, read whole; its notes (a CRD not
 * installed) and warnings (another plugin's policies that could not be
 * listed) go to stderr once. Every failure is a usage-level error that says what to fix.
 */
export async function readLive(opts: InputOptions): Promise<LiveSnapshot> {
  const client = await liveClient(opts);
  try {
    const onProgress = terminalProgress();
    const live = await readCluster(client, onProgress ? { onProgress } : {});
    for (const n of live.notes) process.stderr.write(`${color.cyan('palisade: note:')} ${n}\n`);
    for (const w of live.warnings) process.stderr.write(`${color.yellow('palisade: warning:')} ${w}\n`);
    return live;
  } catch (e) {
    if (e instanceof LiveReadError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * A client for the cluster that `--kubeconfig` and `--context` choose (see
 * loadKubeConfig). The client library is loaded here, only for --cluster.
 */
export async function liveClient(opts: InputOptions): Promise<ApiClient> {
  const timeout = Number(opts.requestTimeout);
  if (!(timeout > 0)) throw new UsageError(`--request-timeout: "${opts.requestTimeout}" is not a number of seconds above 0`);
  const [{ ApiClient }, { KubeConfigError, loadKubeConfig }] = await Promise.all([import('../sources/live/api-client.js'), import('../sources/live/kube-config.js')]);
  try {
    return new ApiClient(loadKubeConfig(opts), timeout * 1000);
  } catch (e) {
    if (e instanceof KubeConfigError) throw new UsageError(e.message);
    throw e;
  }
}

/** A command with nothing to read stops, saying what it can read. */
export function requireInput(opts: InputOptions): void {
  if (!hasInput(opts)) {
    throw new UsageError('no input: give manifests with -f PATH (a file, a directory, or - for stdin) or -k DIR (a kustomization), or read a running cluster with --cluster');
  }
}

/** Whether there is anything to read; `--kubeconfig` or `--context` without `--cluster` is a mistake, not an input. */
export function hasInput(opts: InputOptions): boolean {
  if (!opts.cluster && (opts.kubeconfig !== undefined || opts.context !== undefined)) {
    throw new UsageError('--kubeconfig and --context choose the cluster that --cluster reads: add --cluster');
  }
  return hasFiles(opts) || opts.cluster;
}

export function hasFiles(opts: Pick<InputOptions, 'filename' | 'kustomize'>): boolean {
  return opts.filename.length + opts.kustomize.length > 0;
}

/** Input that could not be read at all is a usage-level failure (exit 2), not a finding. */
export function hasIoErrors(report: ValidationReport): boolean {
  return report.diagnostics.some((d) => d.type === 'IO');
}

/** Commands that answer from the input stop at unreadable input, showing each problem whole (place, message, hint). */
export function throwIoErrors(report: { diagnostics: readonly Diagnostic[] }, display: (file: string) => string = (f) => f): void {
  const io = report.diagnostics.filter((d) => d.type === 'IO');
  if (io.length) throw new UsageError(io.map((d) => formatDiagnostic({ ...d, file: display(d.file ?? '') })).join('\n'));
}
