/**
 * CIDR fields validated the "legacy field" way (apimachinery
 * pkg/util/validation/ip.go: IsValidCIDRForLegacyField, GetWarningsForCIDR).
 * NetworkPolicy ipBlock.cidr and ipBlock.except are such fields.
 */
import type { FieldPath } from '../model/field-path.js';
import { type FieldError, goQuote, invalid, warning } from './field-error.js';
import {
  type SloppyCIDR,
  formatGoIP,
  formatIPv6,
  formatNetwork,
  hasHostBits,
  isIPv4Mapped,
  networkOf,
  parseCIDRSloppy,
} from './ip-text.js';

export interface CheckedCIDR {
  /** What ParseCIDRSloppy made of the value; undefined when it failed. */
  parsed: SloppyCIDR | undefined;
  /** Errors, then (only for values without errors) the API server's warnings. */
  problems: FieldError[];
}

/**
 * With strict validation (StrictIPCIDRValidation on, 1.36+) ambiguous forms are
 * errors; without it they are accepted and GetWarningsForCIDR warns. Upstream
 * returns warnings only for requests that pass validation; we give them per
 * value, for every value that has no error of its own.
 */
export function checkCIDR(path: FieldPath, value: string, strict: boolean): CheckedCIDR {
  const parsed = parseCIDRSloppy(value);
  if (!parsed) {
    return {
      parsed,
      problems: [invalid(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')],
    };
  }
  const hint = suggestion(parsed);
  if (strict) {
    // Upstream parseCIDR: one message, the first of these that applies.
    const detail = !parsed.strictSyntax
      ? 'must not have leading 0s in IP or prefix length'
      : isIPv4Mapped(parsed)
        ? 'must not have an IPv4-mapped IPv6 address'
        : hasHostBits(parsed)
          ? 'must not have bits set beyond the prefix length'
          : undefined;
    if (detail) return { parsed, problems: [invalid(path, value, detail, { hint })] };
  }
  return { parsed, problems: warningsForCIDR(path, value, parsed, hint) };
}

/** GetWarningsForCIDR. */
function warningsForCIDR(path: FieldPath, value: string, c: SloppyCIDR, hint: string): FieldError[] {
  const net = formatNetwork(networkOf(c));
  const found: FieldError[] = [];
  if (hasHostBits(c)) {
    const single = `${formatGoIP(c.ip)}/${networkOf(c).maskLength}`;
    found.push(
      warning(path, `CIDR value ${goQuote(value)} is ambiguous in this context (should be ${goQuote(net)} or ${goQuote(single)}?)`, { hint }),
    );
  }
  if (!c.strictSyntax || isIPv4Mapped(c)) {
    found.push(
      warning(path, `non-standard CIDR value ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(net)}`, { hint }),
    );
  }
  const canonical = `${formatIPv6(c.ip)}/${c.bits}`;
  if (found.length === 0 && c.family === 6 && canonical !== value) {
    found.push(
      warning(path, `IPv6 CIDR value ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(canonical)})`, {
        hint: `write ${canonical}`,
      }),
    );
  }
  return found;
}

/** What to write instead of an ambiguous value. */
function suggestion(c: SloppyCIDR): string {
  const net = formatNetwork(networkOf(c));
  if (!hasHostBits(c)) return `write ${net}`;
  const single = `${formatGoIP(c.ip)}/${formatGoIP(c.ip).includes(':') ? 128 : 32}`;
  return `write ${net} for the whole network, or ${single} for the single address`;
}
