/**
 * The few system commands the lab runs: `ip` and `nft`, always aimed at a
 * network namespace the lab created (`ip -n NS ...`, `ip netns exec NS ...`),
 * never at the host's own.
 */
import { execFileSync } from 'node:child_process';

export class LabError extends Error {}

export function run(cmd: string, args: string[], input?: string): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new LabError(`${cmd} ${args.join(' ')}: ${(err.stderr || err.message).trim()}`);
  }
}

/** `ip -n NS ARGS...` */
export function ipIn(ns: string, ...args: string[]): void {
  run('ip', ['-n', ns, ...args]);
}

/** A command inside a namespace. */
export function inNamespace(ns: string, cmd: string, args: string[], input?: string): string {
  return run('ip', ['netns', 'exec', ns, cmd, ...args], input);
}

/** A fresh namespace; IPv6 duplicate address detection off, so addresses work at once instead of a second later. */
export function addNamespace(ns: string): void {
  run('ip', ['netns', 'add', ns]);
  ipIn(ns, 'link', 'set', 'lo', 'up');
  sysctl(ns, { 'net.ipv6.conf.all.accept_dad': '0', 'net.ipv6.conf.default.accept_dad': '0' });
}

/** Deleting a namespace removes its interfaces (and their veth peers); missing ones are fine. */
export function deleteNamespace(ns: string): void {
  try {
    run('ip', ['netns', 'delete', ns]);
  } catch {
    // already gone
  }
}

export function namespacesWithPrefix(prefix: string): string[] {
  return run('ip', ['netns', 'list'])
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(prefix));
}

export function sysctl(ns: string, settings: Record<string, string>): void {
  inNamespace(ns, 'sysctl', ['-q', '-w', ...Object.entries(settings).map(([k, v]) => `${k}=${v}`)]);
}

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the lab needs root (it creates network namespaces)';
  for (const [cmd, args, pkg] of [
    ['ip', ['-V'], 'iproute2'],
    ['nft', ['--version'], 'nftables'],
    ['sysctl', ['--version'], 'procps'],
  ] as const) {
    try {
      run(cmd, [...args]);
    } catch {
      return `the lab needs ${cmd} (install the ${pkg} package)`;
    }
  }
  return undefined;
}
