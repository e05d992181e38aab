import assert from 'node:assert/strict';
import { it } from 'node:test';
import { hasToken, newToken } from './server.js';

it('hasToken accepts the token and nothing else', () => {
  const token = newToken();
  assert.ok(hasToken(`/?token=${token}`, token));
  assert.ok(hasToken(`/other?a=1&token=${token}`, token));
  assert.ok(!hasToken('/', token));
  assert.ok(!hasToken('/?token=', token));
  assert.ok(!hasToken(`/?token=${token}x`, token));
  assert.ok(!hasToken(`/?token=${token.slice(0, -1)}`, token));
  assert.notEqual(newToken(), token);
});
