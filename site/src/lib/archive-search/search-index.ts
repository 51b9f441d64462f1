/**
 * Asks an archive search index (decision 11), reading only what a query needs: the buckets of its
 * keys, then postings from the rarest word to the commonest, and for each later word only the
 * blocks where candidates remain. Pure apart from `load`, which fetches a file of the index (the
 * search page's fetch, or the file system in tests and benches).
 *
 * Every word must match, folded (`dang` finds `đảng`). Each word adds points: 2 when the article
 * holds it exactly as typed with diacritics, 1 more when exactly so in the title, 1 when it is in
 * the title folded. Higher points first, then newer (higher document number) first.
 */
import { type BucketEntry, bucketFile, bucketOf, blockFile, decodeBucket, FORMAT, type IndexMeta, META_FILE } from './layout.ts';
import { blockOf, decodeBlock } from './postings.ts';
import { key, type QueryWord, queryWords } from './words.ts';

export type LoadFile = (path: string) => Promise<Uint8Array | null>;

export interface SearchFilters {
  category?: string;
  /** Only document numbers in [from, to): a year is a range of numbers. */
  range?: { from: number; to: number };
}

export interface Ranked {
  n: number;
  points: number;
}

/** Intersection of two sorted lists. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

function metaOf(value: unknown): IndexMeta | null {
  if (value === null || typeof value !== 'object' || !('format' in value) || !('span' in value) || !('buckets' in value)) return null;
  if (value.format !== FORMAT || !isCount(value.span) || !isCount(value.buckets)) return null;
  return { format: FORMAT, span: value.span, buckets: value.buckets };
}

export class ArchiveSearchIndex {
  private readonly buckets = new Map<number, Promise<Map<string, BucketEntry>>>();
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

  /** A key's numbers in the blocks `wanted`, sorted. */
  private async postings(entry: BucketEntry, wanted: (block: number) => boolean): Promise<number[]> {
    const { span } = this.meta;
    const lists: number[][] = [];
    if (entry.inline) {
      for (const [block, bytes] of entry.inline) if (wanted(block)) lists.push(decodeBlock(bytes, block, span));
    } else if (entry.external) {
      const { keyNumber } = entry.external;
      const read = entry.external.blocks.filter(wanted).map(async (block) => {
        const bytes = await this.load(blockFile(keyNumber, block));
        if (!bytes) throw new Error(`the search index lacks ${blockFile(keyNumber, block)}`);
        return decodeBlock(bytes, block, span);
      });
      lists.push(...(await Promise.all(read)));
    }
    return lists.flat().sort((a, b) => a - b);
  }

  /** The blocks holding any of `numbers`. */
  private blocksOf(numbers: readonly number[]): (block: number) => boolean {
    const blocks = new Set(numbers.map((n) => blockOf(n, this.meta.span)));
    return (block) => blocks.has(block);
  }

  /** Every article matching `typed` and `filters`, best first. */
  async search(typed: string, filters: SearchFilters = {}): Promise<Ranked[]> {
    const words = queryWords(typed);
    if (words.length === 0) return [];
    const foldedEntries = await Promise.all(words.map((w) => this.entry(key.folded(w.folded))));
    const category = filters.category === undefined ? null : await this.entry(key.category(filters.category));
    if (foldedEntries.some((e) => e === undefined) || category === undefined) return [];
    // Every other key the points need, asked now so the buckets load together.
    const pointEntries = words.map((w) => this.pointKeys(w));
    const byRarity = words.map((word, i) => ({ word, entry: foldedEntries[i]! })).sort((a, b) => a.entry.count - b.entry.count);
    let candidates: number[];
    if (filters.range) {
      const { from, to } = filters.range;
      if (from >= to) return [];
      const [first, last] = [blockOf(from, this.meta.span), blockOf(to - 1, this.meta.span)];
      candidates = (await this.postings(byRarity[0]!.entry, (block) => block >= first && block <= last)).filter((n) => n >= from && n < to);
    } else candidates = await this.postings(byRarity[0]!.entry, () => true);
    if (category) candidates = intersect(candidates, await this.postings(category, this.blocksOf(candidates)));
    for (const { entry } of byRarity.slice(1)) {
      if (candidates.length === 0) return [];
      candidates = intersect(candidates, await this.postings(entry, this.blocksOf(candidates)));
    }
    if (candidates.length === 0) return [];
    const points = new Map<number, number>(candidates.map((n) => [n, 0]));
    const blocks = this.blocksOf(candidates);
    await Promise.all(
      pointEntries.flatMap((entries) =>
        entries.map(async ({ entry, worth }) => {
          const found = await entry;
          if (!found) return;
          for (const n of await this.postings(found, blocks)) {
            const had = points.get(n);
            if (had !== undefined) points.set(n, had + worth);
          }
        }),
      ),
    );
    return [...points].map(([n, p]) => ({ n, points: p })).sort((a, b) => b.points - a.points || b.n - a.n);
  }

  private pointKeys(word: QueryWord): Array<{ entry: Promise<BucketEntry | undefined>; worth: number }> {
    const keys = [{ entry: this.entry(key.foldedTitle(word.folded)), worth: 1 }];
    if (word.exact !== null) {
      keys.push({ entry: this.entry(key.exact(word.exact)), worth: 2 }, { entry: this.entry(key.exactTitle(word.exact)), worth: 1 });
    }
    return keys;
  }
}
