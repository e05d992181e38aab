/**
 * The block reader is held to js-yaml: on every document it either reads
 * exactly the value js-yaml reads, or leaves the document to it. Never a
 * different value, and never a value where js-yaml finds an error.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dump } from 'js-yaml';
import { readBlockYaml, UNREAD } from './block-yaml.js';
import { parseYamlGenerally, resolvePlain } from './parse-document.js';
import { splitYamlDocuments } from './split-documents.js';

/** What the block reader made of `text`, checked against js-yaml; true when it read it. */
function agrees(text: string): boolean {
  const block = readBlockYaml(text, resolvePlain);
  if (block === UNREAD) return false;
  const general = parseYamlGenerally(text);
  assert.ok(general.ok, `the block reader read what js-yaml refuses (${general.ok ? '' : general.message}):\n${text}`);
  assert.deepStrictEqual(block, general.value, `read differently from js-yaml:\n${text}`);
  return true;
}

test('reads kubectl-style manifests as js-yaml does', () => {
  const text = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: "db"   # quoted',
    "  namespace: 'it''s'",
    '  labels: {app: db, tier: "backend", replicas: 3}',
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Ingress, Egress]',
    '  ingress:',
    '  - from:',
    '    - namespaceSelector:',
    '        matchExpressions:',
    '        - {key: team, operator: In, values: [a, b]}',
    '',
    '    # a comment at any indentation',
    '    ports:',
    '    - port: 5432',
    '      protocol: TCP',
    '    -   port: http',
    '  egress:',
    '  -',
    '',
  ].join('\n');
  // `-` alone is left to js-yaml; without it, the rest is read.
  assert.equal(readBlockYaml(text, resolvePlain), UNREAD);
  assert.ok(agrees(text.replace('  egress:\n  -\n', '  egress: []\n')));
  const value = readBlockYaml(text.replace('  egress:\n  -\n', '  egress: []\n'), resolvePlain) as Record<string, Record<string, unknown>>;
  assert.deepEqual(value['metadata'], { name: 'db', namespace: "it's", labels: { app: 'db', tier: 'backend', replicas: 3 } });
});

test('plain scalars mean what js-yaml makes of them, as keys and values', () => {
  const scalars = ['yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', '~', 'null', 'Null', 'NULL', '0x1F', '0o17', '012', '-0', '+1', '1_000', '.5', '1e3', '1.5e3', '.inf', '-.Inf', '.nan', '<<x', '2024-01-01', 'T', 'TCP', '-', '-x', ':x', '?x', 'a:b', 'a#b', 'a b', '8080', '1.10'];
  for (const s of scalars) {
    agrees(`key: ${s}\n`);
    agrees(`${s}: value\n`);
    agrees(`list: [${s}]\n`);
    agrees(`- ${s}\n`);
  }
  // Reading these needs no types: the prefilter must not change any.
  for (let c = 0x21; c < 0x7f; c++) {
    const s = `${String.fromCharCode(c)}1`;
    agrees(`key: ${s}\n`);
  }
});

test('spaces, quotes, flow collections and scalars at their edges: read as js-yaml reads them, or left', () => {
  const cases = ['a  : b', '- a  : b', 'a: b  ', 'a:   ', 'a: ""', "a: ''", 'a: "" # c', 'a: [ ]', 'a: { }', 'a: [ a , b ]', 'a: {b: c,d: e}', 'a: {b: c, d: [e, f], g: {h: i}}', 'a: [a: b]', 'a: "x": y', 'a:\n- b\n- c\nd: e', 'a:\n  - b\n  -   c: d\n      e: f', 'a: -', 'a: - b', 'a: b #c\n  d', 'a: 0b101', 'a: 0_1', 'a: 1__', 'a: -.5', 'a: +.inf', 'a: .Nan', 'a: yes\nb: YES\nc: yEs', 'a: {b: yes}', 'a: [yes, no, ~, null]', "a: 'b'' c'", 'a: "b\'c"', 'a: \'b"c\'', 'a: b"c', "a: b'c", 'a: x:y', 'a: x :y', 'a:  [b]   # c', 'a: [b]#c', 'a: {b: [c]}x', '"a b": c', "'a''b': c", '"a":\n  b: c', 'a: b\n\n\n  ', '\n\na: b', '  a: 1\n  b: 2', 'a:\n\n  b: 1', 'a: [b, , c]', 'a: ,b', 'a: b,c', 'a: [b c, d]', 'a: {b c: d}', 'a: {"b": c}', "a: {'b': 'c'}", 'a: [-1, -b]', 'a: [?x]', 'a: [:x]', 'a: [x:]', 'a: [x:y]', 'a: {x:y}', 'a: {x: y:z}', '- {a: b}\n- [c]', 'a: <<', 'a: ~x', 'a: .', 'a: 1.', 'a: 1e', 'a: 0x', 'a: 00', 'a: 09', 'a: 1:30', 'a: 2001-12-14t21:59:43.10-05:00', 'a: 1,000', 'a: _1'];
  const read = cases.filter((text) => agrees(`${text}\n`)).length;
  assert.ok(read > cases.length / 2, `read ${read} of ${cases.length}`);
});

test('leaves to js-yaml what is outside the block style, and every error', () => {
  const outside = [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: |\n  text\n',
    'a: >\n  text\n',
    'a: multi\n  line\n',
    'a: "multi\n  line"\n',
    'a: "esc\\n"\n',
    'a: 1\na: 2\n',
    '<<: {a: 1}\n',
    '__proto__: 1\n',
    'a:\tb\n',
    'a: b\r\n',
    'a: é\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: b: c\n',
    'a: [b,\n  c]\n',
    'a: [b, ]\n',
    'a: {b}\n',
    '- - a\n',
    'just a scalar\n',
    '# only a comment\n',
    '  a: 1\nb: 2\n',
    'a:\n    b: 1\n  c: 2\n',
    '? a\n: b\n',
  ];
  for (const text of outside) assert.equal(readBlockYaml(text, resolvePlain), UNREAD, text);
});

test('nesting deeper than any manifest is left to js-yaml, and never overflows the stack', () => {
  const block = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
  assert.equal(readBlockYaml(block, resolvePlain), UNREAD);
  assert.equal(readBlockYaml(`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, resolvePlain), UNREAD);
});

/** Random documents of the block style and just outside it: keys, scalars and indentation chosen to hit the edges. */
function randomDocument(random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const keys = ['a', 'b', 'name', 'yes', 'on', '1', '0x1F', '~', 'null', '"q"', "'s'", 'a b', 'a:b', '-k', '<<', 'toString', 'a #c', '"a": x', 'x y z'];
  const scalars = ['v', 'yes', 'Off', '1', '-1', '+2', '0o7', '012', '1_0', '.5', '1e3', '.inf', '.NaN', '~', 'null', '""', "''", '"a b"', "'it''s'", '"esc\\t"', 'a #c', 'a#c', 'a: b', 'a:', ':x', '- a', '-', '? a', 'x ', '[]', '{}', '[a, b]', '[a, [1, 2]]', '{a: 1, b: [x]}', '{a: 1, a: 2}', '[a, b', '{a}', '&x 1', '*x', '!t 1', '|', '"unterminated', 'http://x/y?z=1&w', '[a] b', '"a" b', 'é', 'x\t', '[a, ]', '[a,b]', '{a: }', '[a #c]', '[a, b] #c', '{a: b #c}'];
  const lines: string[] = [];
  const node = (indent: number, depth: number): void => {
    const sequence = random() < 0.4;
    const entries = 1 + Math.floor(random() * 3);
    for (let e = 0; e < entries; e++) {
      const pad = ' '.repeat(Math.max(0, indent + (random() < 0.05 ? pick([-1, 1]) : 0))) + (random() < 0.02 ? '\t' : '');
      if (random() < 0.1) lines.push(random() < 0.5 ? '' : `${' '.repeat(Math.floor(random() * 6))}# comment`);
      const nested = depth < 4 && random() < 0.4;
      const child = indent + pick([2, 2, 2, 4, 1]);
      if (sequence) {
        if (nested && random() < 0.5) {
          // A compact mapping: `- key: value` and its further keys under the key.
          lines.push(`${pad}- ${pick(keys)}: ${pick(scalars)}`);
          if (random() < 0.7) lines.push(`${' '.repeat(indent + 2)}${pick(keys)}: ${pick(scalars)}`);
        } else if (nested) {
          lines.push(`${pad}-${random() < 0.9 ? '' : ' # c'}`);
          node(child, depth + 1);
        } else {
          lines.push(`${pad}- ${pick(scalars)}`);
        }
      } else if (nested) {
        lines.push(`${pad}${pick(keys)}:${random() < 0.9 ? '' : ' # c'}`);
        // kubectl's unindented sequence under a key, or a deeper node.
        if (random() < 0.3) {
          lines.push(`${pad}- ${pick(scalars)}`);
          if (random() < 0.5) lines.push(`${pad}- ${pick(keys)}: ${pick(scalars)}`);
        } else node(child, depth + 1);
      } else {
        lines.push(`${pad}${pick(keys)}:${pick([' ', ' ', '  ', ''])}${pick(scalars)}`);
      }
    }
  };
  node(random() < 0.9 ? 0 : 2, 0);
  return lines.join('\n') + pick(['\n', '', '\n\n']);
}

test('random documents: the block reader reads what js-yaml reads, or leaves it', () => {
  let read = 0;
  let left = 0;
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      let state = seed >>> 0;
      const random = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
      if (agrees(randomDocument(random))) read++;
      else left++;
    }),
    { numRuns: 3000, includeErrorInReport: true },
  );
  // Both ways were taken often, so the comparison was not empty.
  assert.ok(read > 300 && left > 300, `read ${read}, left ${left}`);
});

test('random values as js-yaml writes them, in kubectl\'s style and others: read back alike', () => {
  let read = 0;
  const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('yes', 'on', '1', '~', 'a b', 'a: b', '- a', '#', "it's", 'x\ty'));
  const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), key);
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
  })).node;
  const options = fc.record({ indent: fc.constantFrom(1, 2, 4), noArrayIndent: fc.boolean(), flowLevel: fc.constantFrom(-1, 1, 2), lineWidth: fc.constantFrom(-1, 20, 80) });
  fc.assert(
    fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), options, (object, opts) => {
      if (agrees(dump(object, opts))) read++;
    }),
    { numRuns: 2000, includeErrorInReport: true },
  );
  assert.ok(read > 500, `read ${read}`);
});

test('every example manifest: the block reader reads what js-yaml reads, or leaves it', () => {
  const root = fileURLToPath(new URL('../../examples/', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(f)) files.push(p);
    }
  };
  walk(root);
  let read = 0;
  for (const file of files) for (const doc of splitYamlDocuments(readFileSync(file, 'utf8'))) if (agrees(doc.text)) read++;
  assert.ok(read > 200, `read ${read} documents of ${files.length} files`);
});
