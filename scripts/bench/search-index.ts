/**
 * The archive search index of decision 11 (site/src/lib/archive-search/), not yet serving readers:
 * what it costs to write at archive scale and what a query reads from it. Builds the index of the
 * benchmark corpus (scripts/demo/corpus.ts, the articles `generate-corpus` writes, with their
 * title, lead, body, byline and caption) in this process, then asks the site bench's queries
 * against a fresh reader of the files each time (a reader's cold cache) and counts the files a
 * query reads, their bytes and their bytes as the site serves them (brotli at the quality the
 * publisher precompresses with). Not counted: the twenty results' own text, which a page fetches
 * once it knows them. Writes docs/benchmarks/search-index-<articles>.json (record.ts).
 *
 *   npm run bench search-index -- [--articles 200000]
 */
import { parseArgs } from 'node:util';
import { brotliCompressSync } from 'node:zlib';
import { BROTLI_OPTIONS } from '../../publisher/precompress.ts';
import { ArchiveSearchIndex } from '../../site/src/lib/archive-search/search-index.ts';
import type { IndexedArticle } from '../../site/src/lib/archive-search/words.ts';
import { writeIndex } from '../../site/src/lib/archive-search/write-index.ts';
import { ARCHIVE_SHAPE, generatedArticle } from '../demo/corpus.ts';
import { recordBench } from './record.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '200000' } } });
const articles = Number(values.articles);
if (!Number.isSafeInteger(articles) || articles < 1) throw new Error(`--articles must be a whole number ≥ 1, not ${values.articles}`);

/** Corpus article 0 is the newest; in the index a higher number is newer. */
function* corpus(): Generator<IndexedArticle> {
  for (let i = 0; i < articles; i++) {
    const a = generatedArticle(i, ARCHIVE_SHAPE);
    yield { n: articles - 1 - i, title: a.title, text: [a.lead, a.body, a.byline, a.coverCaption].join('\n'), category: a.category };
  }
}

const started = performance.now();
const files = writeIndex(corpus());
const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
const peakGiB = Math.round((process.resourceUsage().maxRSS / 2 ** 20) * 100) / 100;
const megabytes = Math.round([...files.values()].reduce((sum, b) => sum + b.length, 0) / 1e5) / 10;
console.log(`[search-index] ${articles} articles: ${files.size} files, ${megabytes} MB, written in ${buildSeconds} s, peak ${peakGiB} GiB resident`);

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
  const medianMs = Math.round(times.sort((a, b) => a - b)[2]!);
  queries.push({ query, results, ...read, medianMs });
  console.log(`[search-index] ${JSON.stringify(query)}: ${results} found, ${read.files} files, ${read.kB} kB (${read.servedKB} kB brotli), ${medianMs} ms`);
}
console.log(
  `[search-index] written to ${await recordBench(`search-index-${articles}`, { articles, buildSeconds, peakGiB, files: files.size, megabytes, queries })}`,
);
