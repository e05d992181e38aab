import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldPath } from '../model/field-path.js';
import { checkCIDR } from './cidr.js';
import { lines } from './fixtures.test.helper.js';

const at = FieldPath.root('cidr');
const INVALID = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** value → what 1.36 (strict) reports, what 1.33–1.35 (legacy) report. */
const table: [string, string[], string[]][] = [
  ['10.0.0.0/8', [], []],
  ['0.0.0.0/0', [], []],
  ['10.0.0.1/32', [], []],
  ['2001:db8::/32', [], []],
  [
    '10.0.0.1/24',
    ['error Invalid cidr: Invalid value: "10.0.0.1/24": must not have bits set beyond the prefix length'],
    ['warning Invalid cidr: CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?)'],
  ],
  [
    '010.0.0.0/8',
    ['error Invalid cidr: Invalid value: "010.0.0.0/8": must not have leading 0s in IP or prefix length'],
    ['warning Invalid cidr: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"'],
  ],
  [
    '10.0.0.0/08',
    ['error Invalid cidr: Invalid value: "10.0.0.0/08": must not have leading 0s in IP or prefix length'],
    ['warning Invalid cidr: non-standard CIDR value "10.0.0.0/08" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"'],
  ],
  [
    '010.0.0.1/8',
    ['error Invalid cidr: Invalid value: "010.0.0.1/8": must not have leading 0s in IP or prefix length'],
    [
      'warning Invalid cidr: CIDR value "010.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
      'warning Invalid cidr: non-standard CIDR value "010.0.0.1/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
    ],
  ],
  [
    '::ffff:1.2.3.0/120',
    ['error Invalid cidr: Invalid value: "::ffff:1.2.3.0/120": must not have an IPv4-mapped IPv6 address'],
    ['warning Invalid cidr: non-standard CIDR value "::ffff:1.2.3.0/120" will be considered invalid in a future Kubernetes release: use "1.2.3.0/24"'],
  ],
  [
    '::ffff:1.2.3.4/120',
    ['error Invalid cidr: Invalid value: "::ffff:1.2.3.4/120": must not have an IPv4-mapped IPv6 address'],
    [
      'warning Invalid cidr: CIDR value "::ffff:1.2.3.4/120" is ambiguous in this context (should be "1.2.3.0/24" or "1.2.3.4/128"?)',
      'warning Invalid cidr: non-standard CIDR value "::ffff:1.2.3.4/120" will be considered invalid in a future Kubernetes release: use "1.2.3.0/24"',
    ],
  ],
  [
    '2001:db8::1/64',
    ['error Invalid cidr: Invalid value: "2001:db8::1/64": must not have bits set beyond the prefix length'],
    ['warning Invalid cidr: CIDR value "2001:db8::1/64" is ambiguous in this context (should be "2001:db8::/64" or "2001:db8::1/128"?)'],
  ],
  [
    '2001:db8::00001/128',
    ['error Invalid cidr: Invalid value: "2001:db8::00001/128": must not have leading 0s in IP or prefix length'],
    ['warning Invalid cidr: non-standard CIDR value "2001:db8::00001/128" will be considered invalid in a future Kubernetes release: use "2001:db8::1/128"'],
  ],
  // Valid in both; the API server warns about the spelling.
  [
    '2001:DB8::/64',
    ['warning Invalid cidr: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format ("2001:db8::/64")'],
    ['warning Invalid cidr: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format ("2001:db8::/64")'],
  ],
  [
    '2001:db8:0:0::/64',
    ['warning Invalid cidr: IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")'],
    ['warning Invalid cidr: IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")'],
  ],
  [
    '::1.2.3.4/128',
    ['warning Invalid cidr: IPv6 CIDR value "::1.2.3.4/128" should be in RFC 5952 canonical format ("::102:304/128")'],
    ['warning Invalid cidr: IPv6 CIDR value "::1.2.3.4/128" should be in RFC 5952 canonical format ("::102:304/128")'],
  ],
  // Not CIDRs at all, in any release.
  ['10.0.0.0', [`error Invalid cidr: Invalid value: "10.0.0.0": ${INVALID}`], [`error Invalid cidr: Invalid value: "10.0.0.0": ${INVALID}`]],
  ['10.1/8', [`error Invalid cidr: Invalid value: "10.1/8": ${INVALID}`], [`error Invalid cidr: Invalid value: "10.1/8": ${INVALID}`]],
  ['0x0a.0.0.0/8', [`error Invalid cidr: Invalid value: "0x0a.0.0.0/8": ${INVALID}`], [`error Invalid cidr: Invalid value: "0x0a.0.0.0/8": ${INVALID}`]],
  ['10.0.0.0/33', [`error Invalid cidr: Invalid value: "10.0.0.0/33": ${INVALID}`], [`error Invalid cidr: Invalid value: "10.0.0.0/33": ${INVALID}`]],
  [' ', [`error Invalid cidr: Invalid value: " ": ${INVALID}`], [`error Invalid cidr: Invalid value: " ": ${INVALID}`]],
];

for (const [value, strict, legacy] of table) {
  test(`CIDR ${JSON.stringify(value)}: 1.36 and 1.35`, () => {
    assert.deepEqual(lines(checkCIDR(at, value, true).problems), strict);
    assert.deepEqual(lines(checkCIDR(at, value, false).problems), legacy);
  });
}

test('ambiguous values come with what to write instead', () => {
  const [hostBits] = checkCIDR(at, '10.0.0.1/24', true).problems;
  assert.equal(hostBits?.hint, 'write 10.0.0.0/24 for the whole network, or 10.0.0.1/32 for the single address');
  const [mapped] = checkCIDR(at, '::ffff:1.2.3.0/120', true).problems;
  assert.equal(mapped?.hint, 'write 1.2.3.0/24');
});
