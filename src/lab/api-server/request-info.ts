/**
 * What a request asks for, read from its path and query as kube-apiserver's
 * RequestInfoFactory reads them. Authorization decides on this before
 * anything looks the resource up, so a forbidden request for a resource the
 * server lacks is refused with 403, not 404, as in a cluster.
 */

export type ReadVerb = 'get' | 'list' | 'watch';

export interface ResourceRequest {
  group: string;
  version: string;
  resource: string;
  /** The namespace the authorizer sees; for `namespaces/{name}` that is the name itself. */
  namespace?: string;
  /** Whether the path went through `namespaces/{namespace}/`. */
  inNamespacePath: boolean;
  name?: string;
  /** Path segments after the name (a subresource), which this server does not serve. */
  rest: string[];
  verb: ReadVerb;
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** Whether a boolean query parameter (`watch`, `allowWatchBookmarks`) is set, as Go's strconv.ParseBool reads it. */
export function isTrue(value: string | null): boolean {
  return value !== null && TRUE.has(value);
}

/** A resource request, or undefined for a discovery or other non-resource path. */
export function resourceRequest(parts: readonly string[], query: URLSearchParams): ResourceRequest | undefined {
  let group: string;
  let version: string;
  let path: string[];
  if (parts[0] === 'api' && parts.length >= 3) [group, version, path] = ['', parts[1]!, parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 4) [group, version, path] = [parts[1]!, parts[2]!, parts.slice(3)];
  else return undefined;

  let namespace: string | undefined;
  let inNamespacePath = false;
  if (path[0] === 'namespaces' && path.length > 1) {
    namespace = path[1];
    if (path.length > 2) {
      path = path.slice(2);
      inNamespacePath = true;
    }
  }
  const [resource, name, ...rest] = path as [string, string?, ...string[]];
  const verb: ReadVerb = isTrue(query.get('watch')) ? 'watch' : name === undefined ? 'list' : 'get';
  return { group, version, resource, ...(namespace === undefined ? {} : { namespace }), inNamespacePath, ...(name === undefined ? {} : { name }), rest, verb };
}
