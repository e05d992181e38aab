import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonErrorOffset } from './json-error-offset.js';

test('points at the first character JSON does not allow', () => {
  const cases: [string, number][] = [
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['{"a": tru}', 6],
    ['{"a": "x\n"}', 8],
    ['[1] 2', 4],
    ['{a: 1}', 1],
    ['[01]', 2],
  ];
  for (const [text, offset] of cases) {
    assert.throws(() => JSON.parse(text), SyntaxError, text);
    assert.equal(jsonErrorOffset(text), offset, text);
  }
});

test('deep nesting does not overflow the stack', () => {
  assert.equal(jsonErrorOffset('['.repeat(1_000_000) + '}'), 1_000_000);
});
