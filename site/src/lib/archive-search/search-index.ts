/**
 * Asks an archive search index (decision 11), reading only what a query needs: the buckets of its
 * keys, then the rarest word's postings and every other key's only in the blocks where the rarest
 * word's articles are. Pure apart from `load`, which fetches a file of the index (the
 * search page's fetch, or the file system in tests and benches).
 *
 * Every word must match, folded (`dang` finds `đảng`). Each word adds points: 2 when the article
 * holds it exactly as typed with diacritics, 1 more when exactly so in the title, 1 when it is in
 * the title folded. Higher points first, then newer (higher document number) first.
 */
import {
  type BucketEntry,
  bucketFile,
  bucketOf,
  blockFile,
  decodeBlockFile,
  decodeBucket,
  decodeGroupFile,
  FORMAT,
  groupFile,
  type IndexMeta,
  META_FILE,
} from './layout.ts';
import { BlockSet, type Ranked } from './block-set.ts';
import { blockOf } from './postings.ts';
import { articleKeys, type IndexedArticle, key, type QueryWord, queryWords } from './words.ts';

export type LoadFile = (path: string) => Promise<Uint8Array | null>;

/** What a result's file tells of its article: what the index was written from, but its number. */
export type IndexedText = Omit<IndexedArticle, 'n'>;

/**
 * The articles themselves, for a query whose rarest word is in at most `few` of them: the page
 * reads the result files of the ones that match anyway, and an article's own text answers for
 * every other word and for the points, so the query asks no other word's postings (a word that
 * rare has its postings inline in its bucket). `load` answers null for an article whose file
 * cannot be read (taken down, or a failed request), which leaves the results.
 */
export interface DocumentReader {
  few: number;
  load: (n: number) => Promise<IndexedText | null>;
}

export interface SearchFilters {
  category?: string;
  /** Only document numbers in [from, to): a year is a range of numbers. */
  range?: { from: number; to: number };
}

export type { Ranked };

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** An index's entry (its meta.json) if `value` is one of this format. */
export function metaOf(value: unknown): IndexMeta | null {
  if (value === null || typeof value !== 'object' || !('format' in value) || !('span' in value) || !('buckets' in value)) return null;
  if (value.format !== FORMAT || !isCount(value.span) || !isCount(value.buckets)) return null;
  return { format: FORMAT, span: value.span, buckets: value.buckets };
}

/** The blocks a key has postings in, from its bucket entry alone. */
const blocksOf = (entry: BucketEntry): number[] => (entry.inline ? [...entry.inline.keys()] : (entry.external?.blocks ?? []));

export class ArchiveSearchIndex {
  private readonly buckets = new Map<number, Promise<Map<string, BucketEntry>>>();
  /** Block files by path (read alone or from their group's file): a group's keys share a fetch. */
  private readonly blockFiles = new Map<string, Promise<Map<number, Uint8Array>>>();
  private readonly meta: IndexMeta;
  private readonly load: LoadFile;

  private constructor(meta: IndexMeta, load: LoadFile) {
    this.meta = meta;
    this.load = load;
  }

  /** The index whose files `load` reads, or null when it has none or another format. */
  static async open(load: LoadFile): Promise<ArchiveSearchIndex | null> {
    const bytes = await load(META_FILE);
    if (!bytes) return null;
    let meta: IndexMeta | null;
    try {
      meta = metaOf(JSON.parse(new TextDecoder().decode(bytes)));
    } catch {
      return null;
    }
    return meta ? new ArchiveSearchIndex(meta, load) : null;
  }

  /** The index whose entry is already known (read from elsewhere): reads only its buckets and blocks. */
  static withMeta(meta: IndexMeta, load: LoadFile): ArchiveSearchIndex {
    return new ArchiveSearchIndex(meta, load);
  }

  /** A key's entry, from its bucket (each bucket is fetched once, however many keys ask). */
  private async entry(k: string): Promise<BucketEntry | undefined> {
    const bucket = bucketOf(k, this.meta.buckets);
    let entries = this.buckets.get(bucket);
    if (!entries) {
      entries = this.load(bucketFile(bucket)).then((bytes) => (bytes ? decodeBucket(bytes) : new Map<string, BucketEntry>()));
      this.buckets.set(bucket, entries);
    }
    return (await entries).get(k);
  }

  /** A key's numbers in the blocks `wanted`. */
  private async postings(entry: BucketEntry, wanted: (block: number) => boolean): Promise<BlockSet> {
    const { span } = this.meta;
    if (entry.inline)
      return BlockSet.decode(
        [...entry.inline].filter(([block]) => wanted(block)),
        span,
      );
    if (!entry.external) return new BlockSet(span);
    const { fileNumber, slot, blocks } = entry.external;
    const needed = blocks.filter(wanted);
    const missing = needed.filter((block) => !this.blockFiles.has(blockFile(fileNumber, block)));
    // Most of a key's blocks (a common word across the archive) come in one request, its group's
    // file; a few (a rare word's, a year's) one file each, fewer bytes.
    if (missing.length >= 2 && missing.length * 2 > blocks.length) this.readGroup(fileNumber, blocks);
    const read = needed.map(async (block): Promise<[number, Uint8Array]> => {
      const bytes = (await this.blockSlots(fileNumber, block)).get(slot);
      if (!bytes) throw new Error(`the search index's ${blockFile(fileNumber, block)} lacks ${entry.key}`);
      return [block, bytes];
    });
    return BlockSet.decode(await Promise.all(read), span);
  }

  /** A block file's slots, fetched once (or taken from its group's file). */
  private blockSlots(fileNumber: number, block: number): Promise<Map<number, Uint8Array>> {
    const file = blockFile(fileNumber, block);
    let slots = this.blockFiles.get(file);
    if (!slots) {
      slots = this.readBlockFile(file);
      this.blockFiles.set(file, slots);
    }
    return slots;
  }

  private async readBlockFile(file: string): Promise<Map<number, Uint8Array>> {
    const bytes = await this.load(file);
    if (!bytes) throw new Error(`the search index lacks ${file}`);
    return decodeBlockFile(bytes);
  }

  /**
   * Fetches a group's file once, standing for each of `blocks` not yet asked for. Set before any
   * await, so the other keys of the group asked in the same round find their blocks here. A block
   * the group's file does not give (absent, cut short, of another build) is read from its own file.
   */
  private readGroup(fileNumber: number, blocks: readonly number[]): void {
    const group = this.load(groupFile(fileNumber))
      .then((bytes) => (bytes ? decodeGroupFile(bytes) : null))
      .catch(() => null);
    for (const block of blocks) {
      const file = blockFile(fileNumber, block);
      if (this.blockFiles.has(file)) continue;
      this.blockFiles.set(
        file,
        group.then((all) => all?.get(block) ?? this.readBlockFile(file)),
      );
    }
  }

  /**
   * Every article matching `typed` and `filters`, best first. Two rounds of fetches whatever the
   * number of words: the buckets of every word; then the rarest word's blocks (in the year asked
   * for) and, only in those blocks, every other word's, the category's and the points' blocks,
   * all together. The rarest word's bucket entry lists its blocks, so the others' are known
   * before its postings are read. Each round costs the reader a round trip, and on a phone each
   * request costs more than its bytes. With `documents`, a query whose rarest word is in few
   * articles reads those articles' files in the second round instead (DocumentReader).
   */
  async search(typed: string, filters: SearchFilters = {}, documents?: DocumentReader): Promise<Ranked[]> {
    const words = queryWords(typed);
    if (words.length === 0) return [];
    const range = filters.range;
    if (range && range.from >= range.to) return [];
    // Every key the query needs, asked at once so that the buckets load together.
    const pointEntries = words.map((w) => this.pointKeys(w));
    const [foldedEntries, category] = await Promise.all([
      Promise.all(words.map((w) => this.entry(key.folded(w.folded)))),
      filters.category === undefined ? null : this.entry(key.category(filters.category)),
    ]);
    if (foldedEntries.some((e) => e === undefined) || category === undefined) return [];
    const [rarest, ...others] = foldedEntries.filter((e) => e !== undefined).sort((a, b) => a.count - b.count);
    const { span } = this.meta;
    const inRange = range ? (block: number) => block >= blockOf(range.from, span) && block <= blockOf(range.to - 1, span) : () => true;
    // Where the rarest word's articles can be: its blocks in the range. A year's range can clip
    // its first or last block to nothing: the others' postings are read there too (a request or
    // two more than a third round would make), and the block leaves the candidates.
    const rarestBlocks = new Set(blocksOf(rarest!).filter(inRange));
    if (rarestBlocks.size === 0) return [];
    const wanted = (block: number) => rarestBlocks.has(block);
    if (documents && rarest!.count <= documents.few) {
      const judged = await this.byDocuments(rarest!, wanted, words, filters, documents);
      if (judged) return judged;
    }
    const [found, narrowing, scored] = await Promise.all([
      this.postings(rarest!, wanted),
      Promise.all([...others, ...(category ? [category] : [])].map((entry) => this.postings(entry, wanted))),
      Promise.all(
        pointEntries.flat().map(async ({ entry, worth }) => {
          const point = await entry;
          return { set: point ? await this.postings(point, wanted) : new BlockSet(span), worth };
        }),
      ),
    ]);
    const candidates = found.copy();
    if (range) candidates.keepRange(range.from, range.to);
    if (candidates.empty) return [];
    for (const set of narrowing) {
      candidates.keepCommon(set);
      if (candidates.empty) return [];
    }
    return candidates.rank(scored);
  }

  /**
   * The rarest word's articles, each judged by its own text: the keys the build would list it
   * under (words.ts), so the matches and points are those the postings give. Null when its
   * postings hold more articles than `few` in the range asked.
   */
  private async byDocuments(
    rarest: BucketEntry,
    wanted: (block: number) => boolean,
    words: QueryWord[],
    filters: SearchFilters,
    documents: DocumentReader,
  ): Promise<Ranked[] | null> {
    const found = (await this.postings(rarest, wanted)).copy();
    if (filters.range) found.keepRange(filters.range.from, filters.range.to);
    const numbers = found.rank([]).map((r) => r.n);
    // An entry whose count understates its postings (cut short, of another build) would cost a
    // request per article: the postings answer instead.
    if (numbers.length > documents.few) return null;
    const read = await Promise.all(numbers.map(async (n) => ({ n, article: await documents.load(n) })));
    const ranked: Ranked[] = [];
    for (const { n, article } of read) {
      if (!article) continue;
      const keys = articleKeys({ n, ...article });
      if (filters.category !== undefined && !keys.has(key.category(filters.category))) continue;
      if (!words.every((w) => keys.has(key.folded(w.folded)))) continue;
      let points = 0;
      for (const w of words) for (const { k, worth } of pointKeysOf(w)) if (keys.has(k)) points += worth;
      ranked.push({ n, points });
    }
    return ranked.sort((a, b) => b.points - a.points || b.n - a.n);
  }

  private pointKeys(word: QueryWord): Array<{ entry: Promise<BucketEntry | undefined>; worth: number }> {
    return pointKeysOf(word).map(({ k, worth }) => ({ entry: this.entry(k), worth }));
  }
}

/** The keys that earn an article points for a query word, and what each is worth (see above). */
function pointKeysOf(word: QueryWord): Array<{ k: string; worth: number }> {
  const keys = [{ k: key.foldedTitle(word.folded), worth: 1 }];
  if (word.exact !== null) keys.push({ k: key.exact(word.exact), worth: 2 }, { k: key.exactTitle(word.exact), worth: 1 });
  return keys;
}
