/**
 * Document numbers as the search page works with them (decision 11): one bitmap per block of the
 * index (postings.ts), so that intersecting the words of a query and adding up their points are
 * byte-wise loops. A query whose words are in most of a 200,000-article archive would otherwise
 * sort and merge lists of hundreds of thousands of numbers on the reader's phone.
 */
import { blockBitmap } from './postings.ts';

/** A result: its document number and its points (search-index.ts says what earns them). */
export interface Ranked {
  n: number;
  points: number;
}

/** Lowest set bit of a byte, as its index (0–7). */
const lowestBit = (byte: number): number => 31 - Math.clz32(byte & -byte);

export class BlockSet {
  /** Block → its bitmap; no block's bitmap is all zero. */
  readonly blocks = new Map<number, Uint8Array>();
  readonly span: number;

  constructor(span: number) {
    this.span = span;
  }

  /** The set of encoded blocks (block → bytes as the index stores them). */
  static decode(encoded: Iterable<readonly [number, Uint8Array]>, span: number): BlockSet {
    const set = new BlockSet(span);
    for (const [block, bytes] of encoded) set.blocks.set(block, blockBitmap(bytes, block, span));
    return set;
  }

  get empty(): boolean {
    return this.blocks.size === 0;
  }

  /** A copy that may be written into (a bitmap block's bitmap is the index's own bytes). */
  copy(): BlockSet {
    const copy = new BlockSet(this.span);
    for (const [block, bits] of this.blocks) copy.blocks.set(block, bits.slice());
    return copy;
  }

  /** Keeps only numbers in [from, to). Only on a copy. */
  keepRange(from: number, to: number): void {
    for (const [block, bits] of this.blocks) {
      const base = block * this.span;
      for (let i = 0; i < bits.length; i++) {
        if (bits[i] === 0) continue;
        for (let bit = 0; bit < 8; bit++) {
          const n = base + i * 8 + bit;
          if (n < from || n >= to) bits[i]! &= ~(1 << bit);
        }
      }
      if (bits.every((b) => b === 0)) this.blocks.delete(block);
    }
  }

  /** Keeps only numbers also in `other`. Only on a copy. */
  keepCommon(other: BlockSet): void {
    for (const [block, bits] of this.blocks) {
      const theirs = other.blocks.get(block);
      let any = 0;
      if (theirs) {
        for (let i = 0; i < bits.length; i++) {
          bits[i]! &= theirs[i]!;
          any |= bits[i]!;
        }
      }
      if (any === 0) this.blocks.delete(block);
    }
  }

  /**
   * Every number of the set with its points (`worth` for each of `scored` that holds it), higher
   * points first and then higher numbers (newer) first: a counting sort, one pass over the bits.
   */
  rank(scored: ReadonlyArray<{ set: BlockSet; worth: number }>): Ranked[] {
    const byPoints: number[][] = [];
    for (const block of [...this.blocks.keys()].sort((a, b) => b - a)) {
      const bits = this.blocks.get(block)!;
      const points = new Uint8Array(bits.length * 8);
      for (const { set, worth } of scored) {
        const theirs = set.blocks.get(block);
        if (!theirs) continue;
        for (let i = 0; i < bits.length; i++) {
          for (let both = bits[i]! & theirs[i]!; both !== 0; both &= both - 1) points[i * 8 + lowestBit(both)]! += worth;
        }
      }
      const base = block * this.span;
      for (let i = bits.length - 1; i >= 0; i--) {
        const byte = bits[i]!;
        if (byte === 0) continue;
        for (let bit = 7; bit >= 0; bit--) {
          if ((byte & (1 << bit)) === 0) continue;
          const p = points[i * 8 + bit]!;
          const list = byPoints[p];
          if (list) list.push(base + i * 8 + bit);
          else byPoints[p] = [base + i * 8 + bit];
        }
      }
    }
    const ranked: Ranked[] = [];
    for (let p = byPoints.length - 1; p >= 0; p--) for (const n of byPoints[p] ?? []) ranked.push({ n, points: p });
    return ranked;
  }
}
