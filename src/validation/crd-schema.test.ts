/**
 * The generic CRD schema validator on small schemas: kube-openapi's order and
 * wording, pruning, list types, when CEL rules run, and the guard that a rule
 * or keyword it does not implement stops it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldPath } from '../model/field-path.js';
import { SCHEMA as ANP_EXPERIMENTAL } from './crd/adminnetworkpolicies-experimental.js';
import { SCHEMA as ANP_STANDARD } from './crd/adminnetworkpolicies-standard.js';
import { SCHEMA as BANP_EXPERIMENTAL } from './crd/baselineadminnetworkpolicies-experimental.js';
import { SCHEMA as BANP_STANDARD } from './crd/baselineadminnetworkpolicies-standard.js';
import { SCHEMA as EXPERIMENTAL } from './crd/clusternetworkpolicies-experimental.js';
import { SCHEMA as STANDARD } from './crd/clusternetworkpolicies-standard.js';
import {
  CEL_RULES,
  type OpenApiSchema,
  checkAgainstSchema,
  goFloat,
  isCIDR,
  validateAgainstSchema,
} from './crd-schema.js';
import { V1_33, V1_35, V1_36, lines } from './fixtures.test.helper.js';

const ROOT = FieldPath.root('spec');
const NOTE =
  'error Invalid <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

const str: OpenApiSchema = { type: 'string' };
const int32: OpenApiSchema = { type: 'integer', format: 'int32', minimum: 1, maximum: 10 };
const RANGE: OpenApiSchema = {
  type: 'object',
  required: ['start', 'end'],
  properties: { start: { type: 'integer' }, end: { type: 'integer' } },
  'x-kubernetes-validations': [{ rule: 'self.start < self.end', message: '  start before end  ' }],
};
const schema: OpenApiSchema = {
  type: 'object',
  required: ['name'],
  minProperties: 1,
  maxProperties: 3,
  properties: {
    name: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' },
    count: int32,
    ratio: { type: 'number' },
    flag: { type: 'boolean' },
    mode: { type: 'string', enum: ['Fast', 'Slow', 'A'] },
    labels: { type: 'object', additionalProperties: str },
    tags: { type: 'array', items: str, minItems: 1, maxItems: 2, 'x-kubernetes-list-type': 'set' },
    objs: { type: 'array', items: { type: 'object', properties: { a: str } }, 'x-kubernetes-list-type': 'set' },
    entries: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['key'],
      items: { type: 'object', properties: { key: str, value: str } },
    },
    range: RANGE,
    cidrs: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'isCIDR(self)', message: 'bad CIDR' }] } },
  },
};

const check = (value: unknown, opts = V1_36) => lines(validateAgainstSchema(value, schema, ROOT, opts));

const cases: [string, unknown, string[]][] = [
  ['valid', { name: 'ab', count: 5, labels: { a: 'b' } }, []],
  ['absent value: nothing to check', undefined, []],
  ['required after the fields', { count: 0 }, [
    'error Invalid spec.count: Invalid value: 0: spec.count in body should be greater than or equal to 1',
    'error Required spec.name: Required value',
    NOTE,
  ]],
  ['properties counted before the fields', { name: 'a', count: 1, flag: true, ratio: 1 }, [
    'error TooMany spec: Too many: 4: must have at most 3 items',
    'error Invalid spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long',
    NOTE,
  ]],
  ['no properties', {}, ['error Invalid spec: Invalid value: 0: spec in body should have at least 1 properties', 'error Required spec.name: Required value', NOTE]],
  ['maxLength first, then no pattern check', { name: 'ABCDE' }, ['error TooLong spec.name: Too long: may not be more than 4 bytes', NOTE]],
  ['lengths count characters', { name: 'éé' }, [`error Invalid spec.name: Invalid value: "éé": spec.name in body should match '^[a-z]+$'`]],
  ['pattern', { name: 'AB' }, [`error Invalid spec.name: Invalid value: "AB": spec.name in body should match '^[a-z]+$'`]],
  ['a string that should be a number', { name: 'ab', ratio: 'x' }, ['error TypeInvalid spec.ratio: Invalid value: "string": spec.ratio in body must be of type number: "string"', NOTE]],
  ['an integer is a number', { name: 'ab', ratio: 3 }, []],
  ['a boolean that should be a string', { name: true }, ['error TypeInvalid spec.name: Invalid value: "boolean": spec.name in body must be of type string: "boolean"', NOTE]],
  ['a map that should be a boolean', { name: 'ab', flag: {} }, ['error TypeInvalid spec.flag: Invalid value: "object": spec.flag in body must be of type boolean: "object"', NOTE]],
  ['a float below the minimum prints with %v', { name: 'ab', count: -1234567.5 }, [
    'error TypeInvalid spec.count: Invalid value: "float64": spec.count in body must be of type int32: "float64"',
    'error Invalid <nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.count',
    'error Invalid spec.count: Invalid value: -1.2345675e+06: spec.count in body should be greater than or equal to 1',
    NOTE,
  ]],
  ['enum', { name: 'ab', mode: 'fast' }, ['error NotSupported spec.mode: Unsupported value: "fast": supported values: "Fast", "Slow", "A"', NOTE]],
  ['an integer enum value converts as a rune (65 is "A")', { name: 'ab', mode: 65 }, [
    'error TypeInvalid spec.mode: Invalid value: "integer": spec.mode in body must be of type string: "integer"',
    NOTE,
  ]],
  ['a map value of the wrong type is named with a dot', { name: 'ab', labels: { 'app.kubernetes.io/name': 1 } }, [
    'error TypeInvalid spec.labels.app.kubernetes.io/name: Invalid value: "integer": spec.labels.app.kubernetes.io/name in body must be of type string: "integer"',
    NOTE,
  ]],
  ['null fields are pruned, null map values too', { name: 'ab', count: null, labels: { a: null } }, []],
  ['a required null is missing, and not counted', { name: null }, [
    'error Invalid spec: Invalid value: 0: spec in body should have at least 1 properties',
    'error Required spec.name: Required value',
    NOTE,
  ]],
  ['a null list item stays', { name: 'ab', tags: [null] }, ['error TypeInvalid spec.tags[0]: Invalid value: "null": spec.tags[0] in body must be of type string: "null"', NOTE]],
  ['minItems, maxItems', { name: 'ab', tags: [] }, ['error Invalid spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items']],
  ['items before the count', { name: 'ab', tags: [1, 'a', 'b'] }, [
    'error TypeInvalid spec.tags[0]: Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"',
    'error TooMany spec.tags: Too many: 3: must have at most 2 items',
    NOTE,
  ]],
  ['a set repeats: the first repeat of each value', { name: 'ab', objs: [{ a: 'x' }, { a: 'x' }, { a: 'x' }] }, ['error Duplicate spec.objs[1]: Duplicate value: {"a":"x"}']],
  ['a map list repeats a key', { name: 'ab', entries: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }, { value: '3' }, {}] }, [
    'error Duplicate spec.entries[1]: Duplicate value: {"key":"k"}',
    'error Duplicate spec.entries[3]: Duplicate value: {}',
  ]],
  ['a rule runs when nothing blocks, its message trimmed', { name: 'ab', range: { start: 2, end: 1 } }, ['error Invalid spec.range: Invalid value: start before end']],
  ['a rule on strings shows the string', { name: 'ab', cidrs: ['10.0.0.0/8', '10.0.0.0/33'] }, ['error Invalid spec.cidrs[1]: Invalid value: "10.0.0.0/33": bad CIDR']],
  ['a blocking error anywhere skips every rule', { name: 'ab', mode: 'x', range: { start: 2, end: 1 } }, [
    'error NotSupported spec.mode: Unsupported value: "x": supported values: "Fast", "Slow", "A"',
    NOTE,
  ]],
  ['Invalid and Duplicate errors do not block', { name: 'a', tags: ['x', 'x'], range: { start: 2, end: 1 } }, [
    'error Invalid spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long',
    'error Duplicate spec.tags[1]: Duplicate value: "x"',
    'error Invalid spec.range: Invalid value: start before end',
  ]],
  ['unknown fields: pruned before counting, a warning each', { name: 'ab', nmae: 'x', count: 2, flag: false, extra: { deep: 1 } }, [
    'warning UnknownField spec.extra: unknown field "spec.extra"',
    'warning UnknownField spec.nmae: unknown field "spec.nmae"',
  ]],
  ['unknown fields under a value of the wrong type are pruned too', { name: 'ab', tags: 'x', range: [{ start: 1 }] }, [
    'warning UnknownField spec.range[0].start: unknown field "spec.range[0].start"',
    'error TypeInvalid spec.tags: Invalid value: "string": spec.tags in body must be of type array: "string"',
    'error TypeInvalid spec.range: Invalid value: "array": spec.range in body must be of type object: "array"',
    NOTE,
  ]],
];

test('kube-openapi checks, pruning, list types and rules, in the API server order', () => {
  for (const [name, value, expected] of cases) assert.deepEqual(check(value), expected, name);
});

test('the enum accepts an integer whose rune is a value, as reflect converts it', () => {
  // Only the type error remains: 65 converts to "A", which the enum lists.
  assert.deepEqual(check({ name: 'ab', mode: 65 }).filter((l) => l.includes('NotSupported')), []);
  assert.deepEqual(check({ name: 'ab', mode: 66 }).filter((l) => l.includes('NotSupported')), [
    'error NotSupported spec.mode: Unsupported value: 66: supported values: "Fast", "Slow", "A"',
  ]);
});

test('releases differ in composite values, rule failures and numeric formats', () => {
  // A map under a schema without fields arrives empty (pruned); a list keeps its items.
  const list = { name: 'ab', mode: ['Fast', ['<x>', 1.5, null, true]] };
  assert.deepEqual(check(list, V1_33), [
    'error TypeInvalid spec.mode: Invalid value: "array": spec.mode in body must be of type string: "array"',
    'error NotSupported spec.mode: Unsupported value: []interface {}{"Fast", []interface {}{"<x>", 1.5, interface {}(nil), true}}: supported values: "Fast", "Slow", "A"',
    NOTE.replace('null:', '"null":'),
  ]);
  assert.deepEqual(check(list, V1_35)[1], 'error NotSupported spec.mode: Unsupported value: ["Fast",["\\u003cx\\u003e",1.5,null,true]]: supported values: "Fast", "Slow", "A"');
  const entries = { name: 'ab', entries: [{ value: 'v', key: 'k' }, { key: 'k' }] };
  assert.deepEqual(check(entries, V1_33), ['error Duplicate spec.entries[1]: Duplicate value: map[string]interface {}{"key":"k"}']);
  assert.deepEqual(check(entries, V1_35), ['error Duplicate spec.entries[1]: Duplicate value: {"key":"k"}']);
  assert.deepEqual(check({ name: 'ab', range: { start: 2, end: 1 } }, V1_33), ['error Invalid spec.range: Invalid value: "object": start before end']);
  assert.deepEqual(check({ name: 'ab', cidrs: ['x'] }, V1_33), ['error Invalid spec.cidrs[0]: Invalid value: "string": bad CIDR']);
  assert.deepEqual(check({ name: 'ab', count: 2 ** 31 }, V1_35), ['error Invalid spec.count: Invalid value: 2147483648: spec.count in body should be less than or equal to 10']);
  assert.deepEqual(check({ name: 'ab', count: 2 ** 31 }, V1_36), [
    'error Invalid <nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.count',
    'error Invalid spec.count: Invalid value: 2147483648: spec.count in body should be less than or equal to 10',
  ]);
});

test('checkAgainstSchema returns the value as stored and leaves the input alone', () => {
  const input = { name: 'ab', count: null, zz: 1, labels: { a: 'b', c: null } };
  const { value } = checkAgainstSchema(input, schema, ROOT);
  assert.deepEqual(value, { name: 'ab', labels: { a: 'b' } });
  assert.deepEqual(input, { name: 'ab', count: null, zz: 1, labels: { a: 'b', c: null } });
});

test('an absent or null field takes its default before required fields are checked; a written value stays', () => {
  const port: OpenApiSchema = {
    type: 'object',
    required: ['port', 'protocol'],
    properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } },
  };
  const list: OpenApiSchema = { type: 'array', items: port };
  assert.deepEqual(checkAgainstSchema([{ port: 80 }, { port: 53, protocol: null }, { port: 9, protocol: 'UDP' }], list, ROOT), {
    errors: [],
    value: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'TCP' }, { port: 9, protocol: 'UDP' }],
  });
  assert.deepEqual(lines(validateAgainstSchema([{ protocol: 'TCP' }], list, ROOT)), ['error Required spec[0].port: Required value', NOTE]);
});

test('unknown-field hints: the closest known name, the known names, or the caller', () => {
  const hints = (value: unknown, unknownFieldHint?: (p: FieldPath) => string | undefined) =>
    validateAgainstSchema(value, schema, ROOT, { unknownFieldHint }).map((e) => e.hint);
  assert.deepEqual(hints({ name: 'ab', Count: 1 }), ['did you mean "count"? The API server prunes an unknown field, which changes what the object means']);
  assert.deepEqual(hints({ name: 'ab', range: { start: 1, end: 2, step: 1 } }), ['known fields here: start, end']);
  assert.deepEqual(hints({ name: 'ab', zzz: 1 }, (p) => `at ${p}`), ['at spec.zzz']);
});

test('a rule or keyword that is not implemented throws on first use, naming it', () => {
  const rule = 'self.size() <= 10';
  assert.throws(
    () => validateAgainstSchema('x', { type: 'string', 'x-kubernetes-validations': [{ rule, message: 'm' }] }, ROOT),
    { message: `CRD schema at #: CEL rule "self.size() <= 10" is not implemented: add a predicate for it to CEL_RULES in src/validation/crd-schema.ts` },
  );
  // Also where the value has nothing to check: the whole schema is checked at once.
  const nested: OpenApiSchema = { type: 'object', properties: { a: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule }] } } } };
  assert.throws(() => validateAgainstSchema({}, nested, ROOT), /^Error: CRD schema at #\/properties\/a\/items: CEL rule "self.size\(\) <= 10" is not implemented/);
  assert.throws(() => validateAgainstSchema({}, { type: 'object', allOf: [] } as OpenApiSchema, ROOT), /CRD schema at #: keyword "allOf"; src\/validation\/crd-schema.ts does not implement it/);
  assert.throws(
    () => validateAgainstSchema('x', { type: 'string', 'x-kubernetes-validations': [{ rule: 'isCIDR(self)', messageExpression: 'self' }] }, ROOT),
    /the rule's messageExpression/,
  );
  assert.throws(() => validateAgainstSchema('x', { type: 'string', format: 'date-time' }, ROOT), /string format "date-time" is not implemented/);
});

test('every rule of the vendored CRDs has a predicate, and every predicate a rule', () => {
  const rules = new Set<string>();
  const walk = (s: OpenApiSchema): void => {
    for (const r of s['x-kubernetes-validations'] ?? []) rules.add(r.rule);
    for (const p of Object.values(s.properties ?? {})) walk(p);
    if (s.items) walk(s.items);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
  };
  for (const vendored of [STANDARD, EXPERIMENTAL, ANP_STANDARD, ANP_EXPERIMENTAL, BANP_STANDARD, BANP_EXPERIMENTAL]) walk(vendored);
  assert.deepEqual([...rules].sort(), [...CEL_RULES.keys()].sort());
});

test('isCIDR is netip.ParsePrefix without IPv4-mapped addresses', () => {
  const yes = ['10.0.0.0/8', '10.0.0.1/8', '0.0.0.0/0', '255.255.255.255/32', '::/0', '2001:db8::/32', '2001:0DB8::/32', '::1/128', '64:ff9b::1.2.3.4/96', '1:2:3:4:5:6:7:8/64', 'fe80::/10', '1.2.3.4/0'];
  const no = [
    '', '10.0.0.0', '10.0.0.0/', '10.0.0.0/33', '10.0.0.0/08', '10.0.0.0/-1', '10.0.0.0/+8', '010.0.0.0/8', '10.0.0.256/8', '10.0.0/8',
    '10.0.0.0.0/8', ' 10.0.0.0/8', '10.0.0.0/8 ', '::/129', '::ffff:10.0.0.0/104', '::ffff:a00:0/104', '::ffff:0:0/96', 'fe80::1%eth0/64',
    '1::2::3/64', '12345::/16', '1:2:3:4:5:6:7:8:9/64', '1:2:3:4::5:6:7:8/64', '::1.2.3.04/128', '10.0.0.0/8/8',
  ];
  for (const s of yes) assert.equal(isCIDR(s), true, s);
  for (const s of no) assert.equal(isCIDR(s), false, s);
});

test('goFloat prints as Go %v does', () => {
  const cases: [number, string][] = [[1.5, '1.5'], [-0.25, '-0.25'], [100000.5, '100000.5'], [1234567.5, '1.2345675e+06'], [1e20, '1e+20'], [0.0001, '0.0001'], [0.00001, '1e-05'], [1e-100, '1e-100']];
  for (const [n, s] of cases) assert.equal(goFloat(n), s, String(n));
});
