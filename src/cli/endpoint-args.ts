/**
 * Endpoints and ports as written on the command line, looked up by the
 * engine; what it cannot find becomes a usage error that says what was
 * looked for, where, and what the user most likely meant.
 */
import type { Engine } from '../engine/engine.js';
import { DEFAULT_NAMESPACE, type EndpointLookup } from '../engine/endpoint-refs.js';
import { parsePortSpec, portQueryText, resolveNamedPort } from '../engine/ports.js';
import type { Endpoint, NamedPort, PortQuery } from '../engine/types.js';
import { listed, orList } from '../model/list-text.js';
import { UsageError } from './exit-codes.js';

/** `what` names the argument in messages (`FROM`); `namespace` is `-n`'s, for bare names. */
export function endpointArg(engine: Engine, ref: string, what: string, namespace: string | undefined): Endpoint {
  const found = engine.lookup(ref, namespace);
  if ('found' in found) return found.found;
  throw new UsageError(`${what} ${lookupProblem(found, ref, namespace)}`);
}

const MAX_LISTED = 8;

/** Why a ref names nothing, for a lookup that found nothing: `"db" is not ...; did you mean ...?`. */
export function lookupProblem(lookup: Exclude<EndpointLookup, { found: Endpoint }>, ref: string, namespace: string | undefined): string {
  if ('ambiguous' in lookup) {
    return `"${ref}" names several pods or workloads: ${listed(lookup.ambiguous, MAX_LISTED)}; give one of these refs`;
  }
  const bare = !ref.includes('/');
  const where = !bare
    ? ''
    : namespace === undefined
      ? ` (a bare NAME is looked up in namespace ${DEFAULT_NAMESPACE}, as kubectl does; give -n NAMESPACE or NAMESPACE/NAME for another)`
      : ` (a bare NAME is looked up in namespace ${namespace}, from -n)`;
  const what = lookup.unknown.split('/').length === 3 ? 'workload' : 'pod or workload';
  const head = `"${ref}": no ${what} ${lookup.unknown} in the input${where}`;
  if (lookup.suggestions.length > 0) return `${head}; did you mean ${orList(lookup.suggestions)}?`;
  const ns = lookup.unknown.split('/')[0];
  if (lookup.inNamespace.length === 0) return `${head}; the input has no pod or workload in namespace ${ns}`;
  return `${head}; namespace ${ns} has ${listed(lookup.inNamespace, MAX_LISTED)}`;
}

/**
 * PORT as a number or a container port's name, with an optional protocol. A
 * name is resolved on the destination, as NetworkPolicy resolves it.
 */
export function portArg(text: string, destination: Endpoint): PortQuery {
  const spec = parsePortSpec(text);
  if (!spec) throw new UsageError(`PORT "${text}" is not a port: write PORT, PORT/PROTOCOL, NAME or NAME/PROTOCOL, e.g. 5432, 53/UDP or http`);
  if (!('name' in spec)) return spec;
  const resolved = resolveNamedPort(destination, spec.name, spec.protocol);
  if ('query' in resolved) return resolved.query;
  const named = `${spec.protocol ? `${spec.protocol} ` : ''}port named ${spec.name}`;
  const defines = resolved.defined.length === 0 ? 'it defines no named container port' : `it defines ${listed(resolved.defined.map(namedPortText), MAX_LISTED)}`;
  const why = {
    outside: `${destination.ref} is an address outside the cluster, which defines no port names (a name is resolved on the destination pod); give the number`,
    ambiguous: `${destination.ref} gives the name ${spec.name} to several ports (${resolved.matches.map(portQueryText).join(', ')}); give one as PORT/PROTOCOL`,
    undefined: `${destination.ref} defines no ${named}; ${defines}`,
  }[resolved.problem];
  throw new UsageError(`PORT "${text}": ${why}`);
}

/** `http (80/TCP)`. */
function namedPortText(p: NamedPort): string {
  return `${p.name} (${portQueryText(p)})`;
}

/**
 * The endpoint `ep` of one engine as another engine compiled from the same
 * pods has it (--include-audit's): each engine answers for its own endpoints.
 */
export function sameEndpoint(engine: Engine, ep: Endpoint): Endpoint {
  const found = engine.resolve(ep.ref);
  if (!found) throw new Error(`${ep.ref} is not an endpoint of the engine with the audited policies`);
  return found;
}
