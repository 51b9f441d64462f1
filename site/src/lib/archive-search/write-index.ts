/**
 * Writes an archive search index (decision 11) from the articles it holds, or from their postings
 * already gathered (partial-index.ts merges a year at a time): every key's postings, cut into
 * blocks, small keys inline in their bucket and large ones in block files. Returns the files by
 * path, for the caller to write (and compress) where the site serves them.
 */
import {
  type BucketEntry,
  bucketFile,
  bucketOf,
  blockFile,
  encodeBlockFile,
  encodeBucket,
  encodeGroupFile,
  FORMAT,
  fileGroup,
  groupFile,
  type IndexMeta,
  META_FILE,
} from './layout.ts';
import { byBlock, encodeBlock } from './postings.ts';
import { articleKeys, type IndexedArticle } from './words.ts';

export interface IndexOptions {
  /** Document numbers per block (a dense block is a bitmap of span / 8 bytes). */
  span?: number;
  buckets?: number;
  /** A key whose blocks add up to more than this many bytes gets block files of its own. */
  inlineBytes?: number;
}

export const DEFAULT_OPTIONS = { span: 32_768, buckets: 4096, inlineBytes: 512 } as const;

/** Every key's articles (document numbers, in any order), from the articles themselves. */
export function postingsOf(articles: Iterable<IndexedArticle>): Map<string, number[]> {
  const postings = new Map<string, number[]>();
  const seen = new Set<number>();
  for (const article of articles) {
    if (!Number.isSafeInteger(article.n) || article.n < 0) throw new RangeError(`article number ${article.n} is not a whole number ≥ 0`);
    if (seen.has(article.n)) throw new RangeError(`article number ${article.n} is used twice`);
    seen.add(article.n);
    for (const k of articleKeys(article)) {
      const list = postings.get(k);
      if (list) list.push(article.n);
      else postings.set(k, [article.n]);
    }
  }
  return postings;
}

/** The entry (meta.json) of an index written with `options`. */
export function indexMeta(options: IndexOptions = {}): IndexMeta {
  const { span, buckets } = { ...DEFAULT_OPTIONS, ...options };
  return { format: FORMAT, span, buckets };
}

export function writeIndex(articles: Iterable<IndexedArticle>, options: IndexOptions = {}): Map<string, Uint8Array> {
  return writePostings(postingsOf(articles), options);
}

/** The index files of `postings` (key → distinct document numbers; sorted here, in place). */
export function writePostings(postings: Map<string, number[]>, options: IndexOptions = {}): Map<string, Uint8Array> {
  const { span, buckets, inlineBytes } = { ...DEFAULT_OPTIONS, ...options };
  const files = new Map<string, Uint8Array>();
  const bucketEntries = new Map<number, BucketEntry[]>();
  /** Group → its block files' number; its number → block → slot → bytes. */
  const fileNumbers = new Map<string, number>();
  const groups = new Map<number, Map<number, Map<number, Uint8Array>>>();
  // Sorted keys: the same articles always give the same files, byte for byte.
  for (const k of [...postings.keys()].sort()) {
    const numbers = postings.get(k)!.sort((a, b) => a - b);
    const blocks = new Map<number, Uint8Array>();
    let bytes = 0;
    for (const [block, inBlock] of byBlock(numbers, span)) {
      const encoded = encodeBlock(inBlock, block, span);
      blocks.set(block, encoded);
      bytes += encoded.length;
    }
    let entry: BucketEntry;
    if (bytes <= inlineBytes) entry = { key: k, count: numbers.length, inline: blocks, external: null };
    else {
      const { group, slot } = fileGroup(k);
      let fileNumber = fileNumbers.get(group);
      if (fileNumber === undefined) {
        fileNumber = fileNumbers.size;
        fileNumbers.set(group, fileNumber);
      }
      const groupBlocks = groups.get(fileNumber) ?? new Map<number, Map<number, Uint8Array>>();
      groups.set(fileNumber, groupBlocks);
      for (const [block, encoded] of blocks) {
        const slots = groupBlocks.get(block) ?? new Map<number, Uint8Array>();
        slots.set(slot, encoded);
        groupBlocks.set(block, slots);
      }
      entry = { key: k, count: numbers.length, inline: null, external: { fileNumber, slot, blocks: [...blocks.keys()] } };
    }
    const bucket = bucketOf(k, buckets);
    const list = bucketEntries.get(bucket);
    if (list) list.push(entry);
    else bucketEntries.set(bucket, [entry]);
  }
  for (const [fileNumber, groupBlocks] of groups) {
    const blockFiles = new Map<number, Uint8Array>();
    for (const [block, slots] of groupBlocks) {
      const encoded = encodeBlockFile(slots);
      blockFiles.set(block, encoded);
      files.set(blockFile(fileNumber, block), encoded);
    }
    files.set(groupFile(fileNumber), encodeGroupFile(blockFiles));
  }
  for (const [bucket, entries] of bucketEntries) files.set(bucketFile(bucket), encodeBucket(entries));
  files.set(META_FILE, new TextEncoder().encode(JSON.stringify(indexMeta(options))));
  return files;
}
