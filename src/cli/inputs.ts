/**
 * The input options every command shares (`-f`, `-n`, `--kubernetes-version`)
 * and the one path from them to loaded, validated manifests.
 */
import { Option, type Command } from 'commander';
import { loadManifests, type Manifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION, parseKubernetesVersion, type KubernetesVersion } from '../validation/kubernetes-version.js';
import { validateManifests, type ValidationReport } from '../validation/manifests.js';
import { UsageError } from './exit-codes.js';
import { terminalProgress } from './progress.js';

export interface InputOptions {
  filename: string[];
  namespace?: string;
  kubernetesVersion: string;
}

export function withInputOptions(cmd: Command): Command {
  return cmd
    .option('-f, --filename <path>', 'manifest file, directory (recursive) or - for stdin; repeatable', collect, [])
    .option('-n, --namespace <name>', 'namespace for objects that name none; check and reach also look up a bare endpoint NAME there', undefined)
    .addOption(
      new Option('--kubernetes-version <X.Y>', 'validate as this Kubernetes release does').default(
        `${LATEST_KUBERNETES_VERSION.major}.${LATEST_KUBERNETES_VERSION.minor}`,
      ),
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

export function readAndValidate(opts: InputOptions): Inputs {
  if (opts.filename.length === 0) throw new UsageError('no input: give manifests with -f PATH (a file, a directory, or - for stdin)');
  const version = parseKubernetesVersion(opts.kubernetesVersion);
  if (version instanceof Error) throw new UsageError(`--kubernetes-version: ${version.message}`);
  const onProgress = terminalProgress();
  const manifests = loadManifests(opts.filename, { ...(opts.namespace ? { defaultNamespace: opts.namespace } : {}), ...(onProgress ? { onProgress } : {}) });
  return { manifests, report: validateManifests(manifests, { kubernetesVersion: version }), version };
}

/** Input that could not be read at all is a usage-level failure (exit 2), not a finding. */
export function hasIoErrors(report: ValidationReport): boolean {
  return report.diagnostics.some((d) => d.type === 'IO');
}
