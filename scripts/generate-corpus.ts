/**
 * Generates a large corpus for benchmarks through the Document Service, in batches with a
 * progress line each. Idempotent like the demo import: articles are keyed
 * by slug, so a re-run only adds what is missing.
 *
 *   node scripts/generate-corpus.ts --articles 20000 [--batch 200] [--offset 10000]
 */
import { parseArgs } from 'node:util';
import { demoCategories } from './demo/categories.ts';
import { generatedArticle } from './demo/corpus.ts';
import { ContentWriter } from './lib/content-writer.ts';
import { loadStrapi } from './lib/strapi-app.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '200' },
    // Corpus articles are numbered after the demo's, so both can live in one database.
    offset: { type: 'string', default: '10000' },
  },
});
const total = Number(values.articles);
const batchSize = Number(values.batch);
const offset = Number(values.offset);
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(batchSize) || batchSize < 1 || !Number.isInteger(offset) || offset < 0) {
  console.error('usage: generate-corpus.ts --articles N [--batch N] [--offset N] (positive integers)');
  process.exit(2);
}

const strapi = await loadStrapi();
try {
  const writer = new ContentWriter(strapi);
  for (const [order, c] of demoCategories.entries()) await writer.category(c.name, order + 1, c.description);
  const started = Date.now();
  let created = 0;
  for (let from = 0; from < total; from += batchSize) {
    const to = Math.min(total, from + batchSize);
    // Each document write is its own Document Service transaction; an outer transaction per batch
    // was faster on SQLite but left a pooled query pending at shutdown.
    for (let i = from; i < to; i++) {
      const a = generatedArticle(offset + i);
      // Covers come from a small pool: the benchmark measures pages, not uploads.
      const result = await writer.article({ ...a, coverSeed: i % 16, publish: true }, `corpus-${i % 16}`);
      if (result.created) created++;
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`[corpus] ${to}/${total} articles (${created} new) in ${seconds.toFixed(1)} s, ${(to / seconds).toFixed(0)}/s`);
  }
} finally {
  await strapi.destroy();
}
