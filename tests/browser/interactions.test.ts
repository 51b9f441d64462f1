import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../publisher/static-server.ts';
import { launchChromium, logInToAdmin, outputDir } from '../support/browser.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { resultsSettled } from '../support/readers.ts';
import { buildSiteCli } from '../support/site-build.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

const SEED = '/hoat-dong-lanh-dao/ca-nuoc-co-5248607-dang-vien/';

describe('reader interactions in a real browser (site over HTTP, CMS running)', () => {
  let cms: TestCms;
  let admin: string;
  let site: StaticServer;
  let siteOrigin: string;
  let outDir: string;
  let browser: Browser;
  let cmsPublic: string;

  const build = async () => {
    const result = await buildSiteCli(cms, outDir, { STRAPI_PUBLIC_URL: cmsPublic, SITE_URL: siteOrigin });
    expect(result.code, result.output).toBe(0);
    await site?.reload();
  };
  /** Total votes once the results readers see have caught up (they may lag up to a second). */
  const totalVotes = async () => {
    await resultsSettled();
    const polls = await requestJson<{ data: Array<{ documentId: string }> }>(`${cms.url}/api/polls`);
    const res = await requestJson<{ data: { totalVotes: number } }>(`${cms.url}/api/polls/${polls.body.data[0]!.documentId}/results`);
    return res.body.data.totalVotes;
  };
  const openArticle = async (page: Page) => {
    await page.goto(`${siteOrigin}${SEED}`, { waitUntil: 'networkidle' });
  };

  beforeAll(async () => {
    const sitePort = await freePort();
    // Site and CMS on one host name (different ports) are the same site, as in production on
    // one domain, so the voter cookie travels with the island's requests.
    siteOrigin = `http://localhost:${sitePort}`;
    cms = await startTestCms({ demoArticles: 3, env: { CORS_ORIGINS: siteOrigin, SITE_URL: siteOrigin } });
    cmsPublic = cms.url.replace('127.0.0.1', 'localhost');
    admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    outDir = await mkdtemp(path.join(tmpdir(), 'tintinh-e2e-'));
    await build();
    site = await serveStatic(outDir, sitePort, 'localhost', { cmsOrigin: cmsPublic });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await cms?.stop();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('votes through the poll island, shows results, and remembers the vote after a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const before = await totalVotes();
    await openArticle(page);
    await page.locator('.poll input[type=radio]').nth(1).check();
    await page.locator('.poll button[type=submit]').click();
    const results = page.locator('.poll [data-poll-results]');
    await results.getByText('Cảm ơn bạn đã bình chọn.').waitFor();
    expect(await results.locator('li').count()).toBe(4);
    expect(await results.textContent()).toMatch(/\d+(\.\d)?%/);
    expect(await page.locator('.poll form').isHidden()).toBe(true);
    expect(await totalVotes()).toBe(before + 1);
    await page.screenshot({ path: path.join(outputDir, 'poll-voted.png') });

    await page.reload({ waitUntil: 'networkidle' });
    await results.getByText('Bạn đã bình chọn cho câu hỏi này.').waitFor();
    expect(await results.textContent()).toContain('Tổng số: ');
    expect(await totalVotes()).toBe(before + 1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('posts a comment inline, keeps it off the page until approved, then shows it as inert text', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openArticle(page);
    const text = 'Bài viết rất hay <script>window.__xss=1</script> <b>đậm</b>';
    await page.locator('form[data-comment-form] input[name=authorName]').fill('Bạn đọc Chromium');
    await page.locator('form[data-comment-form] textarea[name=body]').fill(text);
    await page.locator('form[data-comment-form] button[type=submit]').click();
    await page.locator('[data-comment-status]').getByText('chờ Ban biên tập duyệt').waitFor();
    expect(await page.content()).not.toContain('Bạn đọc Chromium</strong>');

    const pending = await requestJson<{ results: Array<{ documentId: string; authorName: string; moderationStatus: string }> }>(
      `${cms.url}/content-manager/collection-types/api::comment.comment?filters[authorName][$eq]=Bạn đọc Chromium`,
      { token: admin },
    );
    const comment = pending.body.results[0]!;
    expect(comment.moderationStatus).toBe('pending');
    const approved = await requestJson(`${cms.url}/content-manager/collection-types/api::comment.comment/${comment.documentId}`, {
      method: 'PUT',
      token: admin,
      json: { moderationStatus: 'approved' },
    });
    expect(approved.status).toBe(200);
    await build();

    // A fresh visitor (HTML is cacheable for a minute, so the first browser may keep its copy).
    await context.close();
    const reader = await browser.newContext();
    const fresh = await reader.newPage();
    await openArticle(fresh);
    const shown = fresh.locator('.comment-list .comment').filter({ hasText: 'Bạn đọc Chromium' });
    await shown.waitFor();
    expect(await shown.locator('.comment-body').textContent()).toBe(text);
    expect(await fresh.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await reader.close();
  });

  it('works without JavaScript: the poll form lands on a results page, the comment form comes back with a notice', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await openArticle(page);
    await page.locator('.poll input[type=radio]').first().check();
    await page.locator('.poll button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Kết quả thăm dò ý kiến');
    expect(await page.textContent('body')).toMatch(/Cảm ơn bạn đã bình chọn\.|Bạn đã bình chọn/);
    await page.getByText('Quay lại bài viết').click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe(SEED);

    await page.locator('form[data-comment-form] input[name=authorName]').fill('Không JavaScript');
    await page.locator('form[data-comment-form] textarea[name=body]').fill('Gửi bằng biểu mẫu thường.');
    await page.locator('form[data-comment-form] button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(page.url()).toContain(`${SEED}#binh-luan-cho-duyet`);
    expect(await page.locator('#binh-luan-cho-duyet').isVisible()).toBe(true);
    await context.close();
  });

  it('lets an editor approve pending comments in bulk from the admin list', async () => {
    const articles = await requestJson<{ data: Array<{ documentId: string }> }>(`${cms.url}/api/articles?pagination[pageSize]=1`);
    for (const name of ['Chờ duyệt một', 'Chờ duyệt hai']) {
      const res = await fetch(`${cms.url}/api/articles/${articles.body.data[0]!.documentId}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ authorName: name, body: 'Nội dung chờ duyệt' }),
      });
      expect(res.status).toBe(202);
    }
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await logInToAdmin(page, cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.goto(`${cms.url}/admin/content-manager/collection-types/api::comment.comment?filters[$and][0][moderationStatus][$eq]=pending`);
    for (const name of ['Chờ duyệt một', 'Chờ duyệt hai']) {
      const row = page.locator('tbody tr').filter({ hasText: name });
      await row.waitFor();
      await row.locator('button[role="checkbox"], input[type="checkbox"]').first().click();
    }
    await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(outputDir, 'admin-comments-approved.png') });
    for (const name of ['Chờ duyệt một', 'Chờ duyệt hai']) {
      const res = await requestJson<{ results: Array<{ moderationStatus: string }> }>(
        `${cms.url}/content-manager/collection-types/api::comment.comment?filters[authorName][$eq]=${encodeURIComponent(name)}`,
        { token: admin },
      );
      expect(res.body.results[0]!.moderationStatus, name).toBe('approved');
    }
    await page.close();
  });
  it("loads home, article and search, and votes, under the site's CSP with no violation", async () => {
    const context = await browser.newContext();
    // Registered before any page script runs, so every violation of every page is seen.
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    const seen = async () => violations.push(...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)));
    for (const route of ['/', SEED, '/tim-kiem/?q=dang%20vien']) {
      const res = await page.goto(`${siteOrigin}${route}`, { waitUntil: 'networkidle' });
      expect(res!.headers()['content-security-policy'], route).toContain("frame-ancestors 'self'");
      if (route.startsWith('/tim-kiem/')) await page.locator('#search-results li a').first().waitFor({ timeout: 15_000 });
      await seen();
    }
    await openArticle(page);
    await page.locator('.poll input[type=radio]').first().check();
    await page.locator('.poll button[type=submit]').click();
    await page.locator('.poll [data-poll-results] li').first().waitFor();
    await seen();
    expect(violations).toEqual([]);
    await context.close();
  });
});
