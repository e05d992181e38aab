/**
 * The SARIF output against the SARIF 2.1.0 JSON schema. The schema file is
 * the one @microsoft/jest-sarif ships (sarif-2.1.0-rtm.5.json, draft-04, the
 * schema the OASIS 2.1.0 standard was approved with), validated by ajv in
 * its draft-04 mode with formats checked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { clusterOf } from '../../engine/cluster.js';
import { Engine } from '../../engine/engine.js';
import { loadFromApi } from '../../sources/api-objects.test.helper.js';
import { loadManifests } from '../../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../../validation/kubernetes-version.js';
import { validateManifests } from '../../validation/manifests.js';
import { CHECKS } from './checks.js';
import { lint, type LintResult } from './lint.js';
import { fileUri, toSarif } from './sarif.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;

function validator() {
  // unicodeRegExp off: the schema's pattern for `language` has a stray "]" that only non-unicode regular expressions accept (as JSON Schema's ECMA 262 dialect does).
  const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

function lintExamples(): LintResult {
  const m = loadManifests([join(ROOT, 'examples/lint')]);
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  const cluster = clusterOf(m, report);
  return lint(Engine.compile(cluster), cluster);
}

test('SARIF output is valid SARIF 2.1.0', () => {
  const validate = validator();
  const log = toSarif(lintExamples(), { config: { checks: { PAL007: 'off' } }, version: '0.1.0', cwd: ROOT });
  assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
  // The validator is not a yes-man: a result without a message is refused.
  const broken = structuredClone(log) as { runs: { results: Record<string, unknown>[] }[] };
  delete broken.runs[0]!.results[0]!['message'];
  assert.equal(validate(broken), false);
  const badLevel = structuredClone(log) as { runs: { results: Record<string, unknown>[] }[] };
  badLevel.runs[0]!.results[0]!['level'] = 'info';
  assert.equal(validate(badLevel), false, 'SARIF has no level "info": it is "note"');
});

test('SARIF: rules for every check with the configured level, results located relative to the current directory', () => {
  const log = toSarif(lintExamples(), { config: { checks: { PAL007: 'off', PAL009: 'error' } }, version: '0.1.0', cwd: ROOT }) as {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; name: string; defaultConfiguration: { level: string; enabled?: boolean } }[] } };
      results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
    }[];
  };
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'palisade');
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), CHECKS.map((c) => c.id));
  assert.deepEqual(run.tool.driver.rules.find((r) => r.id === 'PAL007')!.defaultConfiguration, { enabled: false, level: 'none' });
  assert.deepEqual(run.tool.driver.rules.find((r) => r.id === 'PAL003')!.defaultConfiguration, { level: 'error' });
  const pal003 = run.results.find((r) => r.ruleId === 'PAL003')!;
  assert.equal(run.tool.driver.rules[pal003.ruleIndex]!.id, 'PAL003');
  assert.equal(pal003.level, 'error');
  assert.deepEqual(pal003.locations[0]!.physicalLocation, {
    artifactLocation: { uri: 'examples/lint/pal003-named-port-undefined.yaml' },
    region: { startLine: 41, startColumn: 7 },
  });
  // info is SARIF's note.
  assert.ok(run.results.filter((r) => r.ruleId === 'PAL005').some((r) => r.level === 'note'));
});

test('SARIF: ClusterNetworkPolicy findings are located in their file and by their object, like the others', () => {
  const log = toSarif(lintExamples(), { config: { checks: {} }, version: '0.1.0', cwd: ROOT }) as {
    runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[];
  };
  for (const id of ['PAL011', 'PAL012', 'PAL013', 'PAL014']) {
    const check = CHECKS.find((c) => c.id === id)!;
    const [location] = log.runs[0]!.results.find((r) => r.ruleId === id)!.locations;
    assert.equal(location!.physicalLocation.artifactLocation.uri, `examples/lint/${id.toLowerCase()}-${check.name}.yaml`);
    assert.match(location!.logicalLocations[0]!.fullyQualifiedName, /^ClusterNetworkPolicy pal01\d-[a-z-]+ spec\./);
  }
});

test('SARIF for objects read from an API server is valid SARIF 2.1.0: results without a file, located by the object', () => {
  const m = loadFromApi();
  const cluster = clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION }));
  const log = toSarif(lint(Engine.compile(cluster), cluster), { config: { checks: {} }, version: '0.1.0', cwd: ROOT }) as { runs: { results: { locations: Record<string, unknown>[] }[] }[] };
  const validate = validator();
  assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
  const results = log.runs[0]!.results;
  assert.ok(results.length > 0);
  for (const r of results) assert.deepEqual(Object.keys(r.locations[0]!), ['logicalLocations']);
});

test('SARIF URIs are relative, use / and escape what URIs cannot hold', () => {
  assert.equal(fileUri('/work/x/k8s/a b.yaml', '/work/x'), 'k8s/a%20b.yaml');
  assert.equal(fileUri('k8s/p.yaml', '/work/x'), 'k8s/p.yaml');
  assert.equal(fileUri('/elsewhere/p.yaml', '/work/x'), '../../elsewhere/p.yaml');
  assert.equal(fileUri('<stdin>', '/work/x'), '%3Cstdin%3E');
});
