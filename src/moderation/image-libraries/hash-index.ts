import { bitCount, type HashWords } from './perceptual-hash.js';

/**
 * Multi-index hashing (Norouzi et al.) of 64-bit hashes: each hash is cut into four 16-bit chunks and filed under each
 * chunk's value in four tables. Two hashes within distance d differ in some chunk by at most floor(d / 4) bits
 * (otherwise the four chunks would differ by 4 x (floor(d / 4) + 1) > d), so a query looks up, in each table, every
 * value within that many bits of its chunk (137 values at d = 10), and checks only the hashes found there: a few
 * thousand at most among 100,000 random ones, where a scan would check all (bench/image-library-index.ts).
 */
export class HashIndex<T> {
  private readonly hi: Int32Array;
  private readonly lo: Int32Array;
  /** Per table: where each chunk value's entries start in `entries` (65,537 offsets), and the entries in order. */
  private readonly starts: Uint32Array[] = [];
  private readonly entries: Uint32Array[] = [];

  constructor(private readonly items: readonly { words: HashWords; value: T }[]) {
    const n = items.length;
    this.hi = new Int32Array(n);
    this.lo = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.hi[i] = items[i]!.words.hi;
      this.lo[i] = items[i]!.words.lo;
    }
    for (let table = 0; table < 4; table++) {
      const starts = new Uint32Array(65_537);
      for (let i = 0; i < n; i++) starts[this.chunk(table, i) + 1]!++;
      for (let v = 0; v < 65_536; v++) starts[v + 1]! += starts[v]!;
      const next = starts.slice(0, 65_536);
      const entries = new Uint32Array(n);
      for (let i = 0; i < n; i++) entries[next[this.chunk(table, i)]!++] = i;
      this.starts.push(starts);
      this.entries.push(entries);
    }
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * The memory the index holds, about: its typed arrays exactly (the four tables' 65,537 offsets make 1 MiB however
   * few hashes there are), and the items at an estimated 96 bytes each (an object, its words and its value).
   */
  get bytes(): number {
    const arrays = [this.hi, this.lo, ...this.starts, ...this.entries];
    return arrays.reduce((sum, array) => sum + array.byteLength, 0) + this.items.length * 96;
  }

  private chunk(table: number, i: number): number {
    return chunkOf(table, this.hi[i]!, this.lo[i]!);
  }

  /** Every item within `maxDistance` of `query`, each once, with its distance. */
  search(query: HashWords, maxDistance: number): { value: T; distance: number }[] {
    const found: { value: T; distance: number }[] = [];
    if (this.items.length === 0) return found;
    const seen = new Set<number>();
    const radius = Math.floor(maxDistance / 4);
    for (let table = 0; table < 4; table++) {
      const starts = this.starts[table]!;
      const entries = this.entries[table]!;
      for (const value of within(chunkOf(table, query.hi, query.lo), radius)) {
        for (let k = starts[value]!, end = starts[value + 1]!; k < end; k++) {
          const i = entries[k]!;
          if (seen.has(i)) continue;
          seen.add(i);
          const distance = bitCount(this.hi[i]! ^ query.hi) + bitCount(this.lo[i]! ^ query.lo);
          if (distance <= maxDistance) found.push({ value: this.items[i]!.value, distance });
        }
      }
    }
    return found;
  }
}

function chunkOf(table: number, hi: number, lo: number): number {
  const word = table < 2 ? hi : lo;
  return table % 2 === 0 ? (word >>> 16) & 0xffff : word & 0xffff;
}

/** The 16-bit values within `radius` bits of `value` (itself included). */
function within(value: number, radius: number): number[] {
  const out = [value];
  const flip = (from: number, start: number, left: number) => {
    for (let bit = start; bit < 16; bit++) {
      const next = from ^ (1 << bit);
      out.push(next);
      if (left > 1) flip(next, bit + 1, left - 1);
    }
  };
  if (radius > 0) flip(value, 0, radius);
  return out;
}
