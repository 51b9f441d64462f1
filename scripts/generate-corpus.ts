/**
 * Generates a large archive for benchmarks, in batches with a progress line each. Idempotent
 * like the demo import: articles are keyed by slug, so a re-run only adds what is missing.
 *
 *   node scripts/generate-corpus.ts --articles 200000 [--batch 1000] [--offset 10000] [--via bulk|documents]
 *
 * Articles are archive-sized (16 paragraphs, ≈3 KB of Markdown, one every 15 minutes).
 * `--via documents` writes every article through the Document Service, exactly as the admin
 * would (≈50 articles/s here); `--via bulk` (the default) writes Strapi's rows directly in one
 * transaction per batch and checks the result through the Document Service.
 */
import { parseArgs } from 'node:util';
import { slugify } from '@tintinh/content-types';
import { demoCategories } from './demo/categories.ts';
import { ARCHIVE_SHAPE, CORPUS_OFFSET, generatedArticle } from './demo/corpus.ts';
import { BulkArticleWriter, type BulkArticle } from './lib/bulk-articles.ts';
import { ContentWriter } from './lib/content-writer.ts';
import { closeStrapi, loadStrapi } from './lib/strapi-app.ts';

const COVERS = 16;

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '1000' },
    offset: { type: 'string', default: String(CORPUS_OFFSET) },
    via: { type: 'string', default: 'bulk' },
  },
});
const total = Number(values.articles);
const batchSize = Number(values.batch);
const offset = Number(values.offset);
const via = values.via;
if (
  !Number.isInteger(total) ||
  total < 1 ||
  !Number.isInteger(batchSize) ||
  batchSize < 1 ||
  !Number.isInteger(offset) ||
  offset < 0 ||
  (via !== 'bulk' && via !== 'documents')
) {
  console.error('usage: generate-corpus.ts --articles N [--batch N] [--offset N] [--via bulk|documents]');
  process.exit(2);
}

const strapi = await loadStrapi();
try {
  const writer = new ContentWriter(strapi);
  const bulk = new BulkArticleWriter(strapi);
  for (const [order, c] of demoCategories.entries()) await writer.category(c.name, order + 1, c.description);
  const started = Date.now();
  let created = 0;
  let sample: { documentId: string; entry: BulkArticle } | undefined;
  for (let from = 0; from < total; from += batchSize) {
    const to = Math.min(total, from + batchSize);
    const batch = Array.from({ length: to - from }, (_, k) => {
      const article = generatedArticle(offset + from + k, ARCHIVE_SHAPE);
      return { i: from + k, article, slug: slugify(article.title) };
    });
    const existing = await bulk.existingSlugs(batch.map(({ slug }) => slug));
    const missing = batch.filter(({ slug }) => !existing.has(slug));
    if (via === 'documents') {
      for (const { i, article } of missing) {
        // Covers come from a small pool: the benchmark measures pages, not uploads.
        await writer.article({ ...article, coverSeed: i % COVERS, publish: true }, `corpus-${i % COVERS}`);
      }
    } else {
      const entries: BulkArticle[] = [];
      for (const { i, article, slug } of missing) {
        entries.push({
          ...article,
          slug,
          categoryId: await writer.categoryRowId(article.category),
          tagIds: await Promise.all(article.tags.map((t) => writer.tagRowId(t))),
          coverFileId: await writer.cover(`corpus-${i % COVERS}`, i % COVERS, article.coverCaption),
        });
      }
      const ids = await bulk.insert(entries);
      if (!sample && entries[0] && ids[0]) sample = { documentId: ids[0], entry: entries[0] };
    }
    created += missing.length;
    const seconds = (Date.now() - started) / 1000;
    console.log(`[corpus] ${to}/${total} articles (${created} new) in ${seconds.toFixed(1)} s, ${(to / seconds).toFixed(0)}/s`);
  }
  if (via === 'bulk' && created > 0) await bulk.refreshStatistics();
  if (sample) {
    await bulk.verify(sample.documentId, sample.entry);
    console.log('[corpus] bulk rows read back through the Document Service: draft and published, category, tags, cover');
  }
} finally {
  await closeStrapi(strapi);
}
