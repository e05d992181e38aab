/**
 * IPv4 address arithmetic takes a plain-number path (rangeDifference,
 * addressCidrs); the bigint path that IPv6 takes is the general one. On
 * random ranges, clustered so that they overlap, touch and reach both ends
 * of the address space, the two give the same CIDRs, and those CIDRs hold
 * exactly the addresses they should.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressCidrs, formatAddress, parseAddress, parseRange, rangeDifference, spanDifference, type Address, type Range } from './ip.js';

const TOP = 2 ** 32 - 1;

/** Mostly addresses near a few bases (both ends of the space, the sign bit), so that ranges meet; some anywhere. */
const v4Arb = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(0, 2 ** 31 - 8, TOP - 15), fc.nat(15)).map(([base, offset]) => base + offset), weight: 4 },
  { arbitrary: fc.nat(TOP), weight: 1 },
);

const v4RangeArb: fc.Arbitrary<Range> = fc.oneof(
  fc.tuple(v4Arb, v4Arb).map(([a, b]) => ({ family: 4 as const, lo: Math.min(a, b), hi: Math.max(a, b), text: '' })),
  fc.tuple(v4Arb, fc.integer({ min: 0, max: 32 })).map(([a, bits]) => parseRange(`${formatAddress(BigInt(a), 4)}/${bits}`)!),
);

const v6RangeArb: fc.Arbitrary<Range> = fc.tuple(fc.bigInt({ min: 0n, max: 255n }), fc.bigInt({ min: 0n, max: 255n })).map(([a, b]) => ({
  family: 6,
  lo: a < b ? a : b,
  hi: a < b ? b : a,
  text: '',
}));

const inAny = (rs: readonly Range[], v: number) => rs.some((r) => r.family === 4 && (r.lo as number) <= v && v <= (r.hi as number));

/** The addresses where anything can change: every bound, and the ones either side. */
function probes(rs: readonly Range[]): number[] {
  return rs.flatMap((r) => [r.lo as number, r.hi as number]).flatMap((v) => [v - 1, v, v + 1]).filter((v) => v >= 0 && v <= TOP);
}

test('IPv4 rangeDifference with numbers gives the general path CIDRs, holding exactly include less exclude', () => {
  fc.assert(
    fc.property(fc.array(v4RangeArb, { maxLength: 12 }), fc.array(v4RangeArb, { maxLength: 8 }), (include, exclude) => {
      const fast = rangeDifference(include, exclude);
      assert.deepEqual(fast, spanDifference(include, exclude, 4));
      for (const v of probes([...include, ...exclude])) assert.equal(inAny(fast, v), inAny(include, v) && !inAny(exclude, v), formatAddress(BigInt(v), 4));
      for (const r of fast) assert.deepEqual(parseRange(r.text), r, 'each is one CIDR, its text its range');
    }),
    { numRuns: 500 },
  );
});

test('rangeDifference keeps IPv6 on the general path, after IPv4', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(v4RangeArb, v6RangeArb), { maxLength: 10 }), fc.array(fc.oneof(v4RangeArb, v6RangeArb), { maxLength: 6 }), (include, exclude) => {
      assert.deepEqual(rangeDifference(include, exclude), [...spanDifference(include, exclude, 4), ...spanDifference(include, exclude, 6)]);
    }),
  );
});

test('addressCidrs gives the CIDRs of the addresses one by one, in both families, IPv4-mapped ones as IPv4', () => {
  const v6Arb = fc.bigInt({ min: 0n, max: 300n }).map((v) => parseAddress(formatAddress(v, 6))!);
  const v4AddressArb = fc.tuple(v4Arb, fc.boolean()).map(([v, mapped]) => parseAddress(`${mapped ? '::ffff:' : ''}${formatAddress(BigInt(v), 4)}`)!);
  fc.assert(
    fc.property(fc.array(fc.oneof(v4AddressArb, v6Arb), { maxLength: 40 }), (addresses: Address[]) => {
      const singles = addresses.map((a): Range => ({ family: a.family, lo: a.value, hi: a.value, text: a.text }));
      assert.deepEqual(addressCidrs([addresses.slice(0, 3), addresses.slice(3)]), [...spanDifference(singles, [], 4), ...spanDifference(singles, [], 6)]);
    }),
    { numRuns: 500 },
  );
});
