import assert from 'node:assert/strict';
import { test } from 'node:test';
import { V1_33, V1_36, lines, node } from './fixtures.test.helper.js';
import { validateObject } from './index.js';

test('node pod CIDRs: a CIDR each, at most one per family, as ValidateNode checks spec.podCIDRs', () => {
  assert.deepEqual(lines(validateObject(node({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:1::/64'] }), V1_36)), []);
  assert.deepEqual(lines(validateObject(node({ podCIDRs: ['10.244.1.0/24', '10.244.2'] }), V1_36)), [
    'error Invalid spec.podCIDRs[1]: Invalid value: "10.244.2": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ]);
  assert.deepEqual(lines(validateObject(node({ podCIDRs: ['10.244.1.0/24', '10.244.2.0/24'] }), V1_36)), [
    'error Invalid spec.podCIDRs: Invalid value: ["10.244.1.0/24","10.244.2.0/24"]: may specify no more than one CIDR for each IP family',
  ]);
  assert.deepEqual(lines(validateObject(node({ podCIDRs: ['10.244.1.0/24', 'fd00:1::/64', '10.244.2.0/24'] }), V1_33)), [
    'error Invalid spec.podCIDRs: Invalid value: []string{"10.244.1.0/24", "fd00:1::/64", "10.244.2.0/24"}: may specify no more than one CIDR for each IP family',
  ]);
});

test('node pod CIDR: podCIDR alone is checked where it is written; host bits are an error from 1.36, a warning before', () => {
  assert.deepEqual(lines(validateObject(node({ podCIDR: '10.244.1.1/24' }), V1_36)), ['error Invalid spec.podCIDR: Invalid value: "10.244.1.1/24": must not have bits set beyond the prefix length']);
  assert.match(lines(validateObject(node({ podCIDR: '10.244.1.1/24' }), V1_33)).join('\n'), /^warning .* spec\.podCIDR: CIDR value "10\.244\.1\.1\/24" is ambiguous/);
});
