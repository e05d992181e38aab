/**
 * The input options every command shares (`-f`, `-k`, `-n`,
 * `--kubernetes-version`, `--crd-channel`) and the one path from them to loaded, validated
 * manifests.
 */
import { Option, type Command } from 'commander';
import { loadManifests, type Manifests } from '../sources/load.js';
import type { ParseResult } from '../sources/parse-document.js';
import { LATEST_KUBERNETES_VERSION, parseKubernetesVersion, type CrdChannel, type KubernetesVersion } from '../validation/kubernetes-version.js';
import { validateManifests, type ValidationReport } from '../validation/manifests.js';
import { UsageError } from './exit-codes.js';
import { formatDiagnostic } from './format/diagnostics.js';
import { terminalProgress } from './progress.js';

export interface InputOptions {
  filename: string[];
  kustomize: string[];
  namespace?: string;
  kubernetesVersion: string;
  crdChannel: CrdChannel;
}

export function withInputOptions(cmd: Command): Command {
  return cmd
    .option('-f, --filename <path>', 'manifest file, directory (recursive) or - for stdin; repeatable', collect, [])
    .option('-k, --kustomize <dir>', 'the objects a kustomization directory builds (runs kubectl kustomize DIR, or kustomize build DIR); repeatable', collect, [])
    .option('-n, --namespace <name>', 'namespace for objects that name none; check and reach also look up a bare endpoint NAME there', undefined)
    .addOption(
      new Option('--kubernetes-version <X.Y>', 'validate as this Kubernetes release does').default(
        `${LATEST_KUBERNETES_VERSION.major}.${LATEST_KUBERNETES_VERSION.minor}`,
      ),
    )
    .addOption(
      new Option('--crd-channel <channel>', 'the ClusterNetworkPolicy CRD installed: standard, or experimental (adds nodes and domainNames peers)')
        .choices(['standard', 'experimental'])
        .default('standard'),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface Inputs {
  manifests: Manifests;
  report: ValidationReport;
  version: KubernetesVersion;
}

/** `parsed`: documents parsed by an earlier read in this process, to reuse (see LoadOptions). */
export function readAndValidate(opts: InputOptions, parsed?: Map<string, ParseResult>): Inputs {
  if (!hasInput(opts)) throw new UsageError('no input: give manifests with -f PATH (a file, a directory, or - for stdin) or -k DIR (a kustomization)');
  const version = parseKubernetesVersion(opts.kubernetesVersion);
  if (version instanceof Error) throw new UsageError(`--kubernetes-version: ${version.message}`);
  const onProgress = terminalProgress();
  const manifests = loadManifests(opts.filename, {
    kustomize: opts.kustomize,
    ...(opts.namespace ? { defaultNamespace: opts.namespace } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(parsed ? { parsed } : {}),
  });
  return { manifests, report: validateManifests(manifests, { kubernetesVersion: version, crdChannel: opts.crdChannel }), version };
}

export function hasInput(opts: InputOptions): boolean {
  return opts.filename.length + opts.kustomize.length > 0;
}

/** Input that could not be read at all is a usage-level failure (exit 2), not a finding. */
export function hasIoErrors(report: ValidationReport): boolean {
  return report.diagnostics.some((d) => d.type === 'IO');
}

/** Commands that answer from the input stop at unreadable input, showing each problem whole (place, message, hint). */
export function throwIoErrors(report: ValidationReport, display: (file: string) => string = (f) => f): void {
  const io = report.diagnostics.filter((d) => d.type === 'IO');
  if (io.length) throw new UsageError(io.map((d) => formatDiagnostic({ ...d, file: display(d.file ?? '') })).join('\n'));
}
