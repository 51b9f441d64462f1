import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugify } from '@tintinh/content-types';
import { ARCHIVE_SHAPE, generatedArticle } from '../../scripts/demo/corpus.ts';
import { baseStrapiEnv } from '../../scripts/lib/cms.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { startTestCms, TEST_ADMIN, testDatabases, type TestCms } from '../support/test-cms.ts';

type Article = {
  documentId: string;
  slug: string;
  title: string;
  body: string;
  category: { slug: string };
  tags: Array<{ slug: string }>;
  cover: { formats: Record<string, unknown> } | null;
  [k: string]: unknown;
};
type List = { data: Article[]; meta: { pagination: { total: number } } };

const BULK = { articles: 30, offset: 10_000 };
const DOCUMENTS = { articles: 2, offset: 20_000 };

/** Everything about an entry except its values: which fields exist and how relations nest. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, shape(v)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  return value === null ? 'null' : typeof value;
}

// The archive benchmark's corpus is written straight into Strapi's tables; the site must read
// it exactly like articles written through the Document Service (as an editor's would be).
describe.each(testDatabases)('corpus generator on %s', (database) => {
  let cms: TestCms;
  let bulkOutput: string;

  const bySlug = async (slug: string) => {
    const res = await requestJson<List>(`${cms.url}/api/articles?filters[slug][$eq]=${slug}`, { token: cms.siteToken });
    expect(res.status).toBe(200);
    return res.body.data;
  };

  beforeAll(async () => {
    cms = await startTestCms({ database, demoArticles: 0 });
    bulkOutput = await cms.generateCorpus(BULK.articles, { via: 'bulk', offset: BULK.offset });
    // After the bulk rows: the Document Service must still be able to add articles (on
    // PostgreSQL this fails if the id sequence was left behind).
    await cms.generateCorpus(DOCUMENTS.articles, { via: 'documents', offset: DOCUMENTS.offset });
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it('publishes every bulk article with its category, tags and cover, read back through the Document Service', async () => {
    expect(bulkOutput).toContain(`${BULK.articles}/${BULK.articles} articles (${BULK.articles} new)`);
    expect(bulkOutput).toContain('read back through the Document Service');
    const expected = generatedArticle(BULK.offset + 7, ARCHIVE_SHAPE);
    const [article] = await bySlug(slugify(expected.title));
    expect(article).toMatchObject({
      title: expected.title,
      body: expected.body,
      byline: expected.byline,
      datePublished: expected.datePublished,
      category: { slug: slugify(expected.category) },
    });
    expect(article!.tags.map((t) => t.slug)).toEqual(expected.tags.map(slugify));
    expect(Object.keys(article!.cover!.formats)).toEqual(expect.arrayContaining(['thumbnail', 'small', 'small_webp']));
    expect(article!.body.split('\n\n')).toHaveLength(17);
  });

  it('gives bulk articles exactly the shape of articles written through the Document Service', async () => {
    const [bulk] = await bySlug(slugify(generatedArticle(BULK.offset + 1, ARCHIVE_SHAPE).title));
    const [viaDocuments] = await bySlug(slugify(generatedArticle(DOCUMENTS.offset + 1, ARCHIVE_SHAPE).title));
    expect(bulk).toBeDefined();
    expect(viaDocuments).toBeDefined();
    expect(shape(bulk)).toEqual(shape(viaDocuments));
  });

  it('shows bulk articles to editors as published documents, each with its draft', async () => {
    const admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const slug = slugify(generatedArticle(BULK.offset + 3, ARCHIVE_SHAPE).title);
    const res = await requestJson<{ results: Array<{ slug: string; status: string; publishedAt: string | null }> }>(
      `${cms.url}/content-manager/collection-types/api::article.article?filters[slug][$eq]=${slug}`,
      { token: admin },
    );
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    // The admin lists draft rows; "published" (not "modified") means the draft and the
    // published row are the same version, as after an editor's Publish.
    expect(res.body.results[0]).toMatchObject({ slug, status: 'published' });
  });

  it('adds nothing on a second run (articles are keyed by slug)', async () => {
    const again = await cms.generateCorpus(BULK.articles, { via: 'bulk', offset: BULK.offset });
    expect(again).toContain(`${BULK.articles}/${BULK.articles} articles (0 new)`);
    const res = await requestJson<List>(`${cms.url}/api/articles?pagination[pageSize]=1`, { token: cms.siteToken });
    expect(res.body.meta.pagination.total).toBe(1 + BULK.articles + DOCUMENTS.articles);
  });

  it('closes an operator script only after Strapi has emitted the events of its writes', async () => {
    // Made to fail on purpose: with `strapi.destroy()` in place of `closeStrapi`, 19/20 on
    // PostgreSQL (SQLite happened to keep up).
    const writes = 20;
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'tests', 'support', 'events-before-close.ts'), String(writes)], {
      cwd: repoRoot,
      env: { ...baseStrapiEnv(), ...cms.env },
    });
    expect(stdout).toContain(`[events-before-close] ${writes}/${writes} events emitted before close`);
  });
});
