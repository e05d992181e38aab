/**
 * Fuzzing the way in: random bytes, random documents and mutations of real
 * manifests go through loading and validation. Nothing may throw or hang,
 * and every diagnostic must say where it is.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dump } from 'js-yaml';
import { describeObject } from './model/objects.js';
import { loadManifests } from './sources/load.js';
import { LATEST_KUBERNETES_VERSION } from './validation/kubernetes-version.js';
import { validateManifests } from './validation/manifests.js';

const EXAMPLES = fileURLToPath(new URL('../examples/seed/', import.meta.url));
const seeds = readdirSync(EXAMPLES).map((f) => readFileSync(EXAMPLES + f, 'utf8'));
const NAME = '<stdin>';

function loadAndValidate(bytes: Buffer) {
  const m = loadManifests(['-'], { readStdin: () => bytes });
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  for (const d of report.diagnostics) {
    assert.equal(d.file, NAME, `diagnostic without its file: ${JSON.stringify(d)}`);
    // A file that cannot be read is located at the file; everything else at a line and column.
    if (d.type !== 'IO') {
      assert.ok(Number.isInteger(d.line) && d.line! >= 1, `diagnostic without a line: ${JSON.stringify(d)}`);
      assert.ok(Number.isInteger(d.column) && d.column! >= 1, `diagnostic without a column: ${JSON.stringify(d)}`);
    }
    assert.ok(d.message.length > 0);
    assert.ok(['error', 'warning', 'note'].includes(d.severity));
  }
  // An object with an error is never passed on as valid.
  for (const o of [...m.pods, ...m.policies, ...m.workloads]) {
    const objectErrors = report.diagnostics.filter((d) => d.severity === 'error' && d.object === describeObject(o));
    if (objectErrors.length > 0) assert.ok(report.invalid.has(o), `${o.kind} ${o.metadata.name} has errors but is not marked invalid`);
  }
  return { m, report };
}

test('random bytes never crash the loader', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      loadAndValidate(Buffer.from(bytes));
    }),
    { numRuns: 500, includeErrorInReport: true },
  );
});

test('random text of YAML-ish characters never crashes the loader', () => {
  const yamlish = fc.string({ unit: fc.constantFrom(...'ab: -[]{}"\'\n\t#&*!|>%@`,?0123456789.'.split('')), maxLength: 300 });
  fc.assert(
    fc.property(yamlish, (text) => {
      loadAndValidate(Buffer.from(text));
    }),
    { numRuns: 1000, includeErrorInReport: true },
  );
});

/** Any JSON-like value in any field of a NetworkPolicy. */
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -70000, max: 70000 }),
    fc.double({ noNaN: true }),
    fc.constantFrom('', 'TCP', 'UDP', 'SCTP', 'http', 'In', 'NotIn', 'Exists', 'DoesNotExist', '10.0.0.0/8', '::/0', '1.2.3.4/33', 'Ingress', 'Egress', 'a/b', 'x'.repeat(70)),
    fc.string({ maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('podSelector', 'namespaceSelector', 'ipBlock', 'cidr', 'except', 'ports', 'port', 'endPort', 'protocol', 'from', 'to', 'matchLabels', 'matchExpressions', 'key', 'operator', 'values', 'app', 'x'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

test('random structures in a NetworkPolicy are located errors, never crashes', () => {
  fc.assert(
    fc.property(
      fc.record({
        name: fc.oneof(fc.constant('p'), fc.string({ maxLength: 70 }), anyValue),
        spec: fc.record(
          { podSelector: anyValue, ingress: anyValue, egress: anyValue, policyTypes: anyValue },
          { requiredKeys: [] },
        ),
      }),
      fc.boolean(),
      ({ name, spec }, asJson) => {
        const object = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, labels: { a: 'b' } }, spec };
        loadAndValidate(Buffer.from(asJson ? JSON.stringify(object, null, 1) : dump(object)));
      },
    ),
    { numRuns: 1500, includeErrorInReport: true },
  );
});

test('mutated real manifests never crash and every problem is located', () => {
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('delete', 'insert', 'duplicate-line', 'drop-line', 'indent', 'dedent'),
    text: fc.constantFrom('-', ':', ' ', '\n', '{', '[', 'x', '"', '0', '\t', 'port: true', '- {}', '---', '&a', '*a', 'null'),
  });
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 }), (seed, edits) => {
      let text = seed;
      for (const e of edits) text = mutate(text, e.kind, e.at % (text.length + 1), e.text);
      loadAndValidate(Buffer.from(text));
    }),
    { numRuns: 1500, includeErrorInReport: true },
  );
});

function mutate(text: string, kind: string, at: number, insert: string): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at) + 1;
  switch (kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + 1);
    case 'insert':
      return text.slice(0, at) + insert + text.slice(at);
    case 'duplicate-line':
      return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    case 'drop-line':
      return text.slice(0, lineStart) + text.slice(lineEnd);
    case 'indent':
      return text.slice(0, lineStart) + '  ' + text.slice(lineStart);
    default:
      return text.slice(0, lineStart) + text.slice(lineStart).replace(/^ {1,2}/, '');
  }
}
