/** The README shows real output: every `$ palisade ...` in its console blocks must print what it shows. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(`${ROOT}README.md`, 'utf8');

const examples: { command: string; expected: string }[] = [];
for (const block of readme.matchAll(/```console\n([\s\S]*?)```/g)) {
  // Each `$ ` line starts an example; its output runs to the next one or a blank line before it.
  for (const part of block[1]!.split(/^\$ /m).slice(1)) {
    const [command, ...output] = part.trimEnd().split('\n');
    examples.push({ command: command!, expected: output.join('\n') });
  }
}

test('the README has examples to check', () => {
  assert.ok(examples.length >= 4, `found ${examples.length}`);
});

for (const { command, expected } of examples) {
  test(`README: ${command}`, () => {
    assert.match(command, /^palisade /, 'README examples run palisade only');
    const args = command.slice('palisade '.length).split(' ');
    const r = spawnSync(process.execPath, [`${ROOT}dist/cli/main.js`, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(r.stdout.trimEnd(), expected);
  });
}
