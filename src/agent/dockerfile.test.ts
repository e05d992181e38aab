/**
 * The agent's image (Dockerfile, .dockerignore at the repository's root). No
 * container runtime runs here, so these read the files: a pinned Node.js 20
 * base, the build steps, nft in the image, the entry point that is the
 * `palisade` command, and a build context that holds what the COPY lines name.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../cli/run-cli.test.helper.js';

interface Instruction {
  keyword: string;
  args: string;
}

/** The instructions, their continuation lines joined and comment lines left out, as docker reads them. */
function instructions(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
}

/** The stages, each from its FROM to the next. */
function stages(list: Instruction[]): Instruction[][] {
  const out: Instruction[][] = [];
  for (const i of list) {
    if (i.keyword === 'FROM') out.push([]);
    out.at(-1)?.push(i);
  }
  return out;
}

const DOCKERFILE = stages(instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')));
const build = DOCKERFILE[0]!;
const runtime = DOCKERFILE.at(-1)!;
const runs = (stage: Instruction[]) => stage.filter((i) => i.keyword === 'RUN').map((i) => i.args);

test('every stage starts from Node.js 20 pinned to one release (not a moving tag), the same for building and running', () => {
  assert.ok(DOCKERFILE.length >= 2, 'a build stage and a runtime stage');
  const bases = DOCKERFILE.map((s) => s[0]!.args.split(/\s+/)[0]!);
  for (const base of bases) assert.match(base, /^node:20\.\d+\.\d+-[a-z]+(-slim)?(@sha256:[0-9a-f]{64})?$/);
  assert.equal(new Set(bases).size, 1, bases.join(', '));
});

test('the build stage installs from the lockfile, builds, and keeps only the production dependencies', () => {
  const steps = runs(build).join(' && ');
  assert.match(steps, /\bnpm ci\b/);
  assert.match(steps, /\bnpm run build\b/);
  assert.match(steps, /\bnpm ci --omit=dev\b/);
  assert.ok(steps.indexOf('npm run build') < steps.indexOf('npm ci --omit=dev'), 'dev dependencies go after the build that needs them');
});

test('the build stage copies in the scripts `npm run build` runs, before running it', () => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const needed = [...scripts['build']!.matchAll(/\bnode (scripts\/\S+)/g)].map((m) => m[1]!);
  assert.ok(needed.length > 0, scripts['build']);
  const buildAt = build.findIndex((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args));
  const copiedBefore = build.slice(0, buildAt).filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from=')).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  for (const script of needed) assert.ok(copiedBefore.some((source) => script === source || script.startsWith(`${source.replace(/\/$/, '')}/`)), `${script} is copied before npm run build: ${copiedBefore.join(', ')}`);
});

test('the runtime image installs nftables, iproute2 and tcpdump without recommends, and drops the package lists in the same layer', () => {
  const install = runs(runtime).find((r) => /apt-get install/.test(r));
  assert.ok(install, 'an apt-get install');
  const packages = install.slice(install.indexOf('apt-get install') + 'apt-get install'.length).split('&&')[0]!.split(/\s+/).filter((w) => w && !w.startsWith('-'));
  for (const p of ['nftables', 'iproute2', 'tcpdump']) assert.ok(packages.includes(p), `${p} in: ${packages.join(' ')}`);
  assert.match(install, /--no-install-recommends/);
  assert.match(install, /apt-get update/);
  assert.match(install, /rm -rf \/var\/lib\/apt\/lists/);
});

test("the entry point is the palisade command (package.json's bin) from the files the runtime stage copies", () => {
  const { bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const entry = runtime.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
  assert.ok(entry, 'an ENTRYPOINT');
  const workdir = runtime.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args;
  assert.deepEqual(JSON.parse(entry.args), ['node', `${workdir}/${bin['palisade']}`], 'exec form, so that signals reach node');
  const copied = runtime.filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=')).flatMap((i) => i.args.split(/\s+/).slice(1, -1).map((source) => basename(source)));
  for (const needed of ['package.json', 'node_modules', 'dist']) assert.ok(copied.includes(needed), `COPY --from=… ${needed}: ${copied.join(', ')}`);
});

/** Whether .dockerignore leaves a top-level path of the repository out of the build context: the last pattern that matches decides. */
function ignored(path: string, patterns: string[]): boolean {
  let out = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const glob = pattern.replace(/^!/, '').replace(/\/$/, '');
    const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
    if (re.test(path)) out = !negated;
  }
  return out;
}

test('.dockerignore keeps the host\'s node_modules, dist and .git out of the build, and every file the build stage copies in', () => {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const path of ['node_modules', 'dist', '.git']) assert.ok(ignored(path, patterns), `${path} is left out`);
  const sources = build.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from=')).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  assert.ok(sources.length > 0);
  for (const source of sources) {
    assert.ok(existsSync(join(ROOT, source)), `${source} exists`);
    assert.ok(!ignored(source, patterns), `${source} is in the build context`);
  }
});
