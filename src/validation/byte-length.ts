/**
 * Go measures strings with len(): UTF-8 bytes, not UTF-16 units. Counted
 * here without encoding (validation measures every name and label, and runs
 * in browsers too); like Buffer and TextEncoder, a lone surrogate counts as
 * the 3 bytes of U+FFFD.
 */
export function byteLength(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two UTF-16 units, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}
