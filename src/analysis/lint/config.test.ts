/** .palisade.yaml: what it accepts, and errors that name the file, line, column and what would be right. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_CONFIG, LintConfigError, loadLintConfig, parseLintConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-lint-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function error(text: string): LintConfigError {
  try {
    parseLintConfig(text, 'cfg.yaml');
  } catch (e) {
    assert.ok(e instanceof LintConfigError, String(e));
    return e;
  }
  assert.fail(`accepted: ${text}`);
}

test('checks by ID or name, any case, set off or to a severity', () => {
  const text = 'lint:\n  checks:\n    PAL004: off\n    ipblock-covers-pods: error\n    pal009: Warning\n    redundant: false\n';
  assert.deepEqual(parseLintConfig(text, 'cfg.yaml'), { checks: { PAL004: 'off', PAL005: 'error', PAL009: 'warning', PAL007: 'off' }, file: 'cfg.yaml' });
});

test('empty files, empty sections and other top-level sections are fine', () => {
  assert.deepEqual(parseLintConfig('', 'c').checks, {});
  assert.deepEqual(parseLintConfig('lint:\n', 'c').checks, {});
  assert.deepEqual(parseLintConfig('lint:\n  checks:\n', 'c').checks, {});
  assert.deepEqual(parseLintConfig('diff:\n  anything: 1\n', 'c').checks, {});
});

test('mistakes name the line and column and say what would be right', () => {
  const unknown = error('lint:\n  checks:\n    PAL004: off\n    ipblock-covers-pod: error\n');
  assert.deepEqual([unknown.file, unknown.line, unknown.column], ['cfg.yaml', 4, 5]);
  assert.match(unknown.message, /^cfg\.yaml:4:5: unknown check "ipblock-covers-pod": the checks are PAL001 \(policy-selects-nothing\), /);
  const setting = error('lint:\n  checks:\n    PAL004: fatal\n');
  assert.deepEqual([setting.line, setting.column], [3, 13]);
  assert.match(setting.problem, /"PAL004": "fatal" is not a setting: write one of off, error, warning, info/);
  assert.match(error('lint:\n  checks:\n    PAL004: off\n    peer-split-selectors: error\n').problem, /PAL004 \(peer-split-selectors\) is already set, as "PAL004"/);
  assert.match(error('lint:\n  check:\n    PAL004: off\n').problem, /unknown key "check" under "lint": the only one is "checks"/);
  assert.match(error('lint:\n  checks: [PAL004]\n').problem, /"checks" must be a map/);
  assert.match(error('lint: off\n').problem, /"lint" must be a map/);
  assert.match(error('- lint\n').problem, /the config must be a map/);
  const syntax = error('lint:\n  checks: {PAL004: off\n');
  assert.match(syntax.problem, /^not valid YAML: /);
  assert.match(error('lint:\n  checks:\n    PAL004: off\n    PAL004: error\n').problem, /not valid YAML: .*unique/i);
});

test('the file: --config FILE, else .palisade.yaml in the current directory, else the defaults', () => {
  assert.equal(loadLintConfig(undefined, dir), DEFAULT_CONFIG);
  writeFileSync(join(dir, '.palisade.yaml'), 'lint:\n  checks:\n    PAL001: off\n');
  assert.deepEqual(loadLintConfig(undefined, dir), { checks: { PAL001: 'off' }, file: '.palisade.yaml' });
  writeFileSync(join(dir, 'other.yaml'), 'lint:\n  checks:\n    PAL002: info\n');
  assert.deepEqual(loadLintConfig('other.yaml', dir).checks, { PAL002: 'info' });
  assert.throws(() => loadLintConfig('missing.yaml', dir), /missing\.yaml:1:1: cannot read the config: no such file/);
});
