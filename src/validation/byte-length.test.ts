import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import fc from 'fast-check';
import { byteLength } from './byte-length.js';

test('byteLength counts UTF-8 bytes as Buffer.byteLength did, lone surrogates included', () => {
  assert.deepEqual(
    ['', 'abc', 'é', '✓', '😀', '\ud800', 'a\udc00b'].map(byteLength),
    [0, 3, 2, 3, 4, 3, 5],
  );
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => byteLength(s) === Buffer.byteLength(s, 'utf8')));
});
