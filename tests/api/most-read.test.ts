/**
 * The most-read box's counting (#13), against a real CMS: views from distinct readers give the
 * right top 10 of the last 24 hours; robots, prefetches, drafts and other sites are not counted;
 * one address cannot flood the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOST_READ_SIZE } from '@tintinh/content-types';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { newReader } from '../support/readers.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

const SITE_ORIGIN = 'http://localhost:4321';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const READS_PER_MINUTE = 20;
const SEED = Number(process.env.MOST_READ_SEED ?? Date.now() % 100_000);
/** The counter writes once a second; a read after this sees every view answered before it. */
const FLUSH_WAIT_MS = 1500;

type Top = Array<{ documentId: string; views: number }>;

describe('most-read counting', () => {
  let cms: TestCms;
  let articles: string[] = [];
  let draft = '';

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
  const top = async () => {
    await new Promise((r) => setTimeout(r, FLUSH_WAIT_MS));
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
    draft = (await newsroom.createArticle({ title: 'Bản nháp không được đếm' }, { categorySlug: 'xa-hoi', publish: false })).documentId;
  });

  afterAll(async () => {
    await cms?.stop();
  });

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

  it('limits a flood from one address', async () => {
    const before = await top();
    const target = before[before.length - 1]!.documentId;
    const ip = newReader();
    const statuses: number[] = [];
    for (let i = 0; i < READS_PER_MINUTE + 15; i++) statuses.push((await beacon(target, { ip })).status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(READS_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    const after = await top();
    expect(after.find((t) => t.documentId === target)?.views).toBe(before.find((t) => t.documentId === target)!.views + READS_PER_MINUTE);
  });
});
