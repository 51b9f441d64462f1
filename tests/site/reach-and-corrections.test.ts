/**
 * Corrections and reach (#13), against a real CMS and a real static build: a republished story
 * with a correction note shows it on the page, in the feed and in JSON-LD without moving its
 * dateline; the Google News sitemap lists the last 48 hours and is valid against its schema;
 * the article page offers plain share links.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateline, isoVietnam } from '../../site/src/lib/dates.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { buildSiteCli, readAllOutput, readPage, SITE_URL } from '../support/site-build.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';
import { newsSitemapErrors } from '../support/xml-schema.ts';

const ARTICLE = 'api::article.article';
const HOUR = 3600_000;
const NOTE = 'Bản tin trước ghi nhầm tên xã Vĩnh Trạch thành Vĩnh Thịnh; tòa soạn xin đính chính.';

type Published = { documentId: string; slug: string; datePublished: string; correction: string | null; correctedAt: string | null; updatedAt: string };

const jsonLdOf = (html: string) => JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, unknown>;

describe('corrections, the Google News sitemap and share links', () => {
  let cms: TestCms;
  let newsroom: Newsroom;
  let outDir: string;
  let files: Map<string, string>;
  const ids: Record<'fresh' | 'day2' | 'stale' | 'corrected', string> = { fresh: '', day2: '', stale: '', corrected: '' };
  let firstPublish: Published;
  let corrected: Published;
  let republished: Published;

  const published = async (documentId: string): Promise<Published> => {
    const res = await requestJson<{ data: Published[] }>(`${cms.url}/api/articles?filters[documentId][$eq]=${documentId}`, { token: cms.siteToken });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    return res.body.data[0]!;
  };

  beforeAll(async () => {
    cms = await startTestCms({ demoArticles: 3 });
    newsroom = new Newsroom(cms.url, await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password));
    const now = Date.now();
    const create = async (title: string, ageHours: number | null) =>
      (
        await newsroom.createArticle(
          {
            title,
            lead: `Sapo: ${title}`,
            body: `Nội dung bài ${title}.`,
            ...(ageHours === null ? {} : { datePublished: new Date(now - ageHours * HOUR).toISOString() }),
          },
          { categorySlug: 'xa-hoi', publish: true },
        )
      ).documentId;
    ids.fresh = await create('Khánh thành cầu Cái Cùng mới & rộng hơn', null);
    ids.day2 = await create('Bạc Liêu đón đoàn công tác từ 47 giờ trước', 47);
    ids.stale = await create('Tin cũ hơn 49 giờ không vào sitemap tin tức', 49);
    ids.corrected = await create('Xã Vĩnh Trạch ra mắt mô hình mới', 72);
    firstPublish = await published(ids.corrected);
    await newsroom.update(ARTICLE, ids.corrected, { correction: NOTE });
    await newsroom.publish(ARTICLE, ids.corrected);
    corrected = await published(ids.corrected);
    // A later republish that leaves the note alone, and a save that tries to set the date by hand.
    await newsroom.update(ARTICLE, ids.corrected, { lead: 'Sapo đã sửa lại câu chữ', correctedAt: '2001-01-01T00:00:00.000Z' });
    await newsroom.publish(ARTICLE, ids.corrected);
    republished = await published(ids.corrected);
    outDir = await mkdtemp(path.join(tmpdir(), 'tintinh-reach-'));
    const result = await buildSiteCli(cms, outDir);
    expect(result.code, result.output).toBe(0);
    files = await readAllOutput(outDir);
  });

  afterAll(async () => {
    await cms?.stop();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('dates a correction when its note goes live, and only then; the dateline never moves', () => {
    expect(firstPublish.correctedAt).toBeNull();
    expect(corrected.correction).toBe(NOTE);
    expect(corrected.correctedAt).not.toBeNull();
    expect(Date.parse(corrected.correctedAt!)).toBeGreaterThan(Date.parse(firstPublish.updatedAt));
    expect(corrected.datePublished).toBe(firstPublish.datePublished);
    expect(republished.correctedAt).toBe(corrected.correctedAt);
    expect(republished.datePublished).toBe(firstPublish.datePublished);
  });

  it('shows the correction under the body, in the feed item and in JSON-LD', async () => {
    const html = await readPage(outDir, `/xa-hoi/${corrected.slug}/`);
    const aside = /<aside class="correction"[^>]*>([\s\S]*?)<\/aside>/.exec(html)?.[1] ?? '';
    expect(aside).toContain('<strong>Đính chính</strong>');
    expect(aside).toContain(NOTE);
    // The note's own date in Vietnam's time, computed: a pattern for 'Thứ …' failed on Sundays (Chủ Nhật).
    const correctedAt = new Date(corrected.correctedAt!);
    expect(aside).toContain(`<time datetime="${isoVietnam(correctedAt)}">${dateline(correctedAt)}</time>`);
    expect(html.indexOf('class="article-body"')).toBeLessThan(html.indexOf('class="correction"'));

    const ld = jsonLdOf(html);
    expect(ld.datePublished).toBe(new Date(Date.parse(firstPublish.datePublished) + 7 * HOUR).toISOString().replace(/\.\d{3}Z$/, '+07:00'));
    expect(Date.parse(ld.dateModified as string)).toBeGreaterThan(Date.parse(ld.datePublished as string));
    expect(Date.parse(ld.dateModified as string)).toBeGreaterThanOrEqual(Date.parse(corrected.correctedAt!) - 1000);
    expect(ld.correction).toMatchObject({ '@type': 'CorrectionComment', text: NOTE });

    const parser = new Parser({ customFields: { item: [['content:encoded', 'contentEncoded']] } });
    const feed = await parser.parseString(files.get('xa-hoi/rss.xml')!);
    const item = feed.items.find((i) => i.link === `${SITE_URL}/xa-hoi/${corrected.slug}/`) as (Parser.Item & { contentEncoded?: string }) | undefined;
    expect(item?.contentEncoded).toContain(`Đính chính`);
    expect(item?.contentEncoded).toContain(NOTE);
    // Uncorrected stories carry no note.
    const fresh = await readPage(outDir, `/xa-hoi/${(await published(ids.fresh)).slug}/`);
    expect(fresh).not.toContain('class="correction"');
  });

  it('lists the last 48 hours in a Google News sitemap that is valid against its schema', async () => {
    const xml = files.get('news-sitemap.xml')!;
    expect(await newsSitemapErrors(xml)).toEqual([]);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const urlOf = async (id: string) => `${SITE_URL}/xa-hoi/${(await published(id)).slug}/`;
    expect(locs).toEqual([await urlOf(ids.fresh), await urlOf(ids.day2)]);
    expect(xml).toContain('<news:publication><news:name>');
    expect(xml).toContain('<news:language>vi</news:language>');
    expect(xml).toContain('<news:title>Khánh thành cầu Cái Cùng mới &#38; rộng hơn</news:title>');
    const dates = [...xml.matchAll(/<news:publication_date>([^<]+)<\/news:publication_date>/g)].map((m) => m[1]!);
    expect(dates).toHaveLength(2);
    for (const d of dates) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(files.get('robots.txt')).toContain(`Sitemap: ${SITE_URL}/news-sitemap.xml`);
    expect(files.get('sitemap-index.xml')).toContain(`<loc>${SITE_URL}/news-sitemap.xml</loc>`);
  });

  it('offers Facebook, Zalo and copy-link sharing with plain links and no third-party script', async () => {
    const url = `${SITE_URL}/xa-hoi/${corrected.slug}/`;
    const html = await readPage(outDir, `/xa-hoi/${corrected.slug}/`);
    const share = /<div class="share"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(share).toContain(`href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}"`);
    const zalo = /href="(https:\/\/button-share\.zalo\.me\/share_external\?d=[^"]+)"/.exec(share)?.[1];
    expect(zalo).toBeDefined();
    const payload = JSON.parse(Buffer.from(decodeURIComponent(new URL(zalo!.replace(/&amp;/g, '&')).searchParams.get('d')!), 'base64').toString('utf8'));
    expect(payload).toEqual({ url });
    expect(share).toContain(`data-copy-link="${url}"`);
    expect(share).toMatch(/rel="noopener noreferrer nofollow"/);
    const scriptSources = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    for (const src of scriptSources) expect(src.startsWith('/'), src).toBe(true);
  });
});
