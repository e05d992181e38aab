/**
 * `-k DIR`, as kubectl has it: the objects a kustomization builds, from
 * `kubectl kustomize DIR`, or `kustomize build DIR` where kubectl is absent.
 */
import { spawnSync } from 'node:child_process';

export type Rendered = { ok: true; text: Buffer; tool: string; warnings: string[] } | { ok: false; message: string; hint?: string };

const TOOLS = [
  { name: 'kubectl kustomize', command: 'kubectl', args: ['kustomize'] },
  { name: 'kustomize build', command: 'kustomize', args: ['build'] },
];
/** As for files given with -f: larger output is refused rather than risking the process's memory. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export function renderKustomization(dir: string): Rendered {
  for (const tool of TOOLS) {
    const r = spawnSync(tool.command, [...tool.args, dir], { maxBuffer: MAX_OUTPUT_BYTES, stdio: ['ignore', 'pipe', 'pipe'] });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') continue; // not installed: try the next
    const stderr = plainText(r.stderr?.toString('utf8') ?? '');
    if (r.error) return { ok: false, message: `${tool.name} ${dir} failed: ${r.error.message}` };
    if (r.status !== 0) {
      const why = r.signal ? `was stopped by ${r.signal}` : `exited with status ${r.status}`;
      return { ok: false, message: `${tool.name} ${dir} ${why}${stderr ? `: ${stderr}` : ''}`, hint: '-k takes a directory holding kustomization.yaml' };
    }
    return { ok: true, text: r.stdout, tool: tool.name, warnings: stderr ? stderr.split('\n') : [] };
  }
  return {
    ok: false,
    message: 'cannot build the kustomization: neither kubectl nor kustomize is on PATH',
    hint: `install kubectl (or kustomize), or build it elsewhere and pipe it in: kubectl kustomize ${dir} | palisade ... -f -`,
  };
}

/** kubectl logs its failure through klog (`E1130 02:43:49.475 9251 run.go:72] "command failed" err="..."`): keep the words. */
function plainText(stderr: string): string {
  return stderr
    .trim()
    .split('\n')
    .map((line) => {
      const logged = /^[IWEF]\d{4} [\d:.]+\s+\d+ [^\]]+\] (.*)$/.exec(line)?.[1] ?? line;
      const failed = /^"command failed" err="(.*)"$/.exec(logged)?.[1];
      return failed === undefined ? logged : failed.replace(/\\"/g, '"');
    })
    .join('\n');
}
