/** A growable set of small non-negative integers (identity ids), one bit each. */
export class Bitset {
  words: Uint32Array;

  constructor(capacity = 64) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacity / 32)));
  }

  has(i: number): boolean {
    const w = i >>> 5;
    return w < this.words.length && (this.words[w]! & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    const w = i >>> 5;
    if (w >= this.words.length) this.grow(w + 1);
    this.words[w]! |= 1 << (i & 31);
  }

  delete(i: number): void {
    const w = i >>> 5;
    if (w < this.words.length) this.words[w]! &= ~(1 << (i & 31));
  }

  /** this |= other */
  or(other: Bitset): void {
    if (other.words.length > this.words.length) this.grow(other.words.length);
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < b.length; i++) a[i]! |= b[i]!;
  }

  /** this &= other */
  and(other: Bitset): void {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! &= i < b.length ? b[i]! : 0;
  }

  /** this &= ~other */
  andNot(other: Bitset): void {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length && i < b.length; i++) a[i]! &= ~b[i]!;
  }

  isEmpty(): boolean {
    return this.words.every((w) => w === 0);
  }

  /** this ^= other: what is in exactly one of the two. */
  xor(other: Bitset): void {
    if (other.words.length > this.words.length) this.grow(other.words.length);
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < b.length; i++) a[i]! ^= b[i]!;
  }

  fill(count: number): void {
    for (let i = 0; i < count; i++) this.add(i);
  }

  clone(): Bitset {
    const c = new Bitset(0);
    c.words = this.words.slice();
    return c;
  }

  *[Symbol.iterator](): Iterator<number> {
    const a = this.words;
    for (let w = 0; w < a.length; w++) {
      let word = a[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        yield (w << 5) + bit;
        word &= word - 1;
      }
    }
  }

  private grow(words: number): void {
    const next = new Uint32Array(Math.max(words, this.words.length * 2));
    next.set(this.words);
    this.words = next;
  }
}
