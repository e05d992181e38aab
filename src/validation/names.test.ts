import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
} from './names.js';

const LABEL_REGEX =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_REGEX =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const KEY_REGEX =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_REGEX =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const cases: [string, (v: string) => string[], string, string[]][] = [
  ['DNS label ok', isDNS1123Label, 'my-name', []],
  ['DNS label digits first', isDNS1123Label, '123-abc', []],
  ['DNS label 63', isDNS1123Label, 'a'.repeat(63), []],
  ['DNS label 64', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
  ['DNS label upper case', isDNS1123Label, 'MyName', [LABEL_REGEX]],
  ['DNS label dots', isDNS1123Label, 'a.b', ['must not contain dots']],
  ['DNS label trailing dash', isDNS1123Label, 'a-', [LABEL_REGEX]],
  ['DNS label empty', isDNS1123Label, '', [LABEL_REGEX]],
  ['subdomain ok', isDNS1123Subdomain, 'example.com', []],
  ['subdomain 253', isDNS1123Subdomain, `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(61), []],
  ['subdomain 254', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
  ['subdomain underscore', isDNS1123Subdomain, 'a_b', [SUBDOMAIN_REGEX]],
  ['subdomain empty label', isDNS1123Subdomain, 'a..b', [SUBDOMAIN_REGEX]],
  ['key ok', isQualifiedName, 'app.kubernetes.io/name', []],
  ['key mixed case', isQualifiedName, 'MyName', []],
  ['key 63', isQualifiedName, 'a'.repeat(63), []],
  ['key name 64', isQualifiedName, 'a'.repeat(64), ['name part must be no more than 63 characters']],
  ['key empty', isQualifiedName, '', ['name part must be non-empty', `name part ${KEY_REGEX}`]],
  ['key with =', isQualifiedName, 'NoUppercaseOrSpecialCharsLike=Equals', [`name part ${KEY_REGEX}`]],
  ['key empty prefix', isQualifiedName, '/a', ['prefix part must be non-empty']],
  ['key upper-case prefix', isQualifiedName, 'Example.com/a', [`prefix part ${SUBDOMAIN_REGEX}`]],
  ['key empty name', isQualifiedName, 'example.com/', ['name part must be non-empty', `name part ${KEY_REGEX}`]],
  [
    'key two slashes',
    isQualifiedName,
    'a/b/c',
    [`a valid label key ${KEY_REGEX} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
  ],
  ['value ok', isValidLabelValue, 'my_value.1-A', []],
  ['value empty', isValidLabelValue, '', []],
  ['value 64', isValidLabelValue, 'a'.repeat(64), ['must be no more than 63 characters']],
  ['value space', isValidLabelValue, 'a b', [VALUE_REGEX]],
  ['value leading dash', isValidLabelValue, '-value', [VALUE_REGEX]],
  ['value bytes, not characters', isValidLabelValue, 'é'.repeat(32), ['must be no more than 63 characters', VALUE_REGEX]],
  ['port name ok', isValidPortName, 'http-alt', []],
  ['port name 15', isValidPortName, 'a'.repeat(15), []],
  ['port name 16', isValidPortName, 'a'.repeat(16), ['must be no more than 15 characters']],
  ['port name digits only', isValidPortName, '80', ['must contain at least one letter (a-z)']],
  ['port name upper case', isValidPortName, 'HTTP', [
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must contain at least one letter (a-z)',
  ]],
  ['port name double hyphen', isValidPortName, 'a--b', ['must not contain consecutive hyphens']],
  ['port name edge hyphen', isValidPortName, '-ab', ['must not begin or end with a hyphen']],
  ['port name symbols', isValidPortName, '!@#$', [
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must contain at least one letter (a-z)',
  ]],
];

for (const [name, check, value, expected] of cases) {
  test(`${name}: ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`, () => {
    assert.deepEqual(check(value), expected);
  });
}

test('port numbers: 1..65535', () => {
  assert.deepEqual(isValidPortNum(1), []);
  assert.deepEqual(isValidPortNum(65535), []);
  assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(isValidPortNum(65536), ['must be between 1 and 65535, inclusive']);
});

test('generateName may end in a dash; upstream masks the last two characters', () => {
  assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
  assert.deepEqual(nameIsDNSSubdomain('web-', false), [SUBDOMAIN_REGEX]);
  assert.deepEqual(nameIsDNSLabel('a'.repeat(63) + '-', true), []);
  assert.deepEqual(nameIsDNSLabel('a'.repeat(64) + '-', true), ['must be no more than 63 characters']);
  assert.deepEqual(nameIsDNSLabel('-', true), [LABEL_REGEX]);
});
