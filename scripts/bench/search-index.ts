/**
 * The readers' search index of decision 11 (site/src/lib/archive-search/), alone, without a browser:
 * what it costs to write at archive scale and what a query reads from it. Builds the index of the
 * benchmark corpus (scripts/demo/corpus.ts, the articles `generate-corpus` writes, with their
 * title, lead, body, byline and caption) in this process as a full build would: each year split
 * into words and kept as bytes, then the index written from the kept years (a build whose years
 * are all unchanged does only that second step). Then asks the site bench's queries against a
 * fresh reader of the files each time (a reader's cold cache) and counts the files a query reads,
 * their bytes and their bytes as the site serves them (brotli at the quality the publisher
 * precompresses with). Not counted: the twenty results' own text, which a page fetches once it
 * knows them. Writes docs/benchmarks/search-index-<articles>.json (record.ts).
 *
 *   npm run bench search-index -- [--articles 200000]
 */
import { parseArgs } from 'node:util';
import { brotliCompressSync } from 'node:zlib';
import { BROTLI_OPTIONS } from '../../publisher/precompress.ts';
import { ArchiveSearchIndex } from '../../site/src/lib/archive-search/search-index.ts';
import { decodePartial, encodePartial, mergePartials, partialIndex } from '../../site/src/lib/archive-search/partial-index.ts';
import type { IndexedArticle } from '../../site/src/lib/archive-search/words.ts';
import { ARCHIVE_SHAPE, generatedArticle } from '../demo/corpus.ts';
import { median } from './median.ts';
import { recordBench } from './record.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '200000' } } });
const articles = Number(values.articles);
if (!Number.isSafeInteger(articles) || articles < 1) throw new Error(`--articles must be a whole number ≥ 1, not ${values.articles}`);

/** The corpus by year of publication, each year's articles oldest first (corpus article 0 is the newest). */
function* yearsOldestFirst(): Generator<{ year: string; articles: Array<Omit<IndexedArticle, 'n'>> }> {
  let current: { year: string; articles: Array<Omit<IndexedArticle, 'n'>> } | null = null;
  for (let i = articles - 1; i >= 0; i--) {
    const a = generatedArticle(i, ARCHIVE_SHAPE);
    // The year in Vietnam (UTC+7 all year), as the site files an article.
    const year = new Date(Date.parse(a.datePublished) + 7 * 3_600_000).toISOString().slice(0, 4);
    if (current && current.year !== year) {
      yield current;
      current = null;
    }
    current ??= { year, articles: [] };
    current.articles.push({ title: a.title, text: [a.lead, a.body, a.byline, a.coverCaption].join('\n'), category: a.category });
  }
  if (current) yield current;
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

// As a full build does: each year read and split into words, kept as bytes (the build cache);
// then the index written from the kept years, one decoded at a time.
let started = performance.now();
const years: Array<{ year: string; articles: number; seconds: number; keptKB: number }> = [];
const kept: Uint8Array[] = [];
for (const { year, articles: inYear } of yearsOldestFirst()) {
  const t = performance.now();
  const bytes = encodePartial(partialIndex(inYear));
  kept.push(bytes);
  years.push({ year, articles: inYear.length, seconds: seconds(t), keptKB: Math.round(bytes.length / 1024) });
}
const wordsSeconds = seconds(started);
started = performance.now();
// One year decoded at a time: memory is the index being written plus one year.
const files = mergePartials(
  (function* () {
    for (const bytes of kept) yield decodePartial(bytes);
  })(),
);
const mergeSeconds = seconds(started);
const peakGiB = Math.round((process.resourceUsage().maxRSS / 2 ** 20) * 100) / 100;
const megabytes = Math.round([...files.values()].reduce((sum, b) => sum + b.length, 0) / 1e5) / 10;
console.log(
  `[search-index] ${articles} articles in ${years.length} years: split into words in ${wordsSeconds} s (kept ${Math.round(kept.reduce((s, b) => s + b.length, 0) / 2 ** 20)} MiB), index written from the kept years in ${mergeSeconds} s: ${files.size} files, ${megabytes} MB; peak ${peakGiB} GiB resident`,
);

const served = new Map<string, number>();
const servedBytes = (path: string, bytes: Uint8Array) => {
  const known = served.get(path);
  if (known !== undefined) return known;
  const size = brotliCompressSync(bytes, BROTLI_OPTIONS).length;
  served.set(path, size);
  return size;
};

// The site bench's queries (scripts/bench/site-build.ts), the oldest article's title among them.
const QUERIES = ['dang vien', 'đảng viên', 'Vĩnh Lợi', 'nhiem vu trong tam', generatedArticle(articles - 1, ARCHIVE_SHAPE).title];
const queries = [];
for (const query of QUERIES) {
  const times: number[] = [];
  let read = { files: 0, kB: 0, servedKB: 0 };
  let results = 0;
  for (let run = 0; run < 5; run++) {
    const count = { files: 0, bytes: 0, served: 0 };
    const index = await ArchiveSearchIndex.open(async (path) => {
      const bytes = files.get(path) ?? null;
      if (bytes) {
        count.files++;
        count.bytes += bytes.length;
        count.served += servedBytes(path, bytes);
      }
      return bytes;
    });
    if (!index) throw new Error('the index has no meta.json');
    const t = performance.now();
    results = (await index.search(query)).length;
    times.push(performance.now() - t);
    read = { files: count.files, kB: Math.round(count.bytes / 1024), servedKB: Math.round(count.served / 1024) };
  }
  const medianMs = Math.round(median(times));
  queries.push({ query, results, ...read, medianMs });
  console.log(`[search-index] ${JSON.stringify(query)}: ${results} found, ${read.files} files, ${read.kB} kB (${read.servedKB} kB brotli), ${medianMs} ms`);
}
console.log(
  `[search-index] written to ${await recordBench(`search-index-${articles}`, { articles, wordsSeconds, mergeSeconds, peakGiB, files: files.size, megabytes, years, queries })}`,
);
