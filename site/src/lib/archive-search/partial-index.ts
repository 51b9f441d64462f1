/**
 * A year's part of the archive search index (decision 11), kept between full builds so that a
 * build reads and splits into words only the years whose articles changed. A part holds each key's
 * articles by their number within the year, oldest first; the full index numbers the archive
 * oldest first, so merging the parts in order is adding each year's offset, and gives exactly the
 * index written from every article at once (tests/unit/archive-search.test.ts).
 */
import { ByteReader, ByteWriter } from './postings.ts';
import type { IndexedArticle } from './words.ts';
import { type IndexOptions, postingsOf, writePostings } from './write-index.ts';

export interface PartialIndex {
  /** Articles in the part, numbered 0 (oldest) to articles - 1. */
  articles: number;
  /** Key → the part's numbers holding it, sorted. */
  postings: Map<string, number[]>;
}

/** The part of `articles`, given oldest first (their order is their number within the part). */
export function partialIndex(articles: ReadonlyArray<Omit<IndexedArticle, 'n'>>): PartialIndex {
  const postings = postingsOf(articles.map((a, n) => ({ ...a, n })));
  for (const numbers of postings.values()) numbers.sort((a, b) => a - b);
  return { articles: articles.length, postings };
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A part as bytes, for the build cache: keys in order, numbers delta-coded. */
export function encodePartial(part: PartialIndex): Uint8Array {
  const out = new ByteWriter().varint(part.articles).varint(part.postings.size);
  for (const k of [...part.postings.keys()].sort()) {
    const numbers = part.postings.get(k)!;
    const name = utf8.encode(k);
    out.varint(name.length).raw(name).varint(numbers.length);
    let previous = -1;
    for (const n of numbers) {
      out.varint(n - previous - 1);
      previous = n;
    }
  }
  return out.done();
}

export function decodePartial(bytes: Uint8Array): PartialIndex {
  const reader = new ByteReader(bytes);
  const articles = reader.varint();
  const postings = new Map<string, number[]>();
  for (let keys = reader.varint(); keys > 0; keys--) {
    const k = fromUtf8.decode(reader.raw(reader.varint()));
    const numbers: number[] = [];
    let previous = -1;
    for (let count = reader.varint(); count > 0; count--) {
      previous += reader.varint() + 1;
      if (previous >= articles) throw new RangeError(`partial index: ${k} names article ${previous} of ${articles}`);
      numbers.push(previous);
    }
    postings.set(k, numbers);
  }
  if (!reader.done) throw new RangeError('partial index: bytes after the last key');
  return { articles, postings };
}

/** The index of the parts, given oldest first: each part's numbers after those of the parts before it. */
export function mergePartials(parts: Iterable<PartialIndex>, options: IndexOptions = {}): Map<string, Uint8Array> {
  const postings = new Map<string, number[]>();
  let base = 0;
  for (const part of parts) {
    for (const [k, numbers] of part.postings) {
      let merged = postings.get(k);
      if (!merged) {
        merged = [];
        postings.set(k, merged);
      }
      for (const n of numbers) merged.push(base + n);
    }
    base += part.articles;
  }
  return writePostings(postings, options);
}
