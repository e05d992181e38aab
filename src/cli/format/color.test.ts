import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { colourWanted } from './color.js';

test('colour on a terminal only; NO_COLOR turns it off, FORCE_COLOR on (but 0); CI alone does not', () => {
  const rows: [Record<string, string>, boolean, boolean][] = [
    [{}, true, true],
    [{}, false, false],
    [{ CI: 'true' }, false, false],
    [{ CI: 'true' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, false],
  ];
  for (const [env, terminal, wanted] of rows) assert.equal(colourWanted(env, terminal), wanted, `${JSON.stringify(env)}, terminal: ${terminal}`);
});

test('a command piped in a CI job writes no colour codes; with FORCE_COLOR it does', () => {
  const cli = fileURLToPath(new URL('../main.js', import.meta.url));
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const run = (env: Record<string, string>) => {
    const inherited = { ...process.env };
    delete inherited['NO_COLOR'];
    delete inherited['FORCE_COLOR'];
    return spawnSync(process.execPath, [cli, 'check', '-f', 'examples/seed', 'default/frontend', 'default/db', '6379'], { cwd: root, encoding: 'utf8', env: { ...inherited, ...env } }).stdout;
  };
  const ESC = String.fromCharCode(27);
  const piped = run({ CI: 'true' });
  assert.match(piped, /ALLOWED|DENIED/);
  assert.ok(!piped.includes(ESC), piped);
  assert.ok(run({ CI: 'true', FORCE_COLOR: '1' }).includes(`${ESC}[`));
});
