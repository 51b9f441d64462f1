/**
 * The admin's search box (#33), through the content manager's list route as the admin calls it,
 * on SQLite and PostgreSQL: a story is found by its title, lead or byline typed with or without
 * diacritics, in any case; an edit moves what finds it; the column it reads stays out of the
 * public API and cannot be written by a caller. The admin's search is blind to diacritics on purpose (editors type without them); the
 * readers' search is the one that ranks them.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Newsroom } from '../support/fixtures.ts';
import { eventually } from '../support/eventually.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { queryPlan } from '../support/query-plan.ts';
import { REVIEW_STATES } from '@tintinh/content-types';
import { startTestCms, TEST_ADMIN, testDatabases, type TestCms } from '../support/test-cms.ts';

const ARTICLE = 'api::article.article';

/**
 * The list requests an editor makes: pages in each indexed order (a deep one too), a search and
 * the review queue. Each must be answered from an index of the draft rows
 * (cms/src/database/admin-list-indexes.ts), never by reading or sorting every story, which took
 * 0.5–3 s a request at 200,000 articles. The bench (`npm run bench admin`) times them.
 */
const LIST_REQUESTS = [
  { name: 'a deep page, newest first (the default)', query: 'page=500&pageSize=10&sort=createdAt:DESC' },
  { name: 'a deep page by title', query: 'page=500&pageSize=10&sort=title:ASC' },
  { name: 'a page by last edit', query: 'page=1&pageSize=10&sort=updatedAt:DESC' },
  { name: 'a page by dateline', query: 'page=1&pageSize=10&sort=datePublished:DESC' },
  { name: 'a search', query: 'page=1&pageSize=10&sort=createdAt:DESC&_q=Vinh%20Loi' },
  { name: 'the review queue', query: `page=1&pageSize=10&sort=createdAt:DESC&filters[$and][0][reviewState][$eq]=${encodeURIComponent('Chờ duyệt')}` },
];

/**
 * The fence's own query (tags, read by slug) in Strapi's query log (DEBUG=knex:query). Only this
 * shape: a story's publish event reads its tags back in the background, after the answer, with a
 * join, and taking that read for the fence let the search before it into the list's queries.
 */
const TAGS_QUERY = /knex:query select [`"]t0[`"]\.\* from [`"]tags[`"] as [`"]t0[`"] where \([`"]t0[`"]\.[`"]slug[`"] = (?:\?|\$1)\) order by/;
/** A line of Strapi's query log for the list's page or its count. */
const LIST_QUERY = /knex:query (select .*? from [`"]articles[`"] as [`"]t0[`"] .*?)(?: trx\d+)?$/;

/**
 * A value for each placeholder of a logged query, by what precedes it: the plans are of the SQL
 * Strapi ran, with the values this test sent.
 */
function bindingsOf(sql: string, counts: boolean): Array<string | number> {
  const parts = sql.split('?').slice(0, -1);
  return parts.map((before) => {
    if (/LIKE\s*$/i.test(before)) return '%vinh loi%';
    if (/=\s*$/.test(before)) return 'Chờ duyệt';
    if (/offset\s*$/i.test(before)) return 4990;
    if (/limit\s*$/i.test(before)) return counts ? 1 : 10;
    throw new Error(`no value for the placeholder after: ${before.slice(-60)}`);
  });
}

describe.each(testDatabases)('the admin search box on %s', (database) => {
  let cms: TestCms;
  let admin: string;
  let newsroom: Newsroom;
  const marker = randomBytes(3).toString('hex');
  let story = '';

  /** The titles the article list shows for a search. */
  const search = async (q: string) => {
    const res = await requestJson<{ results: Array<{ documentId: string; title: string }>; pagination: { total: number } }>(
      `${cms.url}/content-manager/collection-types/${ARTICLE}?page=1&pageSize=50&_q=${encodeURIComponent(q)}`,
      { token: admin },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.pagination.total).toBe(res.body.results.length);
    return res.body.results.map((r) => r.documentId);
  };

  beforeAll(async () => {
    cms = await startTestCms({ database, demoArticles: 2, env: { DEBUG: 'knex:query' } });
    admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    newsroom = new Newsroom(cms.url, admin);
    story = (
      await newsroom.createArticle(
        {
          title: `Vĩnh Lợi đón mưa đầu mùa ${marker}`,
          lead: 'Nông dân huyện Hòa Bình xuống giống lúa Hè Thu.',
          body: `Đoạn thân bài chỉ có ở đây ${marker}: Đồng Xoài.`,
          byline: 'Trần Thị Thu Hà',
        },
        { categorySlug: 'xa-hoi', publish: true },
      )
    ).documentId;
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it.each([
    ['its title as written', `Vĩnh Lợi đón mưa đầu mùa ${marker}`],
    ['its title without diacritics', `vinh loi don mua dau mua ${marker}`],
    ['its title in capitals', `VĨNH LỢI ĐÓN MƯA ĐẦU MÙA ${marker.toUpperCase()}`],
    ['its title in capitals without diacritics', 'VINH LOI DON MUA'],
    ['words of its lead without diacritics', 'huyen hoa binh xuong giong'],
    ['its byline without diacritics', 'tran thi thu ha'],
    ['its title with extra spaces', '  Vĩnh   Lợi  '],
  ])('finds a story by %s', async (_case, q) => {
    expect(await search(q)).toContain(story);
  });

  it('matches what is typed, not any story: a word the story does not hold finds nothing of it', async () => {
    expect(await search(`vinh loi ${marker}x`)).not.toContain(story);
    expect(await search('vinh lai don mua')).not.toContain(story);
  });

  it('follows an edit: the new title finds the story, the old one no longer does', async () => {
    await newsroom.update(ARTICLE, story, { title: `Giá Rai mở rộng đường ${marker}` });
    expect(await search(`gia rai mo rong duong ${marker}`)).toContain(story);
    expect(await search(`vinh loi don mua dau mua ${marker}`)).not.toContain(story);
    // The lead still finds it.
    expect(await search('Hòa Bình')).toContain(story);
  });

  it('keeps the search column to itself: a caller cannot write it', async () => {
    await newsroom.update(ARTICLE, story, { searchText: `cot tim kiem gia ${marker}` });
    expect(await search(`cot tim kiem gia ${marker}`)).not.toContain(story);
    expect(await search(`gia rai mo rong duong ${marker}`)).toContain(story);
  });

  it('narrows a review filter by what is typed: the search and the filter together', async () => {
    const ask = async (state?: string) => {
      const filter = state ? `&filters[$and][0][reviewState][$eq]=${encodeURIComponent(state)}` : '';
      const res = await requestJson<{ results: Array<{ documentId: string; reviewState: string }> }>(
        `${cms.url}/content-manager/collection-types/${ARTICLE}?page=1&pageSize=50&_q=${encodeURIComponent(`gia rai mo rong duong ${marker}`)}${filter}`,
        { token: admin },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.results;
    };
    const [found] = await ask();
    expect(found?.documentId).toBe(story);
    const other = REVIEW_STATES.find((state) => state !== found?.reviewState) ?? '';
    expect((await ask(found?.reviewState)).map((r) => r.documentId)).toEqual([story]);
    expect(await ask(other)).toEqual([]);
  });

  it('saves and finds a story whose title and lead do not fold to ASCII, at their longest', async () => {
    // Three bytes a character: without a cap the search column alone would outgrow what one
    // PostgreSQL index entry holds (2,704 bytes), and the save would fail.
    // Varied characters: PostgreSQL compresses an entry of one repeated character below the limit.
    const cjk = (n: number, seed: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919 + seed) % 20000))).join('');
    const title = `${marker} ${cjk(243, 1)}`;
    const created = await newsroom.createArticle({ title, lead: cjk(1000, 2) }, { categorySlug: 'xa-hoi', publish: true });
    expect(await search(`${marker} ${cjk(3, 1)}`)).toContain(created.documentId);
  });

  /** The page and count queries Strapi ran for one list request, read from its query log. */
  const sentFor = async (query: string) => {
    const log = path.join(cms.workDir, 'cms.log');
    // The CMS's output reaches its log through this process, late when the machine is busy: an
    // earlier request's queries can land after any offset read now. A query only this fence
    // makes (tags, read by slug) marks where they end, as the CMS writes in the order it runs.
    const before = (await stat(log)).size;
    expect((await requestJson(`${cms.url}/api/tags?filters[slug][$eq]=fence`, { token: cms.siteToken })).status).toBe(200);
    let from = 0;
    await eventually(async () => {
      const text = (await readFile(log)).subarray(before).toString('utf8');
      const fence = text.search(TAGS_QUERY);
      if (fence >= 0) from = before + Buffer.byteLength(text.slice(0, fence));
      return fence >= 0;
    }, 'the fence query in the query log');
    const res = await requestJson(`${cms.url}/content-manager/collection-types/${ARTICLE}?${query}`, { token: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    let sent: string[] = [];
    await eventually(async () => {
      const lines = (await readFile(log)).subarray(from).toString('utf8').split('\n');
      sent = lines.flatMap((line) => {
        // PostgreSQL's log numbers its placeholders ($1): one spelling for both databases.
        const sql = LIST_QUERY.exec(line)?.[1]?.replace(/\$\d+/g, '?');
        return sql && (/ order by /.test(sql) || /^select count\(/.test(sql)) ? [sql] : [];
      });
      return sent.length >= 2;
    }, 'the list request in the query log');
    return sent;
  };

  it.each(LIST_REQUESTS)('answers $name from an index of the drafts, without sorting or reading every story', async ({ query }) => {
    const sent = await sentFor(query);
    expect(
      sent.filter((sql) => sql.startsWith('select count(')),
      sent.join('\n'),
    ).toHaveLength(1);
    for (const sql of sent) {
      const counts = sql.startsWith('select count(');
      const plan = await queryPlan(cms, sql, bindingsOf(sql, counts));
      expect(plan, sql).toMatch(/articles_drafts_\w+/);
      if (database === 'postgres') {
        expect(plan, sql).not.toMatch(/Seq Scan|Sort/);
        if (counts) expect(plan, sql).toMatch(/Index Only Scan/);
      } else {
        expect(plan, sql).not.toMatch(/^SCAN t0$|TEMP B-TREE/m);
        if (counts) expect(plan, sql).toMatch(/COVERING INDEX/);
      }
    }
  });

  it('never shows the search column in a public answer', async () => {
    const res = await requestJson<{ data: Array<Record<string, unknown>> }>(`${cms.url}/api/articles?filters[documentId][$eq]=${story}`);
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toBeDefined();
    expect(Object.keys(res.body.data[0] ?? {})).not.toContain('searchText');
  });
});
