/**
 * Site build at archive scale: a throwaway CMS filled by the corpus generator, a full build as the
 * publisher makes it (its search shard cache included), then what a reader's search costs in
 * Chromium, then a second full build of the same content (every year's index unchanged, taken
 * from the cache). Prints each step's time and peak memory, the search step per year, and per
 * query the time to the first results (with the CPU slowed 4×, a mid-range phone, cold cache) and
 * what was transferred; writes docs/benchmarks/site-<articles>.json (record.ts).
 *
 *   npm run bench site -- [--articles 2000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort } from '../../publisher/lib/ports.ts';
import { buildSite, type SiteBuildSummary } from '../../publisher/site-build.ts';
import { serveStatic } from '../../publisher/static-server.ts';
import { ARCHIVE_SHAPE, CORPUS_OFFSET, generatedArticle } from '../demo/corpus.ts';
import { startTestCms } from '../lib/ephemeral-cms.ts';
import { RESULTS_SHOWN_MARK } from '../../site/src/lib/search-timing.ts';
import { recordBench } from './record.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '2000' } } });
const articles = Number(values.articles);
const gib = (bytes: number | null) => (bytes === null ? null : Math.round((bytes / 2 ** 30) * 100) / 100);

function stepsOf(summary: SiteBuildSummary) {
  return {
    seconds: Math.round(summary.seconds),
    astroSeconds: Math.round(summary.steps.astroSeconds),
    astroPeakGiB: gib(summary.steps.astroPeakBytes),
    searchSeconds: Math.round(summary.steps.searchSeconds),
    searchPeakGiB: gib(summary.steps.searchPeakBytes),
    shards: summary.search.map((s) => ({
      shard: s.shard,
      pages: s.pages,
      reused: s.reused,
      seconds: Math.round(s.seconds * 10) / 10,
      peakGiB: gib(s.peakRssBytes),
    })),
  };
}

/** A reader's query on the search page: cold cache, CPU slowed 4×; then a second query in the same page. */
async function measureQueries(siteUrl: string, queries: Array<{ query: string; second: string }>) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const results = [];
  try {
    for (const { query, second } of queries) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      // Counted by Playwright, which sees the search worker's requests too (a CDP session on the page does not).
      let bytes = 0;
      let requests = 0;
      const counted: Array<Promise<void>> = [];
      page.on('requestfinished', (request) => {
        counted.push(
          request.sizes().then((s) => {
            bytes += s.responseBodySize + s.responseHeadersSize;
            requests++;
          }),
        );
      });
      const started = Date.now();
      await page.goto(`${siteUrl}/tim-kiem/?q=${encodeURIComponent(query)}`);
      await page
        .locator('#search-status')
        .filter({ hasText: /kết quả/ })
        .waitFor({ timeout: 120_000 });
      const firstMs = Date.now() - started;
      const pageMs = await page.evaluate(() => Math.round(performance.getEntriesByType('navigation')[0]?.duration ?? 0));
      // The page's own clock (search-timing.ts): from the navigation's start to the painted results.
      const shown = await page.waitForFunction((mark) => performance.getEntriesByName(mark)[0]?.startTime, RESULTS_SHOWN_MARK);
      const shownMs = Math.round(Number(await shown.jsonValue()));
      await Promise.all(counted);
      const found = await page.locator('#search-results > li').count();
      const [coldBytes, coldRequests] = [bytes, requests];
      await page.fill('#q', second);
      const again = Date.now();
      await page.click('#search-form button[type=submit]');
      await page.locator('#search-status').filter({ hasText: second }).waitFor({ timeout: 120_000 });
      const laterMs = Date.now() - again;
      // Let the last responses finish counting.
      await page.waitForLoadState('networkidle');
      await Promise.all(counted);
      results.push({
        query,
        results: found,
        firstResultsMs: firstMs,
        resultsShownMs: shownMs,
        pageLoadMs: pageMs,
        transferredKB: Math.round(coldBytes / 1024),
        requests: coldRequests,
        second,
        laterMs,
        laterKB: Math.round((bytes - coldBytes) / 1024),
      });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

const started = Date.now();
const cms = await startTestCms({ demoArticles: 0, corpusArticles: articles });
console.log(`[bench] corpus of ${articles} articles ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
const work = await mkdtemp(path.join(tmpdir(), 'tintinh-bench-site-'));
const env = { STRAPI_URL: cms.url, STRAPI_TOKEN: cms.siteToken };
const cache = path.join(work, '.search-shards');
try {
  const first = await buildSite(path.join(work, 'first'), env, undefined, undefined, cache);
  const port = await freePort();
  const server = await serveStatic(first.outDir, port, '127.0.0.1', { cmsOrigin: cms.url });
  let queries: Awaited<ReturnType<typeof measureQueries>>;
  try {
    // The corpus starts at CORPUS_OFFSET (it was once taken as 0: the query asked for an article
    // 10,000 places from the oldest, or for none below 10,000 articles).
    const oldest = generatedArticle(CORPUS_OFFSET + articles - 1, ARCHIVE_SHAPE);
    queries = await measureQueries(server.url, [
      { query: 'dang vien', second: 'Vĩnh Lợi' },
      { query: oldest.title, second: 'nhiem vu trong tam' },
    ]);
  } finally {
    await server.close();
  }
  for (const q of queries) {
    console.log(
      `[bench] search "${q.query}": ${q.results} shown, first results after ${q.firstResultsMs} ms as the driver saw them, ${q.resultsShownMs} ms by the page's own clock (the page loaded in ${q.pageLoadMs}; CPU 4× slower, cold cache), ${q.transferredKB} kB in ${q.requests} requests; then "${q.second}" in ${q.laterMs} ms, ${q.laterKB} kB more`,
    );
  }
  await rm(first.outDir, { recursive: true, force: true });
  const second = await buildSite(path.join(work, 'second'), env, undefined, undefined, cache);
  const result = { articles, build: stepsOf(first), rebuild: stepsOf(second), queries };
  console.log(`[bench] search step: ${result.build.searchSeconds} s at ${result.build.searchPeakGiB} GiB; unchanged again: ${result.rebuild.searchSeconds} s`);
  console.log(`[bench] wrote ${await recordBench(`site-${articles}`, result)}`);
} finally {
  await rm(work, { recursive: true, force: true });
  await cms.stop();
}
