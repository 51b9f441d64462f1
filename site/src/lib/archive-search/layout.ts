/**
 * The files of an archive search index (decision 11) and how a key finds its postings. No file
 * lists every key or every page: a key is hashed to one of a fixed number of bucket files, whose
 * entry for it holds its document count and either its blocks inline (small keys) or where its
 * block files are (large keys: one file per block, so a query fetches only the blocks it needs).
 *
 *   meta.json          { format, span, buckets }
 *   b/<bucket>.bin     entries: key, document count, inline blocks or the key's number (a word's
 *                      keys share a bucket)
 *   p/<number>/<block>.bin   one block of a large key's postings
 */
import { ByteReader, ByteWriter } from './postings.ts';
import { foldedWord, key } from './words.ts';

/** The prefixes of the keys that are about a word (words.ts), as opposed to a category. */
const wordKinds = new Set([key.folded(''), key.foldedTitle(''), key.exact(''), key.exactTitle('')]);

export const FORMAT = 'tintinh-archive-search-2';
export const META_FILE = 'meta.json';

export interface IndexMeta {
  format: typeof FORMAT;
  /** Document numbers per block. */
  span: number;
  /** How many bucket files keys are hashed into. */
  buckets: number;
}

/**
 * The bucket of a key: FNV-1a over the UTF-16 code units of the word it is about, folded, so that
 * the four keys of a query word (folded or exact, anywhere or in the title) share one bucket and a
 * word costs one fetch. Stable, and any spread will do.
 */
export function bucketOf(k: string, buckets: number): number {
  const routed = wordKinds.has(k.slice(0, 2)) ? foldedWord(k.slice(2)) : k;
  let hash = 0x811c9dc5;
  for (let i = 0; i < routed.length; i++) {
    hash ^= routed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % buckets;
}

export const bucketFile = (bucket: number): string => `b/${bucket}.bin`;
export const blockFile = (keyNumber: number, block: number): string => `p/${keyNumber}/${block}.bin`;

/** A key's entry in its bucket. */
export interface BucketEntry {
  key: string;
  /** How many documents hold the key. */
  count: number;
  /** Block number → the block's bytes, when inline. */
  inline: Map<number, Uint8Array> | null;
  /** For a large key: its number (block files) and which blocks exist. */
  external: { keyNumber: number; blocks: number[] } | null;
}

const INLINE = 0;
const EXTERNAL = 1;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function encodeBucket(entries: readonly BucketEntry[]): Uint8Array {
  const out = new ByteWriter();
  for (const entry of entries) {
    const k = utf8.encode(entry.key);
    out.varint(k.length).raw(k).varint(entry.count);
    if (entry.inline) {
      out.varint(INLINE).varint(entry.inline.size);
      for (const [block, bytes] of entry.inline) out.varint(block).varint(bytes.length).raw(bytes);
    } else if (entry.external) {
      out.varint(EXTERNAL).varint(entry.external.keyNumber).varint(entry.external.blocks.length);
      for (const block of entry.external.blocks) out.varint(block);
    } else throw new Error(`bucket entry ${entry.key} has no postings`);
  }
  return out.done();
}

export function decodeBucket(bytes: Uint8Array): Map<string, BucketEntry> {
  const entries = new Map<string, BucketEntry>();
  const reader = new ByteReader(bytes);
  while (!reader.done) {
    const k = fromUtf8.decode(reader.raw(reader.varint()));
    const count = reader.varint();
    const kind = reader.varint();
    if (kind === INLINE) {
      const inline = new Map<number, Uint8Array>();
      for (let i = reader.varint(); i > 0; i--) {
        const block = reader.varint();
        inline.set(block, reader.raw(reader.varint()));
      }
      entries.set(k, { key: k, count, inline, external: null });
    } else if (kind === EXTERNAL) {
      const keyNumber = reader.varint();
      const blocks: number[] = [];
      for (let i = reader.varint(); i > 0; i--) blocks.push(reader.varint());
      entries.set(k, { key: k, count, inline: null, external: { keyNumber, blocks } });
    } else throw new RangeError(`bucket entry ${k}: unknown kind ${kind}`);
  }
  return entries;
}
