/**
 * The versions a command compares (`--base`, `--head`): each a path or a git
 * revision (see analysis/sides) with the -f and -k inputs it reads besides,
 * and how messages and labels name it. `diff` and `ui` read their sides alike.
 */
import { Option } from 'commander';
import { resolveSide, SideError, type Side } from '../analysis/sides.js';
import { UsageError } from './exit-codes.js';
import { collect } from './inputs.js';

/** `--path`: the paths of a revision to read (`within` of withSides). */
export function pathOption(): Option {
  return new Option('--path <path>', 'with a git revision: read this path of it (relative to here) instead of the whole current directory; repeatable').argParser(collect).default([]);
}

/** What one side reads: a path or git revision (`spec`), and -f and -k inputs besides. */
export interface SidePlan {
  spec?: string;
  filename: string[];
  kustomize: string[];
}

/** `--base` and `--head`, each read with the -f and -k inputs both share, as `diff` compares them. */
export function baseAndHead(base: string, head: string, shared: Omit<SidePlan, 'spec'>): [SidePlan, SidePlan] {
  return [
    { spec: base, ...shared },
    { spec: head, ...shared },
  ];
}

/** A side ready to read: its -f paths (a revision's extracted ones first) and -k directories, and how to name its files and itself. */
export interface ReadableSide {
  /** The path or revision given, if any. */
  spec?: string;
  filename: string[];
  kustomize: string[];
  /** How messages name a file of this side: `main:k8s/db.yaml` for a revision. */
  display(file: string): string;
  /** The path or revision, else the inputs (`k8s/ prod`); over a live cluster `cluster CONTEXT + …`. */
  label(context?: string): string;
}

/**
 * Resolves each side's path or revision (`within`: `--path`, the paths of a
 * revision to read), gives the sides to `use`, then removes what reading
 * revisions extracted. A spec that is neither path nor revision is a usage error.
 */
export async function withSides<P extends readonly SidePlan[], T>(plans: P, within: string[], use: (sides: { [K in keyof P]: ReadableSide }) => Promise<T>): Promise<T> {
  const resolved: Side[] = [];
  try {
    const sides = plans.map((plan): ReadableSide => {
      const side = plan.spec === undefined ? undefined : resolveSide(plan.spec, within);
      if (side) resolved.push(side);
      return {
        ...(plan.spec === undefined ? {} : { spec: plan.spec }),
        filename: [...(side?.paths ?? []), ...plan.filename],
        kustomize: plan.kustomize,
        display: side ? (f) => side.display(f) : (f) => f,
        label: (context) => [context === undefined ? '' : `cluster ${context}`, plan.spec ?? [...plan.filename, ...plan.kustomize].join(' ')].filter(Boolean).join(' + '),
      };
    });
    return await use(sides as { [K in keyof P]: ReadableSide });
  } catch (e) {
    if (e instanceof SideError) throw new UsageError(e.message);
    throw e;
  } finally {
    for (const side of resolved) side.cleanup();
  }
}
