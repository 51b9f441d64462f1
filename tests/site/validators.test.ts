/**
 * The site's pages are valid and accessible: 0 errors from html-validate and from the Nu Html
 * Checker, 0 axe violations (WCAG 2.1 A and AA, and best practices) at a desktop and a mobile
 * width, on every kind of page readers meet (home, article, category, tag, search, most-read),
 * as a full build writes them and as an incremental publish writes them (the publisher's render
 * host, after a new story and a comment are published). The validators: tests/support/validators.ts.
 */
import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { articlePath, slugify } from '@tintinh/content-types';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../publisher/lib/ports.ts';
import { startRenderHost, type RenderHost } from '../../publisher/render-host-process.ts';
import { serveStatic, type StaticServer } from '../../publisher/static-server.ts';
import { seedArticle } from '../../scripts/demo/seed.ts';
import { outputFile } from '../../site/src/lib/urls.ts';
import { launchChromium } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { newReader } from '../support/readers.ts';
import { buildSiteCli, SITE_URL } from '../support/site-build.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';
import { axeFindings, type CheckedPage, describeFinding, htmlValidateFindings, nuFindings } from '../support/validators.ts';

const CATEGORY = 'xa-hoi';
const TAG = slugify('Chuyển đổi số');
/** A word of the full build's story: the search page is checked with its results shown. */
const SEARCH_QUERY = 'tiep can';
/** The most-read box counts browsers only. */
const READER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

/** A story with what an article page can show: lead, body, tags, a correction, a comment. */
const story = (title: string, tagId: string) => ({
  title,
  lead: `Sapo: ${title.toLowerCase()}, kiểm tra khả năng tiếp cận của trang.`,
  body: 'Đoạn mở đầu.\n\n## Diễn biến\n\nNội dung có **chữ đậm**, [một liên kết](https://baclieu.gov.vn/) và danh sách:\n\n- ý thứ nhất\n- ý thứ hai',
  byline: 'Tin: Phóng viên',
  correction: 'Bài viết ghi nhầm ngày họp, đã sửa lại.',
  tags: { connect: [{ documentId: tagId }] },
});

/** The file a page of `tree` is written to, which must exist. */
async function pageFile(tree: string, route: string): Promise<string> {
  const file = path.join(tree, outputFile(route));
  if (!(await stat(file).catch(() => null))?.isFile()) throw new Error(`${route} is not in ${tree}`);
  return file;
}

describe('every kind of page passes html-validate, the Nu Html Checker and axe, built in full and incrementally', () => {
  let cms: TestCms;
  let host: RenderHost;
  let browser: Browser;
  const servers: StaticServer[] = [];
  let work = '';
  const pages: CheckedPage[] = [];

  /** The six kinds of page of `tree`, served at `base`; `articles` are the article pages to check. */
  const pagesOf = async (tree: string, base: string, label: string, articles: string[]) => {
    const routes: Array<[string, string]> = [
      ['home', '/'],
      ...articles.map((route): [string, string] => ['article', route]),
      ['category', `/${CATEGORY}/`],
      ['tag', `/the/${TAG}/`],
      ['search', '/tim-kiem/'],
      ['most-read', '/doc-nhieu/'],
    ];
    for (const [kind, route] of routes) {
      const search = kind === 'search';
      pages.push({
        label: `${label}: ${kind} ${route}`,
        file: await pageFile(tree, route),
        url: `${base}${route}${search ? `?q=${encodeURIComponent(SEARCH_QUERY)}` : ''}`,
        waitFor: search ? '#search-results li' : undefined,
      });
    }
  };

  beforeAll(async () => {
    cms = await startTestCms({ demoArticles: 12, env: { TRUSTED_PROXIES: '127.0.0.1' } });
    const newsroom = new Newsroom(cms.url, await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password));
    const tagId = await newsroom.tagId(TAG);
    work = await mkdtemp(path.join(tmpdir(), 'tintinh-validators-'));

    // The full build: a story with everything an article page shows, read by a few readers so
    // that the most-read page lists it.
    const built = await newsroom.createArticle(story('Trang tin kiểm tra khả năng tiếp cận', tagId), { categorySlug: CATEGORY, publish: true });
    await newsroom.createComment(built.documentId, 'Bạn đọc Bạc Liêu', 'Bài viết hữu ích, cảm ơn Ban biên tập.', 'approved');
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${cms.url}/api/reads/${built.documentId}`, {
        method: 'POST',
        headers: { 'user-agent': READER_AGENT, 'x-forwarded-for': newReader() },
      });
      expect(res.status).toBe(204);
    }
    await eventually(
      async () => ((await requestJson<{ data: unknown[] }>(`${cms.url}/api/reads/top`)).body.data?.length ?? 0) > 0,
      'the most-read list counts the reads',
    );
    const buildDir = path.join(work, 'build');
    const result = await buildSiteCli(cms, buildDir);
    expect(result.code, result.output).toBe(0);

    // The incremental path: the render host of that build applies a new story and its comment;
    // what it renders is written over a copy of the build (its stale compressed twins removed),
    // as a publish changes the live tree. The search page depends on no content: no publish
    // writes it, the copy keeps the build's.
    host = await startRenderHost(buildDir, { STRAPI_URL: cms.url, STRAPI_TOKEN: cms.siteToken, SITE_URL }, () => undefined);
    const fresh = await newsroom.createArticle(story('Tin đăng thêm sau bản dựng', tagId), { categorySlug: CATEGORY, publish: true });
    const comment = await newsroom.createComment(fresh.documentId, 'Bạn đọc Giá Rai', 'Mong báo đưa thêm tin về nông thôn.', 'approved');
    const answer = await host.apply([
      { uid: 'api::article.article', documentId: fresh.documentId },
      { uid: 'api::comment.comment', documentId: comment },
    ]);
    if (answer.kind !== 'render') throw new Error(`the render host asks for a full build: ${answer.reason}`);
    const freshRoute = articlePath(CATEGORY, String(fresh.slug));
    // The pages checked below are ones this publish really writes (the most-read page is
    // written when readers move it: rendered here from the same data).
    expect(answer.render).toEqual(expect.arrayContaining(['/', freshRoute, `/${CATEGORY}/`, `/the/${TAG}/`]));
    const incrementalDir = path.join(work, 'incremental');
    await cp(buildDir, incrementalDir, { recursive: true, filter: (src) => path.basename(src) !== '.server' });
    for (const route of [...answer.render, '/doc-nhieu/']) {
      const file = path.join(incrementalDir, outputFile(route));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, await host.render(route));
      for (const twin of ['.br', '.gz']) await rm(`${file}${twin}`, { force: true });
    }

    for (const [label, tree, articles] of [
      ['full build', buildDir, [articlePath(CATEGORY, String(built.slug)), articlePath(slugify(seedArticle.category), slugify(seedArticle.title))]],
      ['incremental', incrementalDir, [freshRoute]],
    ] as const) {
      const server = await serveStatic(tree, await freePort(), '127.0.0.1', { cmsOrigin: cms.url });
      servers.push(server);
      await pagesOf(tree, server.url, label, [...articles]);
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await host?.stop();
    await cms?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('html-validate finds no error', async () => {
    expect((await htmlValidateFindings(pages)).map(describeFinding)).toEqual([]);
  });

  it('the Nu Html Checker finds no error', async () => {
    expect((await nuFindings(pages)).map(describeFinding)).toEqual([]);
  });

  it('axe finds no violation at desktop and mobile widths', async () => {
    expect((await axeFindings(browser, pages)).map(describeFinding)).toEqual([]);
  }, 180_000);
});
