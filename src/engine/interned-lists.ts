/**
 * One array per distinct list: lists holding the same items in the same
 * order are the same array, so what is worked out from a list and kept by
 * reference (a compiled side, its refs) is worked out once for everything
 * holding that list. A trie of weak maps, so a list goes when one of its
 * items goes.
 */
interface Node<T extends object> {
  list?: T[];
  next: WeakMap<T, Node<T>>;
}

export class InternedLists<T extends object> {
  private readonly root: Node<T> = { next: new WeakMap() };

  /** The array holding these items in this order: `items` itself the first time. Never to be changed. */
  of(items: T[]): T[] {
    let node = this.root;
    for (const item of items) {
      let next = node.next.get(item);
      if (!next) node.next.set(item, (next = { next: new WeakMap() }));
      node = next;
    }
    return (node.list ??= items);
  }
}
