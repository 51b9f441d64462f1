/**
 * No public answer may depend on draft-only text. Strapi 5 links an entry to both the draft and
 * the published row of a draft-and-publish relation, so a reader's filter that walks a relation
 * (a comment's article's body, a category's articles) would answer "does the unpublished edit
 * contain X?". Every public read route is asked, through every relation, about a string that
 * only a draft holds and about one that nothing holds: the answers must be the same (and are
 * refused outright with 400).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { startTestCms, TEST_ADMIN, testDatabases, type TestCms } from '../support/test-cms.ts';

const DRAFT_ONLY = 'BANNHAPBIMAT';
const NOWHERE = 'KHONGCODAUCA';
/** The draft's slug holds the secret too (slugs are lower case). */
const DRAFT_SLUG = 'tieu-de-nhap-bannhapbimat';

/** Paths readers may filter on (each route's allowlist), asked about the draft-only string and about nothing. */
const ALLOWED: Record<string, string[]> = {
  articles: ['title', 'slug', 'category.slug', 'tags.slug'],
  categories: ['slug', 'name'],
  tags: ['slug', 'name'],
};

type Entry = { documentId: string; [k: string]: unknown };

/** Each public list route and the relation paths (to draft-bearing article fields) a reader might try. */
const PROBES: Record<string, string[]> = {
  comments: [
    'article.body',
    'article.title',
    'article.seoTitle',
    'article.lead',
    'article.scheduledAt',
    'article.slug',
    'article.category.articles.body',
    'article.tags.articles.body',
    'article.cover.name',
  ],
  articles: ['body', 'seoTitle', 'category.articles.body', 'tags.articles.title', 'cover.related.body', 'createdBy.email', 'localizations.body'],
  categories: ['articles.body', 'articles.title', 'articles.seoTitle'],
  tags: ['articles.body', 'articles.title'],
  polls: ['options.label', 'createdBy.email'],
  'weather-notes': ['forecast', 'createdBy.email', 'updatedBy.email'],
};

/** `a.b.c` → `filters[a][b][c][$op]=value`, and the same through $or, $not and a sort. */
function probes(path: string, value: string): string[] {
  const keys = path
    .split('.')
    .map((k) => `[${k}]`)
    .join('');
  return [
    `filters${keys}[$contains]=${value}`,
    `filters${keys}[$startsWith]=${value}`,
    `filters[$or][0]${keys}[$contains]=${value}`,
    `filters${keys}[$not][$contains]=${value}`,
    `filters${keys}=${value}`,
  ];
}

describe.each(testDatabases)('public read filters on %s', (database) => {
  let cms: TestCms;
  let admin: string;
  let newsroom: Newsroom;
  let live: Entry;
  let takenDown: Entry;
  const get = (path: string) => requestJson<{ data: unknown; error?: { message: string } }>(`${cms.url}/api/${path}`);
  const contentManager = (path: string, init: Parameters<typeof requestJson>[1] = {}) =>
    requestJson<{ data: Entry }>(`${cms.url}/content-manager/collection-types/api::article.article${path}`, { ...init, token: admin });

  beforeAll(async () => {
    cms = await startTestCms({ database, demoArticles: 2 });
    admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    newsroom = new Newsroom(cms.url, admin);
    live = await newsroom.createArticle(
      { title: 'Bài đã đăng có bình luận', lead: 'Sapo công khai', body: 'Nội dung công khai.' },
      { categorySlug: 'xa-hoi', publish: true },
    );
    await newsroom.createComment(live.documentId, 'Bạn đọc Một', 'Bình luận đã duyệt của bài còn đăng', 'approved');
    // An unpublished edit: only the draft row holds the secret string.
    const edit = await contentManager(`/${live.documentId}`, {
      method: 'PUT',
      json: {
        title: `Tiêu đề nháp ${DRAFT_ONLY}`,
        slug: DRAFT_SLUG,
        body: `Nội dung nháp ${DRAFT_ONLY}`,
        seoTitle: DRAFT_ONLY,
        lead: `Sapo ${DRAFT_ONLY}`,
        scheduledAt: '2099-01-01T00:00:00.000Z',
      },
    });
    expect(edit.status).toBe(200);
    takenDown = await newsroom.createArticle(
      { title: `Bài bị gỡ ${DRAFT_ONLY}`, body: `Nội dung bị gỡ ${DRAFT_ONLY}` },
      { categorySlug: 'xa-hoi', publish: true },
    );
    await newsroom.createComment(takenDown.documentId, 'Bạn đọc Hai', 'Bình luận đã duyệt của bài bị gỡ', 'approved');
    const unpublish = await contentManager(`/${takenDown.documentId}/actions/unpublish`, { method: 'POST', json: {} });
    expect(unpublish.status).toBe(200);
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it('answers the filters readers may use the same whether a draft holds the string or nothing does', async () => {
    const same = async (label: string, secret: string, nothing: string) => {
      const [a, b] = [await get(secret), await get(nothing)];
      expect(a.status, label).toBe(b.status);
      expect(JSON.stringify(a.body), label).toBe(JSON.stringify(b.body));
      expect(JSON.stringify(a.body), label).not.toContain(DRAFT_ONLY);
      return a;
    };
    for (const [route, paths] of Object.entries(ALLOWED)) {
      for (const path of paths) {
        const keys = path
          .split('.')
          .map((k) => `[${k}]`)
          .join('');
        for (const op of ['$eq', '$containsi', '$startsWith', '$ne']) {
          for (const value of [DRAFT_ONLY, DRAFT_SLUG]) {
            const a = await same(`${route} ${path} ${op} ${value}`, `${route}?filters${keys}[${op}]=${value}`, `${route}?filters${keys}[${op}]=${NOWHERE}`);
            expect(a.status, `${route} ${path} ${op}`).toBe(200);
          }
        }
      }
    }
    // A taken-down story's comments, by the story's id, answer like a story that never was.
    await same(
      'comments of a taken-down story',
      `comments?filters[article][documentId][$eq]=${takenDown.documentId}`,
      `comments?filters[article][documentId][$eq]=${'x'.repeat(24)}`,
    );
    // One entry by id: the taken-down one is a 404 like one that never was; the live one is its published text.
    await same('a taken-down story by id', `articles/${takenDown.documentId}`, `articles/${'x'.repeat(24)}`);
    const one = await get(`articles/${live.documentId}`);
    expect(one.status).toBe(200);
    expect(JSON.stringify(one.body)).not.toContain(DRAFT_ONLY);
    const redirects = await get('redirects');
    expect(redirects.status).toBe(200);
    expect(JSON.stringify(redirects.body)).not.toContain(DRAFT_SLUG);
  });

  it('answers poll results from the published poll only, never a draft edit or a draft poll', async () => {
    const published = ((await get('polls')).body.data as Entry[])[0]!;
    const before = await get(`polls/${published.documentId}/results`);
    expect(before.status).toBe(200);
    const edit = await requestJson(`${cms.url}/content-manager/collection-types/api::poll.poll/${published.documentId}`, {
      method: 'PUT',
      token: admin,
      json: { question: `Câu hỏi nháp ${DRAFT_ONLY}` },
    });
    expect(edit.status).toBe(200);
    const after = await get(`polls/${published.documentId}/results`);
    expect(JSON.stringify(after.body)).not.toContain(DRAFT_ONLY);
    const draft = await requestJson<{ data: Entry }>(`${cms.url}/content-manager/collection-types/api::poll.poll`, {
      method: 'POST',
      token: admin,
      json: { question: `Thăm dò nháp ${DRAFT_ONLY}`, options: [{ label: DRAFT_ONLY }, { label: 'Không' }] },
    });
    expect(draft.status).toBe(201);
    const [a, b] = [await get(`polls/${draft.body.data.documentId}/results`), await get(`polls/${'x'.repeat(24)}/results`)];
    expect(a.status).toBe(404);
    expect(JSON.stringify(a.body)).toBe(JSON.stringify(b.body));
  });

  for (const [route, paths] of Object.entries(PROBES)) {
    it(`/api/${route}: no filter or sort through a relation, and no answer that depends on a draft`, async () => {
      for (const path of paths) {
        const secret = probes(path, DRAFT_ONLY);
        const nothing = probes(path, NOWHERE);
        for (let i = 0; i < secret.length; i++) {
          const [a, b] = [await get(`${route}?${secret[i]}`), await get(`${route}?${nothing[i]}`)];
          expect(a.status, `${route}?${secret[i]}`).toBe(400);
          expect(a.body.error?.message, secret[i]).toMatch(/not allowed/);
          expect(JSON.stringify(a.body), secret[i]).toBe(JSON.stringify(b.body));
        }
        const sort = await get(`${route}?sort=${path}:asc`);
        expect(sort.status, `${route}?sort=${path}`).toBe(400);
      }
      for (const query of ['fields[0]=ipHash', 'populate[article][populate]=*', 'locale=all']) {
        const res = await get(`${route}?${query}`);
        // populate is replaced by the route's own; everything else unknown is refused.
        expect([200, 400], `${route}?${query}`).toContain(res.status);
        expect(JSON.stringify(res.body), query).not.toContain(DRAFT_ONLY);
      }
    });
  }

  it('still answers the filters the site and readers need', async () => {
    const byArticle = await get(`comments?filters[article][documentId][$eq]=${live.documentId}`);
    expect(byArticle.status).toBe(200);
    expect(JSON.stringify(byArticle.body)).toContain('Bình luận đã duyệt của bài còn đăng');
    const keyset = await get('articles?filters[id][$gt]=0&sort=id:asc&pagination[pageSize]=100&pagination[withCount]=true');
    expect(keyset.status).toBe(200);
    const byCategory = await get('articles?filters[category][slug][$eq]=xa-hoi&sort[0]=datePublished:desc');
    expect(byCategory.status).toBe(200);
    expect(JSON.stringify(byCategory.body)).toContain('Bài đã đăng có bình luận');
    // The published row answers, never the draft edit.
    expect(JSON.stringify(byCategory.body)).not.toContain(DRAFT_ONLY);
  });

  it('never lists the comments of an article that was taken down, nor the article', async () => {
    const all = await get('comments?pagination[pageSize]=100');
    expect(all.status).toBe(200);
    expect(JSON.stringify(all.body)).toContain('Bình luận đã duyệt của bài còn đăng');
    expect(JSON.stringify(all.body)).not.toContain('Bình luận đã duyệt của bài bị gỡ');
    const asked = await get(`comments?filters[article][documentId][$eq]=${takenDown.documentId}`);
    expect(asked.status).toBe(200);
    expect(asked.body.data).toEqual([]);
    const articles = await get('articles?pagination[pageSize]=100');
    expect(JSON.stringify(articles.body)).not.toContain(DRAFT_ONLY);
  });
});
