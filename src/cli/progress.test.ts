import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalProgress } from './progress.js';

test('no progress unless stderr is a terminal', () => {
  assert.equal(terminalProgress({ isTTY: false, write: () => true }), undefined);
});

test('one line, throttled, erased when done', () => {
  const written: string[] = [];
  let clock = 0;
  const report = terminalProgress({ isTTY: true, write: (t: string) => written.push(t) }, () => clock)!;
  report('reading', 1, 10);
  clock = 50;
  report('reading', 2, 10); // within 100 ms: skipped
  clock = 150;
  report('reading', 5, 10);
  report('reading', 10, 10);
  assert.deepEqual(written, ['\r\x1b[Kreading… 10%', '\r\x1b[Kreading… 50%', '\r\x1b[K']);
});
