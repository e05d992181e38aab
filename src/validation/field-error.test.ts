import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldPath } from '../model/field-path.js';
import { PrintedValue, duplicate, forbidden, formatFieldError, goQuote, invalid, notSupported, required, tooLong, warning } from './field-error.js';

const at = FieldPath.root('spec').child('ingress').index(0).child('ports').index(1).child('port');

test('bodies read like field.Error.ErrorBody()', () => {
  assert.equal(formatFieldError(required(at)), 'spec.ingress[0].ports[1].port: Required value');
  assert.equal(required(at, 'must specify a peer').message, 'Required value: must specify a peer');
  assert.equal(invalid(at, 80, 'bad').message, 'Invalid value: 80: bad');
  assert.equal(invalid(at, 'x"y', 'bad').message, 'Invalid value: "x\\"y": bad');
  assert.equal(invalid(at, new PrintedValue('[]string{"a"}'), 'bad').message, 'Invalid value: []string{"a"}: bad');
  assert.equal(notSupported(at, 'X', ['A', 'B']).message, 'Unsupported value: "X": supported values: "A", "B"');
  assert.equal(notSupported(at, 'X', []).message, 'Unsupported value: "X"');
  assert.equal(forbidden(at, 'no').message, 'Forbidden: no');
  assert.equal(tooLong(at, 1).message, 'Too long: may not be more than 1 byte');
  assert.equal(duplicate(at, 'http').message, 'Duplicate value: "http"');
  assert.deepEqual([required(at).type, invalid(at, 1, '').type, warning(at, 'w').severity], ['Required', 'Invalid', 'warning']);
});

test('goQuote escapes as strconv.Quote', () => {
  assert.equal(goQuote('plain é ✓'), '"plain é ✓"');
  assert.equal(goQuote('a\\b'), '"a\\\\b"');
  assert.equal(goQuote('tab\tnl\n'), '"tab\\tnl\\n"');
  assert.equal(goQuote('\x00\x7f'), '"\\x00\\x7f"');
  assert.equal(goQuote('\u200b'), '"\\u200b"');
});
