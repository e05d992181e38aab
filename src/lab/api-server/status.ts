/**
 * The `Status` objects kube-apiserver answers failures with, worded as
 * k8s.io/apimachinery/pkg/api/errors builds them, so a client's error
 * handling meets the same messages, reasons and details as in a cluster.
 */
import { qualifiedResource } from './resources.js';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
}

/** metav1.Status, its fields in the order the Go struct serialises them. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string };
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** A failure to answer with a Status body (or, for a watch, an ERROR event). */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
}

function failure(code: number, reason: string, message: string, details?: StatusDetails, continueToken?: string): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: continueToken === undefined ? {} : { continue: continueToken },
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  });
}

/** Empty detail fields are omitted, as Go's `omitempty` does. */
function details(group: string, resource: string, name?: string): StatusDetails {
  return { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: resource };
}

interface Target {
  group: string;
  resource: string;
}

/** NewNotFound: `pods "web" not found`. */
export function notFound(target: Target, name: string): ApiError {
  return failure(404, 'NotFound', `${qualifiedResource(target)} "${name}" not found`, details(target.group, target.resource, name));
}

/** What go-restful's error handler answers for a path it has no route for inside a served group version. */
export function noRoute(): ApiError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** The same handler for a route that exists but not for this HTTP method. */
export function methodNotAllowed(): ApiError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

/** NewMethodNotSupported: this server implements reads only. */
export function methodNotSupported(target: Target, action: string): ApiError {
  return failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualifiedResource(target)}"`, details(target.group, target.resource));
}

/** The authentication filter's answer to a missing or unknown credential. */
export function unauthorized(): ApiError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/** responsewriters.Forbidden: the authorizer's attributes in a fixed sentence. */
export function forbidden(user: string, verb: string, target: Target, namespace?: string, name?: string): ApiError {
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const subject = name ? `${qualifiedResource(target)} "${name}"` : qualifiedResource(target);
  const message = `${subject} is forbidden: User "${user}" cannot ${verb} resource "${target.resource}" in API group "${target.group}" ${scope}`;
  return failure(403, 'Forbidden', message, details(target.group, target.resource, name));
}

export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

/** NewResourceExpired (410), for a watch or a list continued from a compacted revision. */
export function expired(message: string, continueToken?: string): ApiError {
  return failure(410, 'Expired', message, undefined, continueToken);
}

/** The etcd3 store's words for a continue token whose revision was compacted (it offers a token that goes on at the latest revision). */
export const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, ' +
  'or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an ' +
  'inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';
