/** Completion scripts: valid for the real shells, and completing what the program declares. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { completionScript, SHELLS, type Shell } from './completion.js';
import { buildProgram } from './program.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'palisade-completion-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SYNTAX_CHECK: Record<Shell, string[]> = { bash: ['-n'], zsh: ['-n'], fish: ['--no-execute'] };

function missing(shell: string): string | false {
  const r = spawnSync(shell, ['--version'], { encoding: 'utf8' });
  return r.error ? `${shell} is not installed` : false;
}

function scriptFile(shell: Shell, text: string): string {
  const file = join(dir, `palisade.${shell}.${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  return file;
}

/** `palisade completion SHELL`, as a user runs it. */
function cliScript(shell: Shell): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'completion', shell], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The choices a command declares for an option, as the program has them. */
function choices(command: string, option: string): string[] {
  const cmd = buildProgram().commands.find((c) => c.name() === command)!;
  return cmd.options.find((o) => o.long === option)!.argChoices!;
}

/** What bash offers after the script is sourced, for the words typed (the last one being completed). */
function bashComplete(script: string, words: string[]): string[] {
  const file = scriptFile('bash', script);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _palisade; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').filter(Boolean);
}

for (const shell of SHELLS) {
  test(`completion ${shell}: the real shell accepts the script`, { skip: missing(shell) }, () => {
    const r = spawnSync(shell, [...SYNTAX_CHECK[shell], scriptFile(shell, cliScript(shell))], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  });
}

test('completion bash: subcommands, options, choices of -o, paths, nested commands', { skip: missing('bash') }, () => {
  const script = cliScript('bash');
  assert.deepEqual(bashComplete(script, ['palisade', 'ma']), ['matrix']);
  assert.deepEqual(bashComplete(script, ['palisade', 'matrix', '-o', '']), choices('matrix', '--output'));
  // -f takes a value, so `-o` after it is still an option of matrix.
  assert.deepEqual(bashComplete(script, ['palisade', 'matrix', '-f', 'examples/seed', '-o', 'j']), ['json']);
  assert.deepEqual(bashComplete(script, ['palisade', 'matrix', '--gr']), ['--group-by']);
  assert.deepEqual(bashComplete(script, ['palisade', 'lint', '--fail-on', '']), ['error', 'warning', 'info']);
  assert.deepEqual(bashComplete(script, ['palisade', 'validate', '-f', 'examples/se']), ['examples/seed', 'examples/seed-tour.json']);
  assert.deepEqual(bashComplete(script, ['palisade', 'lab', '']), ['run', 'exec', 'down', 'help']);
  assert.deepEqual(bashComplete(script, ['palisade', 'lab', 'run', '--no']).sort(), ['--nodes', '--no-ipblock-matches-pods'].sort());
  assert.deepEqual(bashComplete(script, ['palisade', 'completion', '']), ['bash', 'zsh', 'fish']);
});

test('completion fish: fish itself completes from the script', { skip: missing('fish') }, () => {
  const file = scriptFile('fish', cliScript('fish'));
  const complete = (line: string) =>
    spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0]);
  assert.deepEqual(complete('palisade matrix -o '), choices('matrix', '--output').sort());
  assert.deepEqual(complete('palisade lab '), ['down', 'exec', 'help', 'run']);
  assert.deepEqual(complete('palisade lab run --ti'), ['--timeout']);
});

test('every option of every command is in each script, and a new option completes by itself', { skip: missing('bash') }, () => {
  const program = buildProgram();
  const all = (cmd: Command): Command[] => [cmd, ...cmd.commands.flatMap(all)];
  for (const shell of SHELLS) {
    const script = completionScript(program, shell);
    for (const cmd of all(program)) {
      for (const o of cmd.options) assert.ok(script.includes(shell === 'fish' ? `-l ${o.long!.slice(2)}` : o.long!), `${shell}: ${cmd.name()} ${o.long}`);
    }
  }
  const matrix = program.commands.find((c) => c.name() === 'matrix')!;
  matrix.addOption(new Option('--colour <when>', 'a new option').choices(['always', 'never']));
  const script = completionScript(program, 'bash');
  assert.deepEqual(bashComplete(script, ['palisade', 'matrix', '--col']), ['--colour']);
  assert.deepEqual(bashComplete(script, ['palisade', 'matrix', '--colour', '']), ['always', 'never']);
});
