/**
 * Items of Kubernetes lists. `kubectl get` prints `kind: List` with a kind on
 * every item; the API itself (client libraries, curl, saved responses)
 * returns typed lists (`PodList`, `NetworkPolicyList`) whose items carry no
 * kind or apiVersion: the list's kind says what they are, and client-go's
 * decoder fills them in from it. Files and a live API source both read lists
 * through `listItem`.
 */
import { isPlainObject } from './decode.js';

export interface KubeList {
  kind: string;
  apiVersion?: unknown;
  items: unknown[];
}

/** A `List` or `<Kind>List` document: a kind ending in List, and items. */
export function isKubeList(value: Record<string, unknown>): value is Record<string, unknown> & KubeList {
  return typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(value['items']);
}

/** The kind of a typed list's items (`PodList` → `Pod`); undefined for `List`, whose items name their own. */
export function itemKindOf(listKind: string): string | undefined {
  return listKind !== 'List' && listKind.endsWith('List') ? listKind.slice(0, -'List'.length) : undefined;
}

export type ListItem =
  | { ok: true; object: unknown }
  | { ok: false; field: 'kind' | 'apiVersion'; message: string; hint: string };

/**
 * An item as the object it stands for. An item of a typed list takes the
 * list's kind and apiVersion where it names none; naming others is an error
 * (client-go would silently keep them). Items of `List`, and items that are
 * not objects, are returned as they are.
 */
export function listItem(list: KubeList, item: unknown): ListItem {
  const kind = itemKindOf(list.kind);
  if (kind === undefined || !isPlainObject(item)) return { ok: true, object: item };
  const apiVersion = typeof list.apiVersion === 'string' && list.apiVersion !== '' ? list.apiVersion : undefined;
  const expected = { kind, apiVersion };
  const object: Record<string, unknown> = { ...item };
  for (const field of ['kind', 'apiVersion'] as const) {
    const own = item[field];
    const want = expected[field];
    if (own === undefined || own === null || own === '') {
      if (want !== undefined) object[field] = want;
    } else if (want !== undefined && own !== want) {
      return {
        ok: false,
        field,
        message: `${field} ${JSON.stringify(own)} in a ${list.kind}, whose items are ${field === 'kind' ? `of kind "${kind}"` : `of apiVersion "${want}"`}`,
        hint: `remove the item's ${field} (the list's says what its items are), or move the item to a list of its own kind or to a \`kind: List\``,
      };
    }
  }
  return { ok: true, object };
}
