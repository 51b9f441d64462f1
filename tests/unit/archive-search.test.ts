/**
 * The readers' search index of decision 11 (site/src/lib/archive-search/):
 * on random archives and random queries its answers must equal a scan of every article by the
 * rules stated in search-index.ts, and a query must read only the blocks its candidates are in.
 * Seeds vary per run and are printed on failure (TT_ARCHIVE_SEARCH_SEED replays one).
 */
import { describe, expect, it } from 'vitest';
import { blockFile, bucketFile, bucketOf, decodeBucket, encodeBucket } from '../../site/src/lib/archive-search/layout.ts';
import { decodePartial, encodePartial, mergePartials, partialIndex } from '../../site/src/lib/archive-search/partial-index.ts';
import { decodeBlock, encodeBlock } from '../../site/src/lib/archive-search/postings.ts';
import { ArchiveSearchIndex, type Ranked, type SearchFilters } from '../../site/src/lib/archive-search/search-index.ts';
import { foldedWord, type IndexedArticle, key, queryWords, wordsOf } from '../../site/src/lib/archive-search/words.ts';
import { writeIndex } from '../../site/src/lib/archive-search/write-index.ts';
import { seededRandom, type SeededRandom } from '../support/seeded-random.ts';

/** Syllables that fold together, as real Vietnamese does, and some that do not. */
const VOCABULARY = [
  ...['dang', 'đang', 'đảng', 'dạng', 'đáng', 'đăng'],
  ...['duong', 'đường', 'dương', 'dưỡng'],
  ...['vien', 'viên', 'viện', 'viễn'],
  ...['bac', 'bạc', 'bắc', 'liêu', 'lieu', 'tỉnh', 'huyện', 'xã', 'lúa', 'tôm', 'muối', 'nông', 'dân', 'ghe', 'ngo', 'hồng', 'hòa', 'bình'],
  ...Array.from({ length: 40 }, (_, i) => `từ${i}`),
];
const CATEGORIES = ['xa-hoi', 'kinh-te', 'the-thao'];

function randomArticle(random: SeededRandom, n: number): IndexedArticle {
  const words = (min: number, max: number) => Array.from({ length: min + random.int(max - min + 1) }, () => random.pick(VOCABULARY)).join(' ');
  // Sometimes capitalised or punctuated, as titles are.
  const title = words(2, 6).replace(/^./, (c) => (random.int(2) ? c.toUpperCase() : c));
  return { n, title: random.int(4) ? title : `${title}: ${words(1, 2)}!`, text: words(0, 60), category: random.pick(CATEGORIES) };
}

/** An article's words as the scan reads them, split and folded once (not once per query). */
const wordsCache = new WeakMap<IndexedArticle, { title: string[]; all: string[]; folded: Set<string>; foldedTitle: Set<string> }>();
function articleWords(a: IndexedArticle) {
  let words = wordsCache.get(a);
  if (!words) {
    const title = wordsOf(a.title);
    const all = [...title, ...wordsOf(a.text)];
    words = { title, all, folded: new Set(all.map(foldedWord)), foldedTitle: new Set(title.map(foldedWord)) };
    wordsCache.set(a, words);
  }
  return words;
}

/** The rules, applied to each article in turn: the oracle the index must agree with. */
function scan(articles: readonly IndexedArticle[], typed: string, filters: SearchFilters): Ranked[] {
  const words = queryWords(typed);
  if (words.length === 0) return [];
  const out: Ranked[] = [];
  for (const a of articles) {
    if (filters.category !== undefined && a.category !== filters.category) continue;
    if (filters.range && (a.n < filters.range.from || a.n >= filters.range.to)) continue;
    const { title, all, folded, foldedTitle } = articleWords(a);
    if (!words.every((w) => folded.has(w.folded))) continue;
    let points = 0;
    for (const w of words) {
      if (foldedTitle.has(w.folded)) points += 1;
      if (w.exact !== null && all.includes(w.exact)) points += 2;
      if (w.exact !== null && title.includes(w.exact)) points += 1;
    }
    out.push({ n: a.n, points });
  }
  return out.sort((x, y) => y.points - x.points || y.n - x.n);
}

/** An index in memory, counting what a query reads. */
function inMemory(files: Map<string, Uint8Array>) {
  const read: string[] = [];
  const load = async (path: string) => {
    read.push(path);
    return files.get(path) ?? null;
  };
  return { load, read };
}

const seeds = process.env.TT_ARCHIVE_SEARCH_SEED ? [Number(process.env.TT_ARCHIVE_SEARCH_SEED)] : [Date.now() % 1_000_000, 11];

describe('archive search index (decision 11)', () => {
  it('round-trips blocks as lists and as bitmaps', () => {
    const sparse = [16, 40, 63];
    const dense = Array.from({ length: 60 }, (_, i) => 64 + i);
    expect(decodeBlock(encodeBlock(sparse, 0, 64), 0, 64)).toEqual(sparse);
    expect(encodeBlock(dense, 1, 64)).toHaveLength(1 + 64 / 8);
    expect(decodeBlock(encodeBlock(dense, 1, 64), 1, 64)).toEqual(dense);
    expect(() => encodeBlock([5, 5], 0, 64)).toThrow(/out of order/);
    expect(() => encodeBlock([70], 0, 64)).toThrow(/range/);
  });

  it.each(seeds)('answers as a scan of every article does, on random archives and queries (seed %i)', async (seed) => {
    const random = seededRandom(seed);
    // Numbers with gaps (taken-down articles leave theirs unused), in no particular order.
    const articles = Array.from({ length: 1500 }, (_, i) => randomArticle(random, i * 2 + random.int(2)));
    // Spans that are not a multiple of 8 leave part of a bitmap's last byte unused.
    const span = random.pick([64, 100, 256, 1000]);
    const files = writeIndex([...articles].reverse(), { span, buckets: 64, inlineBytes: 40 });
    const byNumber = new Map(articles.map((a) => [a.n, a]));
    for (let q = 0; q < 150; q++) {
      const typed = Array.from({ length: 1 + random.int(3) }, () => random.pick(VOCABULARY))
        .map((w) => (random.int(3) ? w : w.toUpperCase()))
        .join(random.int(2) ? ' ' : ', ');
      const filters: SearchFilters = {};
      if (random.int(4) === 0) filters.category = random.pick(CATEGORIES);
      if (random.int(4) === 0) {
        const from = random.int(3000);
        filters.range = { from, to: from + random.int(1500) };
      }
      const index = await ArchiveSearchIndex.open(inMemory(files).load);
      const expected = scan(articles, typed, filters);
      const asked = `seed ${seed}, span ${span}, query ${JSON.stringify(typed)} ${JSON.stringify(filters)}`;
      expect(await index!.search(typed, filters), asked).toEqual(expected);
      // Judged by the articles' own text when the rarest word is in at most `few` of them (all, some, none).
      const few = random.pick([1, 20, 200, 5000]);
      const fresh = await ArchiveSearchIndex.open(inMemory(files).load);
      expect(await fresh!.search(typed, filters, { few, load: async (n) => byNumber.get(n) ?? null }), `${asked}, documents for up to ${few}`).toEqual(
        expected,
      );
    }
  });

  it.each(seeds)('merges the years kept from earlier builds into exactly the index written from every article (seed %i)', (seed) => {
    const random = seededRandom(seed);
    // Years of different sizes, one of them empty; each year's articles oldest first.
    const years = [3, 0, 40, 260, 7, 300].map((count) => Array.from({ length: count }, () => randomArticle(random, 0)));
    const options = { span: 64, buckets: 16, inlineBytes: 24 };
    const everything: IndexedArticle[] = [];
    for (const year of years) for (const article of year) everything.push({ ...article, n: everything.length });
    // Each part goes through the cache's bytes, as a build reads it back.
    const parts = years.map((year) => decodePartial(encodePartial(partialIndex(year))));
    const merged = mergePartials(parts, options);
    const whole = writeIndex(everything, options);
    expect([...merged.keys()].sort(), `seed ${seed}`).toEqual([...whole.keys()].sort());
    for (const [file, bytes] of whole) expect(Buffer.from(merged.get(file)!).equals(Buffer.from(bytes)), `seed ${seed}: ${file}`).toBe(true);
  });

  it('refuses a kept year whose bytes are cut short or name an article it does not hold', () => {
    const bytes = encodePartial(partialIndex([{ title: 'Đường mới', text: 'dân vui', category: 'xa-hoi' }]));
    expect(() => decodePartial(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => decodePartial(encodePartial({ articles: 1, postings: new Map([['f:x', [0, 3]]]) }))).toThrow(/names article 3 of 1/);
  });

  it('ranks as the issue asks: exact diacritics first, title above body, newer above older', async () => {
    const articles: IndexedArticle[] = [
      { n: 1, title: 'Con dương ở huyện', text: 'đường', category: 'xa-hoi' },
      { n: 2, title: 'Làm đường ở huyện', text: '', category: 'xa-hoi' },
      { n: 3, title: 'Tin huyện', text: 'dương', category: 'xa-hoi' },
      { n: 4, title: 'Tin huyện', text: 'đường', category: 'xa-hoi' },
      { n: 5, title: 'Tin khác', text: 'huyện đường', category: 'xa-hoi' },
    ];
    const index = await ArchiveSearchIndex.open(inMemory(writeIndex(articles)).load);
    const order = async (typed: string) => (await index!.search(typed)).map((r) => r.n);
    // Exact in the title; exact in the body with the folded word in the title; exact in the body
    // (newer first); the folded word alone.
    expect(await order('đường')).toEqual([2, 1, 5, 4, 3]);
    // Typed without diacritics: title above body, then newer first.
    expect(await order('duong')).toEqual([2, 1, 5, 4, 3]);
    // Both words in the title before one.
    expect(await order('tin huyen')).toEqual([4, 3, 5]);
    expect(await order('không có')).toEqual([]);
  });

  it('asks for at most sixteen words, however long the text pasted', () => {
    const pasted = Array.from({ length: 40 }, (_, i) => `từ${i}`).join(' ');
    expect(queryWords(pasted).map((w) => w.folded)).toEqual(Array.from({ length: 16 }, (_, i) => `tu${i}`));
  });

  it('fetches in two rounds, whatever the number of words and filters', async () => {
    // Requests are held until the query has asked all it can without an answer: each release is a round trip.
    const articles = Array.from({ length: 4096 }, (_, n) => ({
      n,
      title: `Tin số ${n}`,
      text: n % 7 ? 'nông dân ở xã' : 'nông dân hiếm có',
      category: n % 2 ? 'xa-hoi' : 'kinh-te',
    }));
    const files = writeIndex(articles, { span: 256, buckets: 64, inlineBytes: 40 });
    const held: Array<() => void> = [];
    const load = (path: string) => new Promise<Uint8Array | null>((resolve) => held.push(() => resolve(files.get(path) ?? null)));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    const cases: Array<[string, SearchFilters]> = [
      ['nong dan hiem', {}],
      ['tin nông dân', { category: 'kinh-te' }],
      ['dan so xa', { range: { from: 1000, to: 3000 } }],
    ];
    for (const [typed, filters] of cases) {
      const opening = ArchiveSearchIndex.open(load);
      await settle();
      for (const release of held.splice(0)) release();
      const index = (await opening)!;
      let done = false;
      const answer = index.search(typed, filters).finally(() => {
        done = true;
      });
      let rounds = 0;
      // Bounded: a query stuck on something other than a request would otherwise spin past the test's timeout.
      for (let turn = 0; !done && turn < 100; turn++) {
        await settle();
        if (held.length === 0) continue;
        rounds++;
        for (const release of held.splice(0)) release();
      }
      expect(done, `${typed}: the query did not finish`).toBe(true);
      expect((await answer).length, typed).toBeGreaterThan(0);
      expect(rounds, typed).toBe(2);
    }
  });

  it('reads only the buckets of the query and the blocks where its candidates are', async () => {
    // A word in every article, and one in a single old article.
    const articles = Array.from({ length: 4096 }, (_, n) => ({ n, title: `Tin số ${n}`, text: n === 7 ? 'nông dân hiếm có' : 'nông dân', category: 'xa-hoi' }));
    const files = writeIndex(articles, { span: 256, buckets: 64, inlineBytes: 40 });
    const { load, read } = inMemory(files);
    const index = await ArchiveSearchIndex.open(load);
    expect((await index!.search('nong dan hiem')).map((r) => r.n)).toEqual([7]);
    // Each common word fills all sixteen blocks; the query reads only block 0 of each, where
    // article 7 is. The rare word is inline in its bucket.
    expect(read.filter((p) => p.startsWith('p/')).map((p) => p.replace(/^p\/\d+\//, ''))).toEqual(
      [blockFile(0, 0), blockFile(0, 0)].map((p) => p.replace(/^p\/\d+\//, '')),
    );
    const buckets = new Set(['nong', 'dan', 'hiem'].flatMap((w) => [key.folded(w), key.foldedTitle(w)]).map((k) => bucketFile(bucketOf(k, 64))));
    expect(read.filter((p) => p.startsWith('b/')).sort()).toEqual([...buckets].sort());
    // A word's keys share a bucket: one fetch a word.
    expect(buckets.size).toBeLessThanOrEqual(3);
    // "tin" is in every title: its keys anywhere and in the title share their block files, so
    // block 0 (where article 7 is) is one fetch for both.
    const again = inMemory(files);
    expect((await (await ArchiveSearchIndex.open(again.load))!.search('tin hiem')).map((r) => r.n)).toEqual([7]);
    const blockReads = again.read.filter((p) => p.startsWith('p/'));
    expect(blockReads).toHaveLength(1);
    expect(blockReads[0]).toMatch(/^p\/\d+\/0\.bin$/);
  });

  it("judges a rare word's few articles by their own text, asking no other word's postings", async () => {
    const articles = Array.from({ length: 4096 }, (_, n) => ({
      n,
      title: `Tin số ${n}`,
      text: n % 1000 === 7 ? 'nông dân hiếm có' : 'nông dân',
      category: 'xa-hoi',
    }));
    const files = writeIndex(articles, { span: 256, buckets: 64, inlineBytes: 40 });
    const { load, read } = inMemory(files);
    const documentsRead: number[] = [];
    const documents = {
      few: 20,
      load: async (n: number) => {
        documentsRead.push(n);
        // Article 2007 is taken down: its file is gone.
        return n === 2007 ? null : articles[n]!;
      },
    };
    const found = await (await ArchiveSearchIndex.open(load))!.search('Tin hiếm', {}, documents);
    expect(found).toEqual([4007, 3007, 1007, 7].map((n) => ({ n, points: 3 })));
    expect(documentsRead.sort((a, b) => a - b)).toEqual([7, 1007, 2007, 3007, 4007]);
    expect(read.filter((p) => p.startsWith('p/'))).toEqual([]);
  });

  it('reads block files when a group file is missing, and postings when a count understates them', async () => {
    const articles = Array.from({ length: 4096 }, (_, n) => ({ n, title: `Tin số ${n}`, text: n % 3 ? 'nông dân' : 'nông dân ở xã', category: 'xa-hoi' }));
    const files = writeIndex(articles, { span: 256, buckets: 64, inlineBytes: 40 });
    const expected = await (await ArchiveSearchIndex.open(inMemory(files).load))!.search('nong dan xa');
    expect(expected).toHaveLength(1366);
    // Without group files (a tree half written, say): each block from its own file.
    const noGroups = new Map([...files].filter(([p]) => !/^p\/\d+\.bin$/.test(p)));
    const partial = inMemory(noGroups);
    expect(await (await ArchiveSearchIndex.open(partial.load))!.search('nong dan xa')).toEqual(expected);
    expect(partial.read.filter((p) => /^p\/\d+\/\d+\.bin$/.test(p)).length).toBeGreaterThan(0);
    // A bucket entry that says "xa" is in one article: the documents are not asked for each of its 1,366.
    const bucket = bucketFile(bucketOf(key.folded('xa'), 64));
    const entries = decodeBucket(files.get(bucket)!);
    entries.set(key.folded('xa'), { ...entries.get(key.folded('xa'))!, count: 1 });
    const understated = new Map(files).set(bucket, encodeBucket([...entries.values()]));
    let documentsRead = 0;
    const documents = {
      few: 20,
      load: async (n: number) => {
        documentsRead++;
        return articles[n]!;
      },
    };
    expect(await (await ArchiveSearchIndex.open(inMemory(understated).load))!.search('nong dan xa', {}, documents)).toEqual(expected);
    expect(documentsRead).toBe(0);
  });

  it("reads a common word's blocks in one request, and a year's blocks alone", async () => {
    const articles = Array.from({ length: 4096 }, (_, n) => ({ n, title: `Tin số ${n}`, text: 'nông dân', category: 'xa-hoi' }));
    const files = writeIndex(articles, { span: 256, buckets: 64, inlineBytes: 40 });
    const everywhere = inMemory(files);
    const found = await (await ArchiveSearchIndex.open(everywhere.load))!.search('nong dan');
    expect(found.map((r) => r.n)).toEqual(Array.from({ length: 4096 }, (_, n) => 4095 - n));
    // Two words, sixteen blocks each: one group file a word, no block file.
    const postingReads = everywhere.read.filter((p) => p.startsWith('p/'));
    expect(postingReads).toHaveLength(2);
    for (const p of postingReads) expect(p).toMatch(/^p\/\d+\.bin$/);
    // A range inside one block (a year, say) reads that block's file for each word.
    const inYear = inMemory(files);
    const ranged = await (await ArchiveSearchIndex.open(inYear.load))!.search('nong dan', { range: { from: 600, to: 700 } });
    expect(ranged.map((r) => r.n)).toEqual(Array.from({ length: 100 }, (_, i) => 699 - i));
    const rangedReads = inYear.read.filter((p) => p.startsWith('p/'));
    expect(rangedReads).toHaveLength(2);
    for (const p of rangedReads) expect(p).toMatch(/^p\/\d+\/2\.bin$/);
  });
});
