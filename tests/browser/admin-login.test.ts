import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, logInToAdmin, outputDir } from '../support/browser.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

describe('editor logs in to the Strapi admin', () => {
  let cms: TestCms;
  let browser: Browser;

  beforeAll(async () => {
    cms = await startTestCms({ demoArticles: 3 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await cms?.stop();
  });

  it('logs in, opens the article list and sees the seed article', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await logInToAdmin(page, cms.url, TEST_ADMIN.email, TEST_ADMIN.password);

    await page.goto(`${cms.url}/admin/content-manager/collection-types/api::article.article`);
    await page.getByText('Cả nước có 5.248.607 đảng viên').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: path.join(outputDir, 'admin-article-list.png') });
    expect(pageErrors).toEqual([]);
  });

  it('offers Vietnamese as an admin interface language', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await logInToAdmin(page, cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.goto(`${cms.url}/admin/me`);
    const language = page.getByRole('combobox', { name: /interface language|ngôn ngữ/i });
    await language.waitFor({ timeout: 30_000 });
    await language.click();
    await page.getByRole('option', { name: 'Tiếng Việt' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(outputDir, 'admin-languages.png') });
    await page.close();
  });

  it('refuses a wrong password', async () => {
    const page = await browser.newPage();
    await page.goto(`${cms.url}/admin`);
    await page.locator('input[name="email"]').fill(TEST_ADMIN.email);
    await page.locator('input[name="password"]').fill('Sai-Mat-Khau-1');
    const [login] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/admin/login') && r.request().method() === 'POST'),
      page.locator('button[type="submit"]').click(),
    ]);
    expect(login.status()).toBe(400);
    await page.locator('input[name="password"]').waitFor({ state: 'visible' });
    expect(new URL(page.url()).pathname).toContain('/auth/login');
  });
});
