/**
 * The most-read box's counting (#13), against a real CMS: views from distinct readers give the
 * right top 10 of the last 24 hours; robots, prefetches, drafts and other sites are not counted;
 * a reader counts once an hour per article (an IPv4 address or an IPv6 /64, told apart by the
 * site's signed cookie when they carry one), so one client cannot buy the box.
 */
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOST_READ_SIZE } from '@tintinh/content-types';
import { TABLES } from '../../cms/src/database/tables.ts';
import { eventually } from '../support/eventually.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { newReader } from '../support/readers.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

const SITE_ORIGIN = 'http://localhost:4321';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const READS_PER_MINUTE = 20;
const SEED = Number(process.env.MOST_READ_SEED ?? Date.now() % 100_000);

type Top = Array<{ documentId: string; views: number }>;

describe('most-read counting', () => {
  let cms: TestCms;
  let articles: string[] = [];
  let draft = '';
  /** A story only the settling views go to (it never reaches the top: a view each time). */
  let marker = '';
  let poll = '';
  let pollOption = 0;

  const beacon = (documentId: string, init: { ip?: string; userAgent?: string; origin?: string | null; headers?: Record<string, string> } = {}) =>
    fetch(`${cms.url}/api/reads/${documentId}`, {
      method: 'POST',
      headers: {
        'x-forwarded-for': init.ip ?? newReader(),
        'user-agent': init.userAgent ?? BROWSER,
        ...(init.origin === null ? {} : { origin: init.origin ?? SITE_ORIGIN }),
        ...init.headers,
      },
    });
  /** The views of one story the CMS has written to its table. */
  const storedViews = (documentId: string): number => {
    const file = cms.env.DATABASE_FILENAME;
    if (!file) throw new Error('the test CMS runs on SQLite');
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const row = db.prepare(`SELECT COALESCE(SUM(views), 0) AS n FROM ${TABLES.reads} WHERE document_id = ?`).get(documentId);
      return Number(row?.n ?? 0);
    } finally {
      db.close();
    }
  };
  /**
   * Waits until every view answered so far is written: views are written together, in the order
   * they came, so once a marker view sent now is in the table, so is everything before it.
   */
  const settled = async () => {
    const before = storedViews(marker);
    expect((await beacon(marker)).status).toBe(204);
    await eventually(async () => storedViews(marker) > before, 'the view counter to write a marker view', 15_000, 100);
  };
  const top = async () => {
    await settled();
    const res = await requestJson<{ data: Top }>(`${cms.url}/api/reads/top`);
    expect(res.status).toBe(200);
    return res.body.data;
  };

  beforeAll(async () => {
    cms = await startTestCms({
      demoArticles: 0,
      env: { TRUSTED_PROXIES: '127.0.0.1', CORS_ORIGINS: SITE_ORIGIN, READS_PER_IP_PER_MINUTE: String(READS_PER_MINUTE) },
    });
    const newsroom = new Newsroom(cms.url, await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password));
    for (let i = 0; i < 20; i++) {
      articles.push((await newsroom.createArticle({ title: `Tin số ${i} được đọc nhiều` }, { categorySlug: 'xa-hoi', publish: true })).documentId);
    }
    marker = (await newsroom.createArticle({ title: 'Tin đánh dấu lượt ghi' }, { categorySlug: 'xa-hoi', publish: true })).documentId;
    draft = (await newsroom.createArticle({ title: 'Bản nháp không được đếm' }, { categorySlug: 'xa-hoi', publish: false })).documentId;
    poll = (await requestJson<{ data: Array<{ documentId: string }> }>(`${cms.url}/api/polls`)).body.data[0]!.documentId;
    pollOption = (await requestJson<{ data: { options: Array<{ id: number }> } }>(`${cms.url}/api/polls/${poll}/results`)).body.data.options[0]!.id;
  });

  afterAll(async () => {
    await cms?.stop();
  });

  /** A reader's signed voter cookie, as a vote on the demo-less CMS's own poll gives it. */
  const voterCookie = async () => {
    const res = await fetch(`${cms.url}/api/polls/${poll}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SITE_ORIGIN, 'x-forwarded-for': newReader() },
      body: JSON.stringify({ option: pollOption }),
    });
    expect(res.status).toBe(201);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    expect(cookies.some((c) => c.startsWith('tt_voter='))).toBe(true);
    return cookies.join('; ');
  };

  it(`gives the right top ${MOST_READ_SIZE} for 1,000 views from distinct readers (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    // Skewed like real traffic: a few stories take most of the views.
    const views = Array.from({ length: 1000 }, () => articles[Math.floor(random.next() ** 2 * articles.length)]!);
    const answers: number[] = [];
    for (let i = 0; i < views.length; i += 50) answers.push(...(await Promise.all(views.slice(i, i + 50).map(async (id) => (await beacon(id)).status))));
    expect(
      answers.filter((s) => s !== 204),
      `seed ${SEED}`,
    ).toEqual([]);

    const counts = new Map<string, number>();
    for (const id of views) counts.set(id, (counts.get(id) ?? 0) + 1);
    const expected = [...counts]
      .map(([documentId, n]) => ({ documentId, views: n }))
      .sort((a, b) => b.views - a.views || (a.documentId < b.documentId ? -1 : 1))
      .slice(0, MOST_READ_SIZE);
    expect(await top(), `seed ${SEED}`).toEqual(expected);
    articles = expected.map((e) => e.documentId);
  });

  it('does not count robots, prefetches, drafts or views posted from another site', async () => {
    const before = await top();
    const target = before[before.length - 1]!.documentId;
    expect((await beacon(target, { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })).status).toBe(204);
    expect((await beacon(target, { userAgent: 'facebookexternalhit/1.1' })).status).toBe(204);
    expect((await beacon(target, { userAgent: '' })).status).toBe(204);
    expect((await beacon(target, { headers: { 'sec-purpose': 'prefetch' } })).status).toBe(204);
    expect((await beacon(target, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await beacon(draft)).status).toBe(404);
    expect((await beacon('not-an-id!')).status).toBe(404);
    expect(await top()).toEqual(before);
    const draftCounted = (await top()).some((t) => t.documentId === draft);
    expect(draftCounted).toBe(false);
  });

  it('counts a reader once an hour per article, however many beacons one client sends', async () => {
    const before = await top();
    const target = before[before.length - 1]!.documentId;
    const views = (data: Top) => data.find((t) => t.documentId === target)?.views ?? 0;
    const ip = newReader();
    // 60 beacons in a minute from one client, any browser, no Origin needed: one view.
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await beacon(target, { ip, origin: null, userAgent: `${BROWSER} r${i}` })).status);
    expect(statuses.filter((s) => s !== 204 && s !== 429)).toEqual([]);
    let after = await top();
    expect(views(after)).toBe(views(before) + 1);
    // An IPv6 client holds a whole /64: every address in it is the same reader.
    for (let i = 1; i <= 15; i++) expect((await beacon(target, { ip: `2001:db8:77:5:${i.toString(16)}::${i}` })).status).toBe(204);
    expect(views(await top())).toBe(views(after) + 1);
    // Readers behind one address are told apart by the site's signed cookie, when they carry one.
    after = await top();
    const shared = newReader();
    const voter = await voterCookie();
    for (const cookie of [undefined, voter, voter, 'tt_voter=gia-mao; tt_voter.sig=sai', undefined]) {
      expect((await beacon(target, { ip: shared, headers: cookie ? { cookie } : {} })).status).toBe(204);
    }
    // The one without a cookie (a forged one is none) and the one with it: two readers.
    expect(views(await top())).toBe(views(after) + 2);
  });

  it('limits the beacons one address sends, across articles', async () => {
    const ip = newReader();
    const statuses: number[] = [];
    for (let i = 0; i < READS_PER_MINUTE + 5; i++) statuses.push((await beacon(articles[i % articles.length]!, { ip })).status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(READS_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });
});
