const UTF8 = new TextEncoder();

/**
 * Go measures strings with len(): UTF-8 bytes, not UTF-16 units. TextEncoder
 * (not Buffer) keeps validation runnable in browsers; like Buffer, it counts a
 * lone surrogate as the 3 bytes of U+FFFD.
 */
export function byteLength(s: string): number {
  return UTF8.encode(s).length;
}
