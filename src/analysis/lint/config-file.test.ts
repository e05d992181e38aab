/** Which .palisade.yaml is read: --config FILE, else the one in the current directory, else none. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_CONFIG } from './config.js';
import { loadLintConfig } from './config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-lint-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the file: --config FILE, else .palisade.yaml in the current directory, else the defaults', () => {
  assert.equal(loadLintConfig(undefined, dir), DEFAULT_CONFIG);
  writeFileSync(join(dir, '.palisade.yaml'), 'lint:\n  checks:\n    PAL001: off\n');
  assert.deepEqual(loadLintConfig(undefined, dir), { checks: { PAL001: 'off' }, file: '.palisade.yaml' });
  writeFileSync(join(dir, 'other.yaml'), 'lint:\n  checks:\n    PAL002: info\n');
  assert.deepEqual(loadLintConfig('other.yaml', dir).checks, { PAL002: 'info' });
  assert.throws(() => loadLintConfig('missing.yaml', dir), /missing\.yaml:1:1: cannot read the config: no such file/);
});
