import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { seedArticle } from '../../scripts/demo/seed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugify } from '@tintinh/content-types';
import { foldVietnamese } from '../../site/src/lib/fold.ts';
import type { Browser } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../publisher/static-server.ts';
import { launchChromium, outputDir as screenshotDir } from '../support/browser.ts';
import { SEARCH_PRELOADS, watchSearchPage } from '../support/search-page.ts';
import { generatedArticle } from '../../scripts/demo/corpus.ts';
import { Newsroom } from '../support/fixtures.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { adminToken } from '../support/http.ts';
import { buildSiteCli, readAllOutput, readPage, SITE_URL } from '../support/site-build.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';
import { XSS } from '../support/xss.ts';
import { activeContentIn, siteFrames, siteScripts } from '../support/xss-check.ts';

// 170 generated articles put 22 (+ the seed) in "Hoạt động lãnh đạo": two listing pages.
const DEMO_ARTICLES = 170;
const DRAFT_MARKER = 'BAN-NHAP-NOI-BO-KHONG-CONG-BO';
const DRAFT_SLUG = slugify('Dự thảo kế hoạch nhân sự năm 2022 (chưa duyệt)');
const SEED = '/hoat-dong-lanh-dao/ca-nuoc-co-5248607-dang-vien/';
const seedParagraphs = seedArticle.paragraphs;
/** The oldest article of the archive, alone in its year; this sentence is nowhere else. */
const OLDEST = {
  title: 'Khởi công cống ngăn mặn',
  lead: 'Công trình thủy lợi đầu tiên của huyện.',
  body: 'Đoạn đê bao dọc kênh Cái Cùng được đắp cao thêm nửa mét trước mùa khô.',
  datePublished: '2010-04-02T02:00:00.000Z',
};
/**
 * Ranking cases for the search page: each query, and the fixture titles in the order they must
 * be listed (not necessarily adjacent). Their bodies share rare words so other articles stay out.
 */
const RANKING_FIXTURES = [
  { title: 'Hàng đường xoài cát trước nhà văn hóa', body: 'Bà con trồng xoài cát.', datePublished: '2020-05-01T02:00:00.000Z' },
  { title: 'Hàng dương xoài cát ven biển', body: 'Bà con trồng xoài cát.', datePublished: '2020-05-02T02:00:00.000Z' },
  { title: 'Khánh thành cầu Kênh Xáng Phụng Hiệp', body: 'Người dân phấn khởi.', datePublished: '2019-05-01T02:00:00.000Z' },
  { title: 'Tin vắn trong tuần', body: 'Tuần qua, cầu Kênh Xáng Phụng Hiệp được sửa chữa.', datePublished: '2019-06-01T02:00:00.000Z' },
  { title: 'Thu hoạch lúa mùa ở Phước Long', body: 'Nông dân Phước Long thu hoạch lúa mùa.', datePublished: '2018-03-01T02:00:00.000Z' },
  { title: 'Thu hoạch lúa mùa ở Phước Long', body: 'Nông dân Phước Long thu hoạch lúa mùa.', datePublished: '2018-09-01T02:00:00.000Z' },
];
const RANKING = [
  { query: 'đường xoài', order: ['Hàng đường xoài cát trước nhà văn hóa', 'Hàng dương xoài cát ven biển'], why: 'exact diacritics before folded' },
  { query: 'dương xoài', order: ['Hàng dương xoài cát ven biển', 'Hàng đường xoài cát trước nhà văn hóa'], why: 'exact diacritics before folded' },
  { query: 'duong xoai', order: null, why: 'typed without diacritics, both found' },
  { query: 'Kênh Xáng Phụng Hiệp', order: ['Khánh thành cầu Kênh Xáng Phụng Hiệp', 'Tin vắn trong tuần'], why: 'title before body' },
  { query: 'lúa mùa Phước Long', order: ['2018-09', '2018-03'], why: 'newer before older at equal relevance' },
];

const decode = (html: string) =>
  html
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const listedLinks = (html: string, listClass = 'article-list') => {
  const list = new RegExp(`<ol class="${listClass}"[^>]*>([\\s\\S]*?)</ol>`).exec(html)?.[1] ?? '';
  return [...list.matchAll(/<h[23] class="card-title"[^>]*><a href="([^"]+)"/g)].map((m) => m[1]!);
};

/** '2018-09' → '/09/2018 |', as the dateline shows a month. */
const dateShown = (yearMonth: string) => (/^\d{4}-\d{2}$/.test(yearMonth) ? `/${yearMonth.slice(5)}/${yearMonth.slice(0, 4)} |` : yearMonth);

describe('static site build against a real CMS', () => {
  let cms: TestCms;
  let outDir: string;
  let files: Map<string, string>;
  let xssUrl: string;
  /** Where the browser tests serve the build: the CMS takes posts (votes, read beacons) from there only. */
  let sitePort: number;
  const scratch: string[] = [];

  beforeAll(async () => {
    sitePort = await freePort();
    cms = await startTestCms({ demoArticles: DEMO_ARTICLES, env: { CORS_ORIGINS: `http://127.0.0.1:${sitePort}` } });
    const newsroom = new Newsroom(cms.url, await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password));
    const xss = await newsroom.createArticle(
      { title: XSS.title, lead: XSS.lead, body: XSS.body, coverCaption: XSS.caption, byline: XSS.byline, datePublished: '2021-06-01T03:00:00.000Z' },
      { categorySlug: 'xa-hoi', publish: true },
    );
    xssUrl = `/xa-hoi/${xss.slug as string}/`;
    await newsroom.createArticle({ title: 'Bài tạm để lấy bình luận' }, { categorySlug: 'xa-hoi', publish: false });
    await newsroom.createArticle(OLDEST, { categorySlug: 'kinh-te', publish: true });
    for (const fixture of RANKING_FIXTURES) await newsroom.createArticle(fixture, { categorySlug: 'xa-hoi', publish: true });
    outDir = await mkdtemp(path.join(tmpdir(), 'tintinh-site-'));
    scratch.push(outDir);
    const result = await buildSiteCli(cms, outDir);
    expect(result.code, result.output).toBe(0);
    files = await readAllOutput(outDir);
  });

  afterAll(async () => {
    await cms?.stop();
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });

  it('renders the seed article like the model page', async () => {
    const html = await readPage(outDir, SEED);
    expect(html).toContain('<html lang="vi">');
    expect(html).toMatch(/<p class="category-header"[^>]*><a href="\/hoat-dong-lanh-dao\/"[^>]*>Hoạt động lãnh đạo<\/a><\/p>/);
    expect(html).toMatch(/<h1 class="article-title"[^>]*>Cả nước có 5\.248\.607 đảng viên<\/h1>/);
    expect(html).toContain('>Thứ Năm, 13/01/2022 | 16:37</time>');
    expect(html).toContain('<figcaption>Hội nghị tại điểm cầu Bạc Liêu.</figcaption>');
    expect(seedParagraphs).toHaveLength(8);
    for (const p of seedParagraphs) expect(decode(html), p.slice(0, 40)).toContain(p);
    expect(html).toContain('<p class="byline">Tin, ảnh: N.Q</p>');
    expect(html).toContain('Viết bình luận mới');
    expect(html).toContain('thăm dò ý kiến');
    expect(html).toContain('Theo bạn, điều gì có thể giữ chân và thu hút người tài vào khu vực công?');
    expect(html).toContain('THÔNG TIN CẦN BIẾT');
    expect(html).toContain('Gió tây nam cấp 3.');
    expect(html).toMatch(
      /<img src="http:\/\/127\.0\.0\.1:\d+\/uploads\/[^"]+" srcset="[^"]+ 245w, [^"]+" sizes="[^"]+" width="1000" height="625" alt="Hội nghị tại điểm cầu Bạc Liêu\."/,
    );
    expect(html).toMatch(/<picture><source type="image\/webp" srcset="[^"]+_webp_[^"]+\.webp 500w, [^"]+ 750w, [^"]+ 1000w, [^"]+ 1600w"/);
    expect(html).toContain('"@type":"NewsArticle"');
    expect(html).toContain(`<link rel="canonical" href="${SITE_URL}${SEED}">`);
    expect(html).toContain('<meta property="og:image" content="http://127.0.0.1:');
    expect(html).toContain('type="application/rss+xml"');
  });

  it('lists the home page: featured story, then the latest news newest first', async () => {
    const html = await readPage(outDir, '/');
    expect(html).toMatch(/<section class="featured"[\s\S]*?href="\/hoat-dong-lanh-dao\/ca-nuoc-co-5248607-dang-vien\/"/);
    const latest = listedLinks(html);
    expect(latest).toHaveLength(10);
    expect(latest).not.toContain(SEED);
    // Generated article i is dated i × 5 h before 13/01/2022 08:00; the seed (featured) is newer.
    expect(latest[0]).toBe(`/${slugify('Hoạt động lãnh đạo')}/${slugify('Bí thư Tỉnh ủy làm việc với Đảng ủy thành phố Bạc Liêu')}/`);
    for (const block of ['hoat-dong-lanh-dao', 'chinh-tri', 'kinh-te', 'the-thao']) expect(html).toContain(`id="block-${block}"`);
  });

  it('pages a category from its oldest article: a front page of the newest 20, numbered pages that stay put', async () => {
    const [frontHtml, html1, html2] = await Promise.all([
      readPage(outDir, '/hoat-dong-lanh-dao/'),
      readPage(outDir, '/hoat-dong-lanh-dao/trang/1/'),
      readPage(outDir, '/hoat-dong-lanh-dao/trang/2/'),
    ]);
    const [front, page1, page2] = [listedLinks(frontHtml), listedLinks(html1), listedLinks(html2)];
    expect(front).toHaveLength(20);
    expect(front[0]).toBe(SEED);
    // 23 articles: page 1 holds the oldest 20, page 2 the newest 3.
    expect(page1).toHaveLength(20);
    expect(page2).toEqual(front.slice(0, 3));
    expect(new Set([...page1, ...page2]).size).toBe(23);
    expect(page1).toEqual(expect.arrayContaining(front.slice(3)));
    expect(files.has('hoat-dong-lanh-dao/trang/3/index.html')).toBe(false);
    expect(frontHtml).toContain('rel="next" href="/hoat-dong-lanh-dao/trang/1/"');
    expect(html2).toContain('rel="prev" href="/hoat-dong-lanh-dao/"');
    expect(html2).toContain('rel="next" href="/hoat-dong-lanh-dao/trang/1/"');
    expect(html1).toContain('rel="prev" href="/hoat-dong-lanh-dao/trang/2/"');
    expect(html1).not.toContain('rel="next"');
    // Newest first within every page.
    for (const html of [frontHtml, html1, html2]) {
      const list = /<ol class="article-list"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
      const dates = [...list.matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]!));
      expect(dates.length).toBeGreaterThan(2);
      for (let i = 1; i < dates.length; i++) expect(dates[i]!).toBeLessThan(dates[i - 1]!);
    }
  });

  it('shows related articles from the same category, the nearest in time', async () => {
    const related = async (url: string) => {
      const list = /<ul class="related-list"[^>]*>([\s\S]*?)<\/ul>/.exec(await readPage(outDir, url))?.[1] ?? '';
      return [...list.matchAll(/class="card-title"[^>]*><a href="([^"]+)"/g)].map((m) => m[1]!);
    };
    const category = listedLinks(await readPage(outDir, '/hoat-dong-lanh-dao/'));
    // The newest article's neighbours are the next five; a middle one has two newer, three older.
    expect(await related(SEED)).toEqual(category.slice(1, 6));
    expect(await related(category[10]!)).toEqual([...category.slice(8, 10), ...category.slice(11, 14)]);
  });

  it('lists tag pages with the articles that carry the tag', async () => {
    const html = await readPage(outDir, '/the/xay-dung-dang/');
    expect(listedLinks(html)).toEqual([SEED]);
    const bacLieu = listedLinks(await readPage(outDir, '/the/bac-lieu/'));
    expect(bacLieu[0]).toBe(SEED);
  });

  it('never lets a draft reach any output file', () => {
    expect(files.size).toBeGreaterThan(200);
    for (const [file, text] of files) {
      expect(text.includes(DRAFT_MARKER), file).toBe(false);
      expect(text.includes(DRAFT_SLUG), file).toBe(false);
      expect(text.includes('Bài tạm để lấy bình luận'), file).toBe(false);
    }
    expect(files.get('sitemap-0.xml')).toContain(`${SITE_URL}${SEED}`);
  });

  it('renders XSS payloads inert in pages', async () => {
    const html = await readPage(outDir, xssUrl);
    expect(html).toContain('Đoạn mở đầu an toàn.');
    expect(html).toContain('Đoạn kết an toàn.');
    const cmsImages = new RegExp(`^${cms.url}/uploads/`);
    for (const page of [xssUrl, '/', '/xa-hoi/', '/tim-kiem/']) {
      expect(activeContentIn(await readPage(outDir, page), { allowScript: siteScripts, allowFrame: siteFrames, imageOrigin: cmsImages }), page).toEqual([]);
    }
    // The text survives as text: the reader sees what the author typed, nothing runs.
    expect(decode(html)).toContain('<title>Tin thử &lt;script&gt;');
  });

  it('publishes feeds that parse, validate as RSS 2.0 and carry full sanitized content', async () => {
    const parser = new Parser({ customFields: { item: [['content:encoded', 'contentEncoded']] } });
    const feeds = [...files.keys()].filter((f) => f.endsWith('rss.xml'));
    expect(feeds.sort()).toEqual([
      'chinh-tri/rss.xml',
      'giao-duc/rss.xml',
      'hoat-dong-lanh-dao/rss.xml',
      'kinh-te/rss.xml',
      'nong-nghiep-nong-thon/rss.xml',
      'rss.xml',
      'the-thao/rss.xml',
      'van-hoa-du-lich/rss.xml',
      'xa-hoi/rss.xml',
    ]);
    for (const name of feeds) {
      const xml = files.get(name)!;
      expect(XMLValidator.validate(xml), name).toBe(true);
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><rss version="2.0"/);
      const feed = await parser.parseString(xml);
      expect(feed.title && feed.link && feed.description, name).toBeTruthy();
      const dates = feed.items.map((i) => Date.parse(i.pubDate!));
      expect(dates, name).toEqual([...dates].sort((a, b) => b - a));
      for (const item of feed.items) {
        expect(item.pubDate, name).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0700$/);
        expect(item.guid).toBe(item.link);
        expect(item.link!.startsWith(`${SITE_URL}/`)).toBe(true);
        expect(
          activeContentIn((item as { contentEncoded?: string }).contentEncoded ?? '', { fragment: true, imageOrigin: new RegExp(`^${cms.url}/uploads/`) }),
          `${name} ${item.title}`,
        ).toEqual([]);
      }
    }
    const main = await parser.parseString(files.get('rss.xml')!);
    expect(main.items).toHaveLength(50);
    const seed = main.items[0]! as Parser.Item & { contentEncoded: string; enclosure?: { url: string; type?: string; length?: string } };
    expect(seed.title).toBe('Cả nước có 5.248.607 đảng viên');
    expect(seed.pubDate).toBe('Thu, 13 Jan 2022 16:37:00 +0700');
    expect(seed.categories).toEqual(['Hoạt động lãnh đạo']);
    expect(seed.contentSnippet ?? seed.content).toBeDefined();
    for (const p of seedParagraphs) expect(seed.contentEncoded).toContain(p);
    expect(seed.contentEncoded).toContain('Tin, ảnh: N.Q');
    expect(seed.enclosure?.type).toBe('image/jpeg');
    expect(Number(seed.enclosure?.length)).toBeGreaterThan(0);
    const category = await parser.parseString(files.get('hoat-dong-lanh-dao/rss.xml')!);
    expect(category.items).toHaveLength(23);
    expect(category.items.every((i) => i.categories?.[0] === 'Hoạt động lãnh đạo')).toBe(true);
  });

  it('indexes every article in full text with its own diacritics, numbered by year, and ships no copy for the indexer', () => {
    const years = JSON.parse(files.get('search/years.json')!) as { years: Array<{ year: string; from: number; to: number }>; categories: string[] };
    expect(years.years.map((y) => y.year)).toEqual(['2022', '2021', '2020', '2019', '2018', '2010']);
    expect(years.categories).toContain('Hoạt động lãnh đạo');
    const yearOf = (n: number) => years.years.find((y) => n >= y.from && n < y.to)?.year;
    const fragments = [...files]
      .filter(([name]) => /^search\/d\/\d+\.json$/.test(name))
      .map(([name, text]) => ({
        year: yearOf(Number(/(\d+)\.json$/.exec(name)![1])),
        ...(JSON.parse(text) as { url: string; title: string; category: string; dateline: string; published: string; text: string }),
      }));
    expect(fragments.length).toBe(DEMO_ARTICLES + 3 + RANKING_FIXTURES.length); // the generated ones, the seed, the XSS fixture, the oldest
    const seed = fragments.find((f) => f.url === SEED)!;
    expect(seed.year).toBe('2022');
    expect(seed.text).toContain('Toàn Đảng có 51.900 tổ chức cơ sở đảng');
    expect(seed.text).not.toContain('Toan Dang');
    expect(seed).toMatchObject({
      title: 'Cả nước có 5.248.607 đảng viên',
      category: 'Hoạt động lãnh đạo',
      dateline: 'Thứ Năm, 13/01/2022 | 16:37',
      published: '2022-01-13T16:37:00+07:00',
    });
    // The category header, dateline and tags are not the article's text.
    expect(seed.text).not.toContain('Thứ Năm, 13/01/2022');
    const oldest = fragments.find((f) => f.text.includes(OLDEST.body))!;
    expect(oldest.year).toBe('2010');
    const oldestGenerated = generatedArticle(DEMO_ARTICLES - 1);
    const generated = fragments.find((f) => f.url === `/${slugify(oldestGenerated.category)}/${slugify(oldestGenerated.title)}/`)!;
    expect(generated.text).toContain('tiếp tục triển khai các nhiệm vụ trọng tâm');
    // No page carries a hidden copy of its text for the indexer.
    for (const [name, html] of files)
      if (name.endsWith('.html')) expect(html, name).not.toMatch(/aria-hidden="true"[^>]*data-search-body|visually-hidden[^>]*data-search/);
  });

  it('writes brotli and gzip twins of every text file, pages included, that decode to it byte for byte', async () => {
    let checked = 0;
    let pages = 0;
    for (const e of await readdir(outDir, { withFileTypes: true, recursive: true })) {
      const file = path.join(e.parentPath, e.name);
      if (!e.isFile() || !/\.(html|xml|txt|json|css|js|mjs|svg|bin)$/.test(e.name) || path.relative(outDir, file).startsWith('.server')) continue;
      const bytes = await readFile(file);
      const twins = await Promise.all([readFile(`${file}.br`).catch(() => null), readFile(`${file}.gz`).catch(() => null)]);
      if (bytes.length < 512) {
        // Too small to gain from compression.
        expect(twins, file).toEqual([null, null]);
        continue;
      }
      // Served as they are by nginx's brotli_static and gzip_static (publisher/nginx-site.ts).
      expect(brotliDecompressSync(twins[0]!).equals(bytes), `${file}.br`).toBe(true);
      expect(gunzipSync(twins[1]!).equals(bytes), `${file}.gz`).toBe(true);
      checked++;
      if (file.endsWith('.html')) pages++;
    }
    // Feeds, sitemaps, scripts, the search index and result files, and the pages.
    expect(checked).toBeGreaterThan(55);
    expect(pages).toBeGreaterThan(50);
  });

  it('writes robots.txt, a sitemap index and a 404 page', () => {
    expect(files.get('robots.txt')).toContain(`Sitemap: ${SITE_URL}/sitemap-index.xml`);
    expect(files.get('sitemap-index.xml')).toContain(`${SITE_URL}/sitemap-0.xml`);
    expect(files.get('404.html')).toContain('Không tìm thấy trang');
  });

  it('fails quickly with a one-line reason when the CMS is unreachable', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tintinh-site-down-'));
    scratch.push(dir);
    const result = await buildSiteCli({ url: 'http://127.0.0.1:9', siteToken: cms.siteToken }, dir);
    expect(result.code).not.toBe(0);
    expect(result.seconds).toBeLessThan(30);
    expect(result.output.trim().split('\n')).toHaveLength(1);
    expect(result.output).toMatch(/unreachable/);
  });

  it('fails with a clear reason when the token is refused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tintinh-site-token-'));
    scratch.push(dir);
    const result = await buildSiteCli({ url: cms.url, siteToken: 'not-a-token' }, dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/refused the site token/);
  });

  it('fails the build naming the entry and field when an entry is invalid, leaving no site', async () => {
    // Simulates corrupt data (a legacy import, a hand edit in the database): Strapi's own
    // validation would never let this slug in.
    const db = new DatabaseSync(cms.env.DATABASE_FILENAME!, { timeout: 10_000 });
    db.prepare("UPDATE articles SET slug = 'Sai Slug/..' WHERE slug = ?").run('ca-nuoc-co-5248607-dang-vien');
    db.close();
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tintinh-site-bad-')), 'out');
    scratch.push(path.dirname(dir));
    try {
      const result = await buildSiteCli(cms, dir);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/Invalid article "Sai Slug\/\.\." *: field "slug"|Invalid article "Sai Slug\/\.\.": field "slug"/);
    } finally {
      const restore = new DatabaseSync(cms.env.DATABASE_FILENAME!, { timeout: 10_000 });
      restore.prepare("UPDATE articles SET slug = 'ca-nuoc-co-5248607-dang-vien' WHERE slug = 'Sai Slug/..'").run();
      restore.close();
    }
  });

  describe('in a real browser, served over HTTP', () => {
    let server: StaticServer;
    let browser: Browser;

    beforeAll(async () => {
      server = await serveStatic(outDir, sitePort, '127.0.0.1', { cmsOrigin: cms.url });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const viewport of [
      { name: 'desktop', width: 1280, height: 900 },
      { name: 'mobile', width: 390, height: 844 },
    ]) {
      it(`shows the home and the seed article without errors, images loaded (${viewport.name})`, async () => {
        const page = await browser.newPage({ viewport });
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(e.message));
        for (const [route, name] of [
          ['/', 'home'],
          [SEED, 'article'],
        ] as const) {
          await page.goto(`${server.url}${route}`, { waitUntil: 'networkidle' });
          // Lazy images below the fold load once scrolled into view.
          await page.evaluate(async () => {
            for (const img of Array.from(document.images)) img.loading = 'eager';
            await Promise.all(
              Array.from(document.images).map((img) => (img.complete ? null : new Promise((r) => img.addEventListener('load', r, { once: true })))),
            );
          });
          const broken = await page.evaluate(() =>
            Array.from(document.images)
              .filter((i) => i.naturalWidth === 0)
              .map((i) => i.src),
          );
          expect(broken, route).toEqual([]);
          expect(await page.evaluate(() => document.images.length), route).toBeGreaterThan(0);
          await page.screenshot({ path: path.join(screenshotDir, `site-${name}-${viewport.name}.png`), fullPage: name === 'article' });
        }
        expect(await page.locator('h1.article-title').textContent()).toBe('Cả nước có 5.248.607 đảng viên');
        expect(errors).toEqual([]);
        await page.close();
      });
    }

    /** The search page's results for `query` (with `extra` address parameters): title, meta line, excerpt's marked words. */
    async function searchResults(query: string, extra = '', more = 0) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const watched = watchSearchPage(page);
      await page.goto(`${server.url}/tim-kiem/?q=${encodeURIComponent(query)}${extra}`);
      await page
        .locator('#search-status')
        .filter({ hasText: /kết quả/ })
        .waitFor({ timeout: 15_000 });
      for (let k = 0; k < more; k++) {
        const before = await page.locator('#search-results > li').count();
        await page.locator('#search-more').click();
        await page.waitForFunction((n) => document.querySelectorAll('#search-results > li').length > n, before);
      }
      const results = await page.locator('#search-results > li').evaluateAll((items) =>
        items.map((li) => ({
          href: li.querySelector('a')?.getAttribute('href') ?? '',
          title: li.querySelector('a')?.textContent ?? '',
          about: li.querySelector('.search-result-meta')?.textContent ?? '',
          marked: [...li.querySelectorAll('mark')].map((m) => m.textContent ?? ''),
          text: li.textContent ?? '',
        })),
      );
      const moreShown = await page.locator('#search-more').isVisible();
      await page.close();
      expect(errors).toEqual([]);
      // A full build's tree has every file the page preloads (an empty change list among them).
      expect(watched.asked).toEqual(expect.arrayContaining(SEARCH_PRELOADS));
      expect(watched.missingPreloads).toEqual([]);
      return { results, moreShown };
    }

    it('finds the seed article when searching "dang vien" without diacritics, and shows its own words', async () => {
      const { results } = await searchResults('dang vien');
      const seed = results.find((r) => r.href === SEED);
      expect(seed, JSON.stringify(results.slice(0, 3))).toBeDefined();
      expect(seed!.title).toBe('Cả nước có 5.248.607 đảng viên');
      expect(seed!.about).toBe('Hoạt động lãnh đạo · Thứ Năm, 13/01/2022 | 16:37');
      // The excerpt is the article's own text, the matched words marked as written there.
      expect(seed!.marked.map((w) => w.toLowerCase())).toContain('đảng');
      expect(seed!.text).not.toMatch(/dang vien/i);
    });

    it.each([{ query: OLDEST.body.slice(0, -1) }, { query: foldVietnamese(OLDEST.body.slice(0, -1)).toLowerCase() }])(
      'finds the oldest article of the archive by a sentence of its body alone: "$query"',
      async ({ query }) => {
        const { results } = await searchResults(query);
        expect(results[0]?.title).toBe(OLDEST.title);
        expect(results[0]?.about).toContain('2010');
      },
    );

    it.each(RANKING)('ranks "$query": $why', async ({ query, order }) => {
      const { results } = await searchResults(query);
      const titles = results.map((r) => `${r.title} ${r.about}`);
      if (order === null) {
        expect(titles.filter((t) => t.includes('xoài cát'))).toHaveLength(2);
        return;
      }
      const positions = order.map((wanted) => titles.findIndex((t) => t.includes(wanted) || t.includes(dateShown(wanted))));
      expect(
        positions.every((p) => p >= 0),
        `${order.join(' | ')} in ${titles.join(' | ')}`,
      ).toBe(true);
      expect(positions, titles.join(' | ')).toEqual([...positions].sort((a, b) => a - b));
    });

    it('filters by category and by year, and reaches results past the first twenty', async () => {
      // Every generated article's body says "địa phương": far more than twenty.
      const all = await searchResults('địa phương', '', 2);
      expect(all.results.length).toBe(60);
      expect(new Set(all.results.map((r) => r.href)).size).toBe(60);
      expect(all.moreShown).toBe(true);
      const inCategory = await searchResults('địa phương', `&chuyen-muc=${encodeURIComponent('Hoạt động lãnh đạo')}`);
      expect(inCategory.results.length).toBeGreaterThan(0);
      expect(inCategory.results.every((r) => r.about.startsWith('Hoạt động lãnh đạo ·'))).toBe(true);
      const inYear = await searchResults('địa phương', '&nam=2021');
      expect(inYear.results.length).toBeGreaterThan(0);
      expect(inYear.results.every((r) => r.about.includes('/2021 |'))).toBe(true);
    });

    it("places a query's first ten results before the rest of its page have arrived", async () => {
      const page = await browser.newPage();
      // Result files after the tenth asked are held until the first ten are on the page.
      const asked: string[] = [];
      const held: Array<() => Promise<void>> = [];
      let holding = true;
      await page.route('**/search/d/*.json', async (route) => {
        asked.push(route.request().url());
        if (asked.length <= 10 || !holding) await route.continue();
        else held.push(() => route.continue());
      });
      await page.goto(`${server.url}/tim-kiem/?q=${encodeURIComponent('địa phương')}`);
      await page.waitForFunction(() => document.querySelectorAll('#search-results > li').length >= 10);
      expect(held.length).toBeGreaterThan(0);
      expect(await page.locator('#search-results > li').count()).toBe(10);
      // The count and "more" come with the whole page.
      expect(await page.locator('#search-status').textContent()).not.toMatch(/kết quả/);
      expect(await page.locator('#search-more').isVisible()).toBe(false);
      holding = false;
      await Promise.all(held.map((release) => release()));
      await page
        .locator('#search-status')
        .filter({ hasText: /^20 kết quả/ })
        .waitFor({ timeout: 15_000 });
      expect(await page.locator('#search-results > li').count()).toBe(20);
      await page.close();
    });

    it('runs no author-supplied script on the XSS fixture page', async () => {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${server.url}${xssUrl}`, { waitUntil: 'networkidle' });
      await page.mouse.click(200, 400);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
      await page.close();
    });

    it('answers unknown paths with the 404 page', async () => {
      const res = await fetch(`${server.url}/khong-ton-tai/`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Không tìm thấy trang');
    });
  });
});
