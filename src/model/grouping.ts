/** Lists kept by key. */

/** Appends `item` to the list `map` keeps under `key`, starting the list when there is none. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** `items` in lists by `keyOf`, each list in the items' order, the keys in the order first met. */
export function groupBy<K, V>(items: Iterable<V>, keyOf: (item: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) pushTo(groups, keyOf(item), item);
  return groups;
}
