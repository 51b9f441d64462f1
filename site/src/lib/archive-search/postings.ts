/**
 * Posting lists of the archive search index (decision 11): the sorted document numbers that hold
 * a key, cut into blocks of a fixed span of numbers so a query can fetch only the blocks where its
 * candidates are. A block is a delta-coded list when sparse and a bitmap when dense, whichever is
 * smaller. Pure and shared by the build (which writes) and the search page (which reads).
 */

/** A block's first byte. */
const LIST = 0;
const BITMAP = 1;

/** Appends unsigned LEB128 varints. */
export class ByteWriter {
  private bytes = new Uint8Array(256);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a varint: ${value}`);
    this.room(8);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
    return this;
  }

  raw(chunk: Uint8Array): this {
    this.room(chunk.length);
    this.bytes.set(chunk, this.length);
    this.length += chunk.length;
    return this;
  }

  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Reads what ByteWriter wrote; throws on truncated input rather than reading past it. */
export class ByteReader {
  private at = 0;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.bytes.length) throw new RangeError('truncated varint');
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 49) throw new RangeError('varint too long');
    }
  }

  raw(length: number): Uint8Array {
    if (this.at + length > this.bytes.length) throw new RangeError('truncated bytes');
    const chunk = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return chunk;
  }
}

/** Which block a document number falls in. */
export const blockOf = (n: number, span: number): number => Math.floor(n / span);

/** One block's numbers (all within `block * span … block * span + span - 1`, sorted, distinct) encoded. */
export function encodeBlock(numbers: readonly number[], block: number, span: number): Uint8Array {
  const base = block * span;
  const list = new ByteWriter().varint(LIST).varint(numbers.length);
  let previous = base - 1;
  for (const n of numbers) {
    if (n <= previous || n >= base + span) throw new RangeError(`block ${block}: ${n} is out of order or range`);
    list.varint(n - previous - 1);
    previous = n;
  }
  const encoded = list.done();
  const bitmapLength = 1 + Math.ceil(span / 8);
  if (encoded.length <= bitmapLength) return encoded;
  const bitmap = new Uint8Array(bitmapLength);
  bitmap[0] = BITMAP;
  for (const n of numbers) bitmap[1 + ((n - base) >> 3)]! |= 1 << ((n - base) & 7);
  return bitmap;
}

/** The numbers of an encoded block, sorted. */
export function decodeBlock(bytes: Uint8Array, block: number, span: number): number[] {
  const base = block * span;
  const numbers: number[] = [];
  if (bytes[0] === BITMAP) {
    for (let i = 1; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) numbers.push(base + (i - 1) * 8 + bit);
    }
    return numbers;
  }
  const reader = new ByteReader(bytes);
  if (reader.varint() !== LIST) throw new RangeError('unknown block kind');
  const count = reader.varint();
  let previous = base - 1;
  for (let i = 0; i < count; i++) {
    previous += reader.varint() + 1;
    numbers.push(previous);
  }
  return numbers;
}

/**
 * An encoded block as a bitmap of its span: bit `n - block * span` set for each number (byte
 * `(n - base) >> 3`, bit `(n - base) & 7`, as a bitmap block stores it). A bitmap block's own
 * bytes are answered, not copied: the caller must not write into them.
 */
export function blockBitmap(bytes: Uint8Array, block: number, span: number): Uint8Array {
  const length = Math.ceil(span / 8);
  if (bytes[0] === BITMAP) {
    if (bytes.length !== 1 + length) throw new RangeError(`block ${block}: a bitmap of ${bytes.length - 1} bytes, not ${length}`);
    return bytes.subarray(1);
  }
  const bitmap = new Uint8Array(length);
  const base = block * span;
  for (const n of decodeBlock(bytes, block, span)) bitmap[(n - base) >> 3]! |= 1 << ((n - base) & 7);
  return bitmap;
}

/** Sorted, distinct numbers grouped by block: block → its numbers. */
export function byBlock(numbers: readonly number[], span: number): Map<number, number[]> {
  const blocks = new Map<number, number[]>();
  for (const n of numbers) {
    const b = blockOf(n, span);
    const list = blocks.get(b);
    if (list) list.push(n);
    else blocks.set(b, [n]);
  }
  return blocks;
}
