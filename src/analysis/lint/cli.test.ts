/**
 * `palisade lint` as users and CI call it: outputs, exit codes, config. Until
 * main.ts registers the command, a helper runs it with main's error handling.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { palisade, ROOT } from '../../cli/run-cli.test.helper.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-lint-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function lint(args: string[], cwd = ROOT) {
  return palisade(['lint', ...args], undefined, { cwd });
}

test('examples/clean: no finding, exit 0 even with --fail-on info', () => {
  const r = lint(['-f', 'examples/clean', '--fail-on', 'info']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, 'lint: 0 errors, 0 warnings, 0 info; clean\n');
});

test('table: file:line:column, severity, ID, name, object; then field and message; then the hint', () => {
  const r = lint(['-f', 'examples/lint/pal003-named-port-undefined.yaml']);
  assert.equal(r.code, 1, 'PAL003 is an error, and --fail-on defaults to error');
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'examples/lint/pal003-named-port-undefined.yaml:41:7: error PAL003 named-port-undefined: NetworkPolicy pal003/web');
  assert.match(lines[1]!, /^ {2}spec\.ingress\[0\]\.ports\[0\]\.port: named port "https" \(TCP\) is defined by none of/);
  assert.match(lines[2]!, /^ {2}hint: /);
  assert.match(r.stdout, /\nlint: 1 error, 0 warnings, 0 info \(1 suppressed by palisade\.dev\/lint-ignore\); 1 finding at or above error\n$/);
});

test('--fail-on: exit 1 only for findings at or above it', () => {
  const file = ['-f', 'examples/lint/pal004-peer-split-selectors.yaml'];
  assert.equal(lint(file).code, 0, 'warnings only: below the default, error');
  assert.equal(lint([...file, '--fail-on', 'warning']).code, 1);
  assert.equal(lint(['-f', 'examples/lint/pal009-namespace-without-default-deny.yaml', '--fail-on', 'warning']).code, 0, 'info only');
  assert.equal(lint(['-f', 'examples/lint/pal009-namespace-without-default-deny.yaml', '--fail-on', 'info']).code, 1);
  assert.equal(lint([...file, '--fail-on', 'fatal']).code, 2);
});

test('-o json: one object with findings and summary', () => {
  const r = lint(['-f', 'examples/lint', '-o', 'json', '--fail-on', 'warning']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { findings: { id: string; file: string }[]; summary: Record<string, unknown> };
  assert.deepEqual(Object.keys(out), ['findings', 'summary']);
  assert.equal(out.summary['failOn'], 'warning');
  assert.equal(out.summary['total'], out.findings.length);
  assert.ok(out.findings.every((f) => f.file.startsWith('examples/lint/')));
});

test('-o sarif: SARIF 2.1.0, URIs relative to the current directory', () => {
  const r = lint(['-f', 'pal003-named-port-undefined.yaml', '-o', 'sarif'], join(ROOT, 'examples/lint'));
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout) as { version: string; runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'pal003-named-port-undefined.yaml');
});

test('config: .palisade.yaml in the current directory, or --config; a bad one is a usage error naming the place', () => {
  const file = join(ROOT, 'examples/lint/pal003-named-port-undefined.yaml');
  writeFileSync(join(dir, '.palisade.yaml'), 'lint:\n  checks:\n    named-port-undefined: warning\n');
  assert.equal(lint(['-f', file], dir).code, 0, 'PAL003 lowered to a warning by .palisade.yaml');
  writeFileSync(join(dir, 'off.yaml'), 'lint:\n  checks:\n    PAL003: off\n');
  const off = lint(['-f', file, '--config', 'off.yaml', '--fail-on', 'info'], dir);
  assert.equal(off.code, 0);
  assert.match(off.stdout, /lint: 0 errors, 0 warnings, 0 info/);
  writeFileSync(join(dir, 'bad.yaml'), 'lint:\n  checks:\n    PAL003: loud\n');
  const bad = lint(['-f', file, '--config', 'bad.yaml'], dir);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^palisade: config bad\.yaml:3:13: "PAL003": "loud" is not a setting: write one of off, error, warning, info\n$/);
  const missing = lint(['-f', file, '--config', 'nope.yaml'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml:1:1: cannot read the config: no such file/);
});

test('lint.dns: examples/lint/dns is clean with its .palisade.yaml, which requires each target; a bad target is a usage error naming the place', () => {
  const example = join(ROOT, 'examples/lint/dns');
  const clean = lint(['-f', '.', '--fail-on', 'info'], example);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  const shop = readFileSync(join(example, 'shop.yaml'), 'utf8');
  const withoutCache = shop.replace('    - ipBlock:\n        cidr: 169.254.20.10/32\n', '');
  assert.notEqual(withoutCache, shop);
  writeFileSync(join(dir, 'shop.yaml'), withoutCache);
  const args = ['-f', 'shop.yaml', '-f', join(example, 'kube-system.yaml'), '--fail-on', 'warning'];
  assert.equal(lint(args, dir).code, 0, 'the default cluster DNS, kube-dns, is reached');
  const cache = lint([...args, '--config', join(example, '.palisade.yaml')], dir);
  assert.equal(cache.code, 1);
  assert.match(cache.stdout, /^shop\.yaml:\d+:3: warning PAL006 egress-blocks-dns: NetworkPolicy shop\/default-deny\n {2}spec\.policyTypes: shop\/deployment\/api, shop\/deployment\/db are isolated .* cannot reach the cluster DNS \(169\.254\.20\.10\) on 53\/UDP and 53\/TCP: they cannot resolve names\n/);
  writeFileSync(join(dir, 'bad-dns.yaml'), 'lint:\n  dns:\n  - ip: 169.254.20.0/24\n');
  const bad = lint([...args, '--config', 'bad-dns.yaml'], dir);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.equal(bad.stderr, 'palisade: config bad-dns.yaml:3:9: "ip": "169.254.20.0/24" is not an IP address: write one address, e.g. 169.254.20.10 (NodeLocal DNSCache)\n');
});

test('no input, or unreadable input, is a usage error', () => {
  assert.equal(lint([]).code, 2);
  assert.equal(lint(['-f', 'examples/nope']).code, 2);
});
