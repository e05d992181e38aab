/**
 * How people name endpoints: `NAMESPACE/NAME` (a pod), `NAMESPACE/KIND/NAME`
 * (a workload, kind aliases as kubectl writes them), an IP address, or a bare
 * `NAME` in a namespace given apart (kubectl's `-n`; `default` without it).
 * A NAME is the pod of that name, else the one workload of that name; a
 * workload whose pods are in the input is its pods. What is not found comes
 * back with the refs a person most likely meant.
 */
import { KINDS, WORKLOAD_KINDS } from '../model/kinds.js';
import { closeness } from './suggestions.js';
import type { Endpoint, PodEndpoint } from './types.js';

/** Where a bare NAME is looked up when no namespace is given, as kubectl does. */
export const DEFAULT_NAMESPACE = 'default';

export type EndpointLookup =
  | { found: Endpoint }
  /** Several workloads of that name, of different kinds, or a workload's several pods (refs, sorted). */
  | { ambiguous: string[] }
  /**
   * Nothing by that name. `wanted` is the full ref looked for; `suggestions`
   * the closest refs and those with the same name elsewhere; `inNamespace`
   * every ref in the namespace looked in.
   */
  | { unknown: string; suggestions: string[]; inNamespace: string[] };

/** What a lookup needs of the engine. */
export interface EndpointIndex {
  resolve(ref: string): Endpoint | undefined;
  /** The pods and workloads of a namespace with this name. */
  named(namespace: string, name: string): PodEndpoint[];
  endpoints(): PodEndpoint[];
}

const MAX_SUGGESTIONS = 5;

export function lookupEndpoint(index: EndpointIndex, ref: string, namespace: string = DEFAULT_NAMESPACE): EndpointLookup {
  const exact = index.resolve(ref);
  if (exact) return { found: exact };
  const parts = ref.split('/');
  const name = parts.at(-1)!;
  const wanted = normalizeWorkloadRef(parts.length === 1 ? `${namespace}/${ref}` : ref);
  const ns = wanted.split('/')[0]!;
  const all = index.endpoints();
  if (parts.length <= 3) {
    // A workload whose pods are in the input is no endpoint: its pods, which name it as their owner, stand for it.
    const owned = all.filter((e) => e.owner !== undefined && (parts.length === 3 ? e.owner === wanted : e.owner.startsWith(`${ns}/`) && e.owner.endsWith(`/${name}`)));
    const candidates = [...(parts.length <= 2 ? index.named(ns, name) : []), ...owned];
    const pod = candidates.find((e) => e.kind === 'pod' && e.name === name);
    if (pod) return { found: pod };
    if (candidates.length === 1) return { found: candidates[0]! };
    if (candidates.length > 1) return { ambiguous: candidates.map((e) => e.ref).sort() };
  }
  const sameName = all.filter((e) => e.name.toLowerCase() === name.toLowerCase());
  const suggestions = [...new Set([...closest(wanted, all), ...sameName])].slice(0, MAX_SUGGESTIONS).map((e) => e.ref);
  return { unknown: wanted, suggestions, inNamespace: all.filter((e) => e.namespace === ns).map((e) => e.ref) };
}

/**
 * The endpoints whose namespace, name and (when `wanted` names one) kind are
 * each close to `wanted`'s, closest first: a typo in one part is found, a
 * short name is not "close" to every other short name.
 */
function closest(wanted: string, endpoints: PodEndpoint[]): PodEndpoint[] {
  const parts = wanted.split('/');
  const kind = parts.length === 3 ? parts[1] : undefined;
  const scored: { e: PodEndpoint; distance: number }[] = [];
  for (const e of endpoints) {
    const distances = [closeness(parts[0]!, e.namespace), closeness(parts.at(-1)!, e.name)];
    if (kind !== undefined) distances.push(e.kind === 'workload' ? closeness(kind, e.ref.split('/')[1]!) : undefined);
    if (distances.every((d) => d !== undefined)) scored.push({ e, distance: distances.reduce((a, b) => a + b, 0) });
  }
  return scored.sort((a, b) => a.distance - b.distance).map((s) => s.e);
}

/** A workload kind by the names kubectl accepts for it (`deployments`, `deploy`), as refs spell kinds: in lower case. */
const WORKLOAD_ALIASES: Record<string, string> = Object.fromEntries(
  WORKLOAD_KINDS.flatMap((kind) => [KINDS[kind].resource, ...KINDS[kind].shortNames].map((alias) => [alias, kind.toLowerCase()])),
);

/** `default/Deployment/web`, `default/deploy/web` → `default/deployment/web`. */
export function normalizeWorkloadRef(ref: string): string {
  const parts = ref.split('/');
  if (parts.length !== 3) return ref;
  const kind = parts[1]!.toLowerCase();
  return `${parts[0]}/${WORKLOAD_ALIASES[kind] ?? kind}/${parts[2]}`;
}
