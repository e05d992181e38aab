import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoIP, formatNetwork, networkContains, networkOf, parseCIDRSloppy } from './ip-text.js';

function parse(s: string) {
  const c = parseCIDRSloppy(s);
  assert.ok(c, `${s} should parse`);
  return c;
}

test('Go 1.16 ParseCIDR accepts these (strictSyntax: netip.ParsePrefix does too)', () => {
  const table: [string, 4 | 6, number, boolean][] = [
    ['10.0.0.0/8', 4, 8, true],
    ['0.0.0.0/0', 4, 0, true],
    ['010.0.0.0/8', 4, 8, false],
    ['10.0.0.0/08', 4, 8, false],
    ['10.0.0.0/00', 4, 0, false],
    ['10.000000000.0.1/32', 4, 32, false],
    ['::/0', 6, 0, true],
    ['2001:DB8::/32', 6, 32, true],
    ['::ffff:1.2.3.0/120', 6, 120, true],
    ['::1.2.3.4/128', 6, 128, true],
    ['2001:db8::00001/128', 6, 128, false],
    ['::ffff:01.2.3.4/128', 6, 128, false],
    ['1:2:3:4:5:6:7:8/128', 6, 128, true],
    ['1::/16', 6, 16, true],
  ];
  for (const [text, family, bits, strictSyntax] of table) {
    const c = parse(text);
    assert.deepEqual([c.family, c.bits, c.strictSyntax], [family, bits, strictSyntax], text);
  }
});

test('Go rejects what lenient parsers (ipaddr.js, inet_aton) accept', () => {
  for (const text of [
    '10.0.0.0',
    '10.1/8',
    '10/8',
    '0x0a.0.0.0/8',
    '10.0.0.256/32',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/+8',
    '10.0.0.0/',
    '/8',
    ' 10.0.0.0/8',
    '10.0.0.0/8 ',
    '10.0.0.0/8/8',
    '::/129',
    'fe80::1%eth0/64',
    '1:2:3:4:5:6:7:8:9/64',
    '1::2::3/64',
    '1:2:3:4:5:6:7::8/128',
    '1.2.3.4::/64',
    '1:2:3:4:5:1.2.3.4/128',
    '::ffff:1.2.3/120',
    ':1::/64',
    '1:/64',
    '12345::/16',
    '',
  ]) {
    assert.equal(parseCIDRSloppy(text), undefined, JSON.stringify(text));
  }
});

test('networks print as Go prints net.IPNet', () => {
  const table: [string, string][] = [
    ['10.0.0.1/24', '10.0.0.0/24'],
    ['010.0.0.0/8', '10.0.0.0/8'],
    ['::ffff:1.2.3.4/120', '1.2.3.0/24'],
    ['::ffff:1.2.3.4/80', '::/80'],
    ['2001:DB8:0:0:1::/64', '2001:db8::/64'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1'.concat('/128')],
    ['0:0:1:0:0:0:1:0/128', '0:0:1::1:0/128'],
    ['1:0:0:2:0:0:3:4/128', '1::2:0:0:3:4/128'],
    ['1:2:3:4:5:6:7:0/128', '1:2:3:4:5:6:7:0/128'],
    ['::1.2.3.4/128', '::102:304/128'],
  ];
  for (const [text, expected] of table) assert.equal(formatNetwork(networkOf(parse(text))), expected, text);
  assert.equal(formatGoIP(parse('::ffff:1.2.3.4/128').ip), '1.2.3.4');
});

test('net.IPNet.Contains: families do not mix, IPv4-mapped counts as IPv4', () => {
  const outer = networkOf(parse('10.0.0.0/16'));
  assert.equal(networkContains(outer, networkOf(parse('10.0.1.0/24')).ip), true);
  assert.equal(networkContains(outer, networkOf(parse('10.1.0.0/24')).ip), false);
  assert.equal(networkContains(outer, networkOf(parse('::ffff:10.0.1.0/120')).ip), true);
  assert.equal(networkContains(outer, networkOf(parse('2001:db8::/64')).ip), false);
  const v6 = networkOf(parse('2001:db8::/32'));
  assert.equal(networkContains(v6, networkOf(parse('10.0.1.0/24')).ip), false);
  assert.equal(networkContains(v6, networkOf(parse('2001:db8:1::/48')).ip), true);
});
