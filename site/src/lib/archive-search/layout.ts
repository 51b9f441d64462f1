/**
 * The files of an archive search index (decision 11) and how a key finds its postings. No file
 * lists every key or every page: a key is hashed to one of a fixed number of bucket files, whose
 * entry for it holds its document count and either its blocks inline (small keys) or where its
 * block files are (large keys). The keys a query always asks together share their block files: a
 * word's folded keys (anywhere and in the title), and a word's exact keys. A group's postings are
 * written twice: one file per block, for a query that needs a few of its blocks (a rare word's, a
 * year's), and one file with every block, for a query that needs most of them (a common word
 * across the archive). On a phone each request costs more than its bytes.
 *
 *   meta.json          { format, span, buckets }
 *   b/<bucket>.bin     entries: key, document count, inline blocks or the number and slot of its
 *                      block files (a word's keys share a bucket)
 *   p/<number>/<block>.bin   one block of the postings of each large key of a group: slot, bytes
 *   p/<number>.bin     every block of the group: block number, length, then that block's file
 */
import { ByteReader, ByteWriter } from './postings.ts';
import { foldedWord, key } from './words.ts';

/** The prefixes of the keys that are about a word (words.ts), as opposed to a category. */
const wordKinds = new Set([key.folded(''), key.foldedTitle(''), key.exact(''), key.exactTitle('')]);

export const FORMAT = 'tintinh-archive-search-4';
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
export const blockFile = (fileNumber: number, block: number): string => `p/${fileNumber}/${block}.bin`;
export const groupFile = (fileNumber: number): string => `p/${fileNumber}.bin`;

/**
 * The group of keys whose blocks share files: a word's folded keys, a word's exact keys, a
 * category alone. Two keys of a group never have the same slot.
 */
export function fileGroup(k: string): { group: string; slot: number } {
  const kind = k.slice(0, 2);
  if (kind === key.folded('') || kind === key.foldedTitle('')) return { group: `f${k.slice(2)}`, slot: kind === key.folded('') ? 0 : 1 };
  if (kind === key.exact('') || kind === key.exactTitle('')) return { group: `e${k.slice(2)}`, slot: kind === key.exact('') ? 0 : 1 };
  return { group: k, slot: 0 };
}

/** A block file: each slot's block. */
export function encodeBlockFile(slots: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const out = new ByteWriter();
  for (const [slot, bytes] of [...slots].sort(([a], [b]) => a - b)) out.varint(slot).varint(bytes.length).raw(bytes);
  return out.done();
}

export function decodeBlockFile(bytes: Uint8Array): Map<number, Uint8Array> {
  const slots = new Map<number, Uint8Array>();
  const reader = new ByteReader(bytes);
  while (!reader.done) {
    const slot = reader.varint();
    slots.set(slot, reader.raw(reader.varint()));
  }
  return slots;
}

/** A group's file: each block's block file, by block number. */
export function encodeGroupFile(blocks: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const out = new ByteWriter();
  for (const [block, file] of [...blocks].sort(([a], [b]) => a - b)) out.varint(block).varint(file.length).raw(file);
  return out.done();
}

/** Block number → its block file's slots. */
export function decodeGroupFile(bytes: Uint8Array): Map<number, Map<number, Uint8Array>> {
  const blocks = new Map<number, Map<number, Uint8Array>>();
  const reader = new ByteReader(bytes);
  while (!reader.done) {
    const block = reader.varint();
    blocks.set(block, decodeBlockFile(reader.raw(reader.varint())));
  }
  return blocks;
}

/** A key's entry in its bucket. */
export interface BucketEntry {
  key: string;
  /** How many documents hold the key. */
  count: number;
  /** Block number → the block's bytes, when inline. */
  inline: Map<number, Uint8Array> | null;
  /** For a large key: its block files' number, its slot in them, and which blocks exist. */
  external: { fileNumber: number; slot: number; blocks: number[] } | null;
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
      out.varint(EXTERNAL).varint(entry.external.fileNumber).varint(entry.external.slot).varint(entry.external.blocks.length);
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
      const fileNumber = reader.varint();
      const slot = reader.varint();
      const blocks: number[] = [];
      for (let i = reader.varint(); i > 0; i--) blocks.push(reader.varint());
      entries.set(k, { key: k, count, inline: null, external: { fileNumber, slot, blocks } });
    } else throw new RangeError(`bucket entry ${k}: unknown kind ${kind}`);
  }
  return entries;
}
