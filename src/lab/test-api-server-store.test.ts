/**
 * The test API server's store against a plain reference, on random
 * histories: a paginated list read while writes go on returns exactly the
 * state of its first page, and a watch's replay leads from any revision to
 * the current state.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BUILTIN_RESOURCES } from './api-server/resources.js';
import { Store } from './api-server/store.js';

const pods = BUILTIN_RESOURCES.find((def) => def.resource === 'pods')!;

type Op = { put: true; namespace: string; name: string; label: number } | { put: false; namespace: string; name: string };

const op: fc.Arbitrary<Op> = fc.record({
  put: fc.boolean(),
  namespace: fc.constantFrom('a', 'b', 'c'),
  name: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4', 'p5'),
  label: fc.nat(3),
});

function apply(store: Store, ops: readonly Op[]): void {
  for (const o of ops) {
    if (o.put) store.put(pods, { metadata: { name: o.name, namespace: o.namespace, labels: { l: String(o.label) } } }, 'upsert');
    else store.delete(pods, `${o.namespace}/${o.name}`);
  }
}

/** `key@resourceVersion` of every object in scope, read from the store's map, not through list(). */
function state(store: Store, namespace: string | undefined): string[] {
  return store
    .keys(pods)
    .filter((key) => namespace === undefined || key.startsWith(`${namespace}/`))
    .map((key) => `${key}@${store.get(pods, key)!.metadata.resourceVersion}`);
}

test('the pages of a list concatenate to the state of its first page, whatever is written between them', () => {
  fc.assert(
    fc.property(
      fc.array(op, { maxLength: 40 }),
      fc.array(fc.array(op, { maxLength: 4 }), { maxLength: 20 }),
      fc.integer({ min: 1, max: 4 }),
      fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
      (before, between, limit, namespace) => {
        const store = new Store();
        apply(store, before);
        const expected = state(store, namespace);
        const listed: string[] = [];
        let page = store.list(pods, { namespace, limit });
        for (let k = 0; ; k++) {
          listed.push(...page.items.map((item) => `${namespace === undefined ? `${item.metadata.namespace}/` : `${namespace}/`}${item.metadata.name}@${item.metadata.resourceVersion}`));
          if (page.continueToken === undefined) break;
          assert.equal(page.remainingItemCount, expected.length - listed.length);
          apply(store, between[k] ?? []);
          page = store.list(pods, { namespace, limit, continueToken: page.continueToken });
        }
        assert.deepEqual(listed, expected);
      },
    ),
    { numRuns: 300 },
  );
});

test('replaying the changes after any revision onto the state then gives the current state', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 30 }), fc.array(op, { maxLength: 30 }), (before, after) => {
      const store = new Store();
      apply(store, before);
      const from = store.revision;
      const replayed = new Map(state(store, undefined).map((entry) => entry.split('@') as [string, string]));
      apply(store, after);
      for (const change of store.changesAfter(pods, from)) {
        assert.ok(change.revision > from);
        if (change.type === 'DELETED') replayed.delete(change.key);
        else replayed.set(change.key, change.object.metadata.resourceVersion);
        assert.equal(change.object.metadata.resourceVersion, String(change.revision));
      }
      assert.deepEqual([...replayed].map(([key, rv]) => `${key}@${rv}`).sort(), state(store, undefined));
    }),
    { numRuns: 300 },
  );
});
