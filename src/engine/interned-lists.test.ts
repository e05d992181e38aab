/** Interned lists: the same items in the same order are one array, whatever array they came in; any other list is another. */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InternedLists } from './interned-lists.js';

test('lists are one array exactly when they hold the same items in the same order', () => {
  const items = [{ n: 0 }, { n: 1 }, { n: 2 }];
  const listArb = fc.array(fc.nat(2), { maxLength: 4 });
  fc.assert(
    fc.property(listArb, listArb, (a, b) => {
      const lists = new InternedLists<{ n: number }>();
      const x = lists.of(a.map((i) => items[i]!));
      const y = lists.of(b.map((i) => items[i]!));
      assert.equal(x === y, a.join() === b.join());
      assert.deepEqual(y, b.map((i) => items[i]!));
    }),
  );
});
