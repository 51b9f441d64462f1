import { mkdtemp, readFile, readlink, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { launchChromium, outputDir } from '../support/browser.ts';
import { KEEP, prunedBuilds } from '../../publisher/deployer.ts';
import { fragmentsOf } from '../../publisher/search-fragments.ts';
import type { Publisher } from '../../publisher/publisher.ts';
import { publisherWiring, startPublisherFor } from '../support/publisher.ts';
import { eventually } from '../support/eventually.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, rawRequest, requestJson } from '../support/http.ts';
import { fuzz } from '../support/malformed-requests.ts';
import { type NginxEdge, startNginxEdge } from '../../scripts/lib/servers/nginx-edge.ts';
import { SITE_URL } from '../support/site-build.ts';
import { watchSearchPage } from '../support/search-page.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

const exec = promisify(execFile);
const SEED_SLUG = 'ca-nuoc-co-5248607-dang-vien';
/** Short, so the test sees the rest of the archive follow a sidebar change. */
const CONSOLIDATE_DELAY_MS = 3000;

/** The status of one request sent exactly as spelled (no client clean-up of the path), in one encoding. */
function rawStatus(base: string, target: string, encoding = 'identity'): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: target, headers: { 'accept-encoding': encoding, connection: 'close' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('publish pipeline: CMS webhooks → publisher → live static site', () => {
  let cms: TestCms;
  let newsroom: Newsroom;
  let admin: string;
  let publisher: Publisher;
  let workDir: string;
  let sitePort: number;
  /** Debian's nginx serving the publisher's live tree, as an edge does (reloaded by the publisher for redirects). */
  let nginx: NginxEdge;
  const log: string[] = [];
  const get = async (route: string) => {
    const res = await fetch(`${publisher.siteUrl}${route}`);
    return { status: res.status, text: await res.text() };
  };
  const builds = async () => (await publisher.status()).queue.builds;
  /** Waits until the publisher has judged `count` webhooks since it started. */
  const webhooksJudged = (count: number, what: string) =>
    eventually(async () => (await publisher.status()).webhooks.judged >= count, `the publisher to judge the webhooks of ${what}`, 30_000);
  /** What the search page lists for `query`, as a reader's browser sees it. */
  const searchHits = async (query: string) => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const watched = watchSearchPage(page);
      await page.goto(`${publisher.siteUrl}/tim-kiem/?q=${encodeURIComponent(query)}`);
      await page
        .locator('#search-status')
        .filter({ hasText: /kết quả/ })
        .waitFor({ timeout: 15_000 });
      // The fresh index's entry comes with its change list: one round trip fewer.
      expect(watched.asked).not.toContain('/search-fresh/meta.json');
      expect(watched.missingPreloads).toEqual([]);
      return await page.locator('#search-results li a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    } finally {
      await browser.close();
    }
  };

  beforeAll(async () => {
    const wiring = await publisherWiring();
    sitePort = wiring.sitePort;
    cms = await startTestCms({ demoArticles: 3, env: { ...wiring.cmsEnv, SCHEDULE_CRON: '*/5 * * * * *', MOST_READ_CRON: '*/2 * * * * *' } });
    admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    newsroom = new Newsroom(cms.url, admin);
    workDir = await mkdtemp(path.join(tmpdir(), 'tintinh-publisher-'));
    // The redirect map nginx includes exists once the first build is live: nginx starts after it,
    // and the publisher reloads it (the command nginx.ts gives, named once nginx runs) when a
    // publish moves a story.
    publisher = await startPublisherFor(cms, wiring, {
      workDir,
      localReload: 'sh -c "$TT_NGINX_RELOAD"',
      consolidation: { delayMs: CONSOLIDATE_DELAY_MS },
      log: (line) => log.push(line),
    });
    nginx = await startNginxEdge({ root: path.join(workDir, 'current'), cmsOrigin: cms.url });
    process.env.TT_NGINX_RELOAD = nginx.reloadCommand;
  });

  afterAll(async () => {
    await nginx?.stop();
    await publisher?.close();
    await cms?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  let created: { documentId: string; slug: string };

  it('puts a newly published article on its page, the home page, its category and both feeds', async () => {
    const tags = { connect: [{ documentId: await newsroom.tagId('bac-lieu') }] };
    const doc = await newsroom.createArticle(
      { title: 'Khánh thành cầu mới ở Giá Rai', lead: 'Cây cầu nối hai bờ kênh.', body: 'Nội dung bài mới.', tags },
      { categorySlug: 'xa-hoi', publish: true },
    );
    created = { documentId: doc.documentId, slug: doc.slug as string };
    const route = `/xa-hoi/${created.slug}/`;
    await eventually(async () => (await get(route)).status === 200, 'the new article page');
    expect((await get(route)).text).toContain('Khánh thành cầu mới ở Giá Rai');
    await publisher.idle();
    for (const page of ['/', '/xa-hoi/', '/rss.xml', '/xa-hoi/rss.xml', '/the/bac-lieu/']) expect((await get(page)).text, page).toContain(created.slug);
    const compressed = await fetch(`${publisher.siteUrl}/`, { headers: { 'accept-encoding': 'br' } });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    expect(compressed.headers.get('etag')).toBeTruthy();
    expect(await compressed.text()).toContain(created.slug);
    const status = await publisher.status();
    expect(status.lastSuccess).not.toBeNull();
    expect(status.current).toBe(status.lastSuccess!.id);
    // Found by search at once, through the fresh index (no full build ran).
    expect(status.lastSuccess!.kind).toBe('incremental');
    expect(await searchHits('cau moi gia rai')).toContain(route);
  });

  it('takes an unpublished article off everything on the next build', async () => {
    const res = await requestJson(`${cms.url}/content-manager/collection-types/api::article.article/${created.documentId}/actions/unpublish`, {
      method: 'POST',
      token: admin,
      json: {},
    });
    expect(res.status).toBe(200);
    const route = `/xa-hoi/${created.slug}/`;
    await eventually(async () => (await get(route)).status === 404, 'the page to disappear');
    await publisher.idle();
    for (const page of ['/', '/xa-hoi/', '/rss.xml', '/xa-hoi/rss.xml', '/sitemap-0.xml', '/the/bac-lieu/'])
      expect((await get(page)).text, page).not.toContain(created.slug);
    expect((await publisher.status()).lastSuccess?.kind).toBe('incremental');
    expect(await searchHits('cau moi gia rai')).not.toContain(route);
    expect(await searchHits('dang vien')).toContain(`/hoat-dong-lanh-dao/${SEED_SLUG}/`);
  });

  it('builds nothing for a stream of pending reader comments, and builds for their approval', async () => {
    await publisher.idle();
    const before = await builds();
    const judgedBefore = (await publisher.status()).webhooks.judged;
    const list = await requestJson<{ data: Array<{ documentId: string }> }>(`${cms.url}/api/articles?filters[slug][$eq]=${SEED_SLUG}`);
    const articleId = list.body.data[0]!.documentId;
    for (let i = 1; i <= 20; i++) {
      const res = await requestJson(`${cms.url}/api/articles/${articleId}/comments`, {
        method: 'POST',
        json: { authorName: `Bạn đọc ${i}`, body: `Bình luận chờ duyệt số ${i}` },
      });
      expect(res.status).toBe(202);
    }
    // Once the publisher has judged the 20 webhooks, a publish any of them asked for is queued.
    await webhooksJudged(judgedBefore + 20, 'the 20 pending comments');
    await publisher.idle();
    expect(await builds()).toBe(before);

    const pending = await requestJson<{ results: Array<{ documentId: string; body: string }> }>(
      `${cms.url}/content-manager/collection-types/api::comment.comment?filters[body][$eq]=${encodeURIComponent('Bình luận chờ duyệt số 7')}`,
      { token: admin },
    );
    const comment = pending.body.results[0]!;
    const approve = await requestJson(`${cms.url}/content-manager/collection-types/api::comment.comment/${comment.documentId}`, {
      method: 'PUT',
      token: admin,
      json: { moderationStatus: 'approved' },
    });
    expect(approve.status).toBe(200);
    await eventually(
      async () => (await get(`/hoat-dong-lanh-dao/${SEED_SLUG}/`)).text.includes('Bình luận chờ duyệt số 7'),
      'the approved comment on its article',
    );
    expect((await get(`/hoat-dong-lanh-dao/${SEED_SLUG}/`)).text).not.toContain('Bình luận chờ duyệt số 8');
  });

  it('keeps serving the site, the preview route and the control port through malformed requests', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    for (const url of [publisher.siteUrl, publisher.controlUrl]) {
      const port = Number(new URL(url).port);
      expect(await fuzz(port, seed, 200), `FUZZ_SEED=${seed} on ${url}`).toEqual([]);
      // The site reads `//[` as nginx does (slashes merged: a 404); the control port takes no such path (400).
      const answer = await rawRequest(port, 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(answer).toMatch(url === publisher.siteUrl ? /^HTTP\/1\.1 404 Not Found\r\n/ : /^HTTP\/1\.1 400 Bad Request\r\n/);
    }
    expect((await get('/')).status).toBe(200);
    expect((await fetch(`${publisher.controlUrl}/_status`)).status).toBe(200);
    // The preview route renders on demand: a refused link says so in its status line.
    const refused = await rawRequest(sitePort, 'GET /preview/khongcobaiviet00000000/?exp=1&sig=x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 15_000);
    expect(refused).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(refused).toMatch(/\r\ncontent-security-policy: default-src 'self'/i);
  });

  it('renders nothing for draft edits, and folds 20 rapid publishes into a few updates', async () => {
    await publisher.idle();
    const before = await builds();
    const list = await requestJson<{ data: Array<{ documentId: string }> }>(`${cms.url}/api/articles?filters[slug][$eq]=${SEED_SLUG}`);
    const id = list.body.data[0]!.documentId;
    const cm = `${cms.url}/content-manager/collection-types/api::article.article/${id}`;
    const judgedBefore = (await publisher.status()).webhooks.judged;
    for (let i = 1; i <= 5; i++) expect((await requestJson(cm, { method: 'PUT', token: admin, json: { seoDescription: `Nháp lần ${i}` } })).status).toBe(200);
    await webhooksJudged(judgedBefore + 5, 'the 5 draft edits');
    await publisher.idle();
    expect(await builds()).toBe(before);
    for (let i = 1; i <= 20; i++) {
      expect((await requestJson(cm, { method: 'PUT', token: admin, json: { seoDescription: `Mô tả lần ${i}` } })).status).toBe(200);
      expect((await requestJson(`${cm}/actions/publish`, { method: 'POST', token: admin, json: {} })).status).toBe(200);
    }
    await eventually(async () => (await builds()) > before, 'an update after the publishes');
    await publisher.idle();
    // Publishes that arrive while one runs are all taken by the next (scheduler.ts): fewer updates
    // than publishes. How many fewer is the machine's timing (11 of 20 on a loaded CI run, 4 on
    // a quiet one), so the bound is the rule's, not a figure; the rule's exact behaviour is the
    // scheduler's fake-timer test. A publisher that rendered once per webhook makes 20.
    expect((await builds()) - before).toBeLessThan(20);
    await eventually(async () => (await get(`/hoat-dong-lanh-dao/${SEED_SLUG}/`)).text.includes('Mô tả lần 20'), 'the last description on the page');
  });

  it("publishes two editors' articles sent at the same moment, both live", async () => {
    const [a, b] = await Promise.all([
      newsroom.createArticle({ title: 'Biên tập viên A đăng tin lúa mùa' }, { categorySlug: 'kinh-te', publish: true }),
      newsroom.createArticle({ title: 'Biên tập viên B đăng tin tôm càng' }, { categorySlug: 'kinh-te', publish: true }),
    ]);
    for (const doc of [a, b]) await eventually(async () => (await get(`/kinh-te/${doc.slug as string}/`)).status === 200, `${doc.slug as string} live`);
    await publisher.idle();
    for (const page of ['/', '/kinh-te/', '/rss.xml', '/kinh-te/rss.xml']) {
      const text = (await get(page)).text;
      for (const doc of [a, b]) expect(text, page).toContain(doc.slug as string);
    }
    expect((await publisher.status()).lastSuccess?.kind).toBe('incremental');
  });

  it('takes down an article of the last full build under every spelling of its URL, and its text from the search index, on both servers', async () => {
    await publisher.idle();
    // A story as the last full build left it: not re-rendered since (its page and its result in the
    // full index are the build's own).
    const stale = new Set<string>((await requestJson<{ stale?: string[] }>(`${publisher.siteUrl}/search-fresh/changes.json`)).body?.stale ?? []);
    const list = await requestJson<{ data: Array<{ documentId: string; slug: string; title: string; category: { slug: string } }> }>(
      `${cms.url}/api/articles?filters[slug][$ne]=${SEED_SLUG}&sort=id:asc&pagination[pageSize]=50`,
    );
    const tree = await realpath(path.join(workDir, 'current'));
    const article = list.body.data.find((a) => !stale.has(`/${a.category.slug}/${a.slug}/`))!;
    expect(article, 'a story untouched since the full build').toBeDefined();
    const route = `/${article.category.slug}/${article.slug}/`;
    const [fragment] = await fragmentsOf(tree, [route]);
    expect(fragment, "the story is in the last full build's index").toMatch(/^search\/d\/\d+\.json$/);
    expect(await searchHits(article.title)).toContain(route);
    expect(JSON.parse(await readFile(path.join(tree, fragment!), 'utf8'))).toMatchObject({ url: route, title: article.title });
    const [category, slug] = [article.category.slug, article.slug];
    const spellings = [
      route,
      route.slice(0, -1),
      `${route}index.html`,
      `/${category}//${slug}/`,
      `/${category}/${slug}//`,
      `//${category}/${slug}/`,
      `/${category}/./${slug}/`,
      `/the/../${category}/${slug}/`,
      `/${category}/${slug.replace(/-/g, '%2D')}/`,
      `/${category}%2F${slug}/`,
      `/${category}/${slug}/%2E/`,
      `/${category}/${slug}/?utm_source=zalo`,
      `/${category}/${slug}/index`,
    ];
    for (const base of [publisher.siteUrl, nginx.url]) {
      for (const spelling of spellings.slice(0, 3)) expect(await rawStatus(base, spelling), `${base}${spelling} before`).toBe(200);
    }
    const res = await requestJson(`${cms.url}/content-manager/collection-types/api::article.article/${article.documentId}/actions/unpublish`, {
      method: 'POST',
      token: admin,
      json: {},
    });
    expect(res.status).toBe(200);
    await eventually(async () => (await get(route)).status === 404, 'the page to disappear');
    await publisher.idle();
    expect((await publisher.status()).lastSuccess?.kind).toBe('incremental');
    for (const base of [publisher.siteUrl, nginx.url]) {
      for (const spelling of spellings) {
        for (const encoding of ['br', 'gzip', 'identity'])
          expect([404, 410], `${base}${spelling} ${encoding}`).toContain(await rawStatus(base, spelling, encoding));
      }
      // Its result (title and text) is no longer fetchable from the full index, under any spelling
      // of its file's URL.
      for (const spelling of [`/${fragment}`, `//${fragment}`, `/${fragment!.replace('/', '//')}`, `/search/./${fragment!.slice('search/'.length)}`]) {
        for (const encoding of ['br', 'gzip', 'identity'])
          expect([404, 410], `${base}${spelling} ${encoding}`).toContain(await rawStatus(base, spelling, encoding));
      }
    }
    expect(await searchHits(article.title)).not.toContain(route);
  });

  it('finds a corrected story of the last full build by its new text at once, and no longer by its old text', async () => {
    await publisher.idle();
    const stale = new Set<string>((await requestJson<{ stale?: string[] }>(`${publisher.siteUrl}/search-fresh/changes.json`)).body?.stale ?? []);
    const list = await requestJson<{ data: Array<{ documentId: string; slug: string; body: string | null; category: { slug: string } }> }>(
      `${cms.url}/api/articles?filters[slug][$ne]=${SEED_SLUG}&sort=id:asc&pagination[pageSize]=50`,
    );
    // Untouched since the full build if there is one left (its text then comes from a year's index).
    const withOldText = list.body.data.filter((a) => (a.body ?? '').includes('nhiệm vụ trọng tâm'));
    const article = withOldText.find((a) => !stale.has(`/${a.category.slug}/${a.slug}/`)) ?? withOldText[0]!;
    expect(article, 'a story with the generated body').toBeDefined();
    const route = `/${article.category.slug}/${article.slug}/`;
    expect(await searchHits('nhiem vu trong tam')).toContain(route);
    const body = 'Bản đính chính: cống Cái Cùng đã hoàn thành trước mùa khô.';
    const uid = 'api::article.article';
    expect(
      (await requestJson(`${cms.url}/content-manager/collection-types/${uid}/${article.documentId}`, { method: 'PUT', token: admin, json: { body } })).status,
    ).toBe(200);
    await newsroom.publish(uid, article.documentId);
    await eventually(async () => (await get(route)).text.includes('cống Cái Cùng'), 'the corrected page');
    await publisher.idle();
    expect((await publisher.status()).lastSuccess?.kind).toBe('incremental');
    expect(await searchHits('cong cai cung da hoan thanh')).toContain(route);
    expect(await searchHits('cống Cái Cùng đã hoàn thành')).toContain(route);
    expect(await searchHits('nhiem vu trong tam')).not.toContain(route);
  });

  it('keeps the previous site when an incremental publish fails, reports it on /_status, then catches up', async () => {
    await publisher.idle();
    const doc = await newsroom.createArticle({ title: 'Tin sẽ làm hỏng lần đăng' }, { categorySlug: 'xa-hoi', publish: true });
    await eventually(async () => (await get(`/xa-hoi/${doc.slug as string}/`)).status === 200, 'the article before the failure');
    await publisher.idle();
    const home = await get('/');
    const live = await readlink(path.join(workDir, 'current'));
    const db = new DatabaseSync(cms.env.DATABASE_FILENAME!, { timeout: 10_000 });
    db.prepare("UPDATE articles SET slug = 'Hong/..' WHERE slug = ?").run(doc.slug as string);
    db.close();
    const hook = await fetch(`${publisher.controlUrl}/_hooks/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cms.env.PUBLISHER_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'entry.publish', uid: 'api::article.article', entry: { documentId: doc.documentId } }),
    });
    expect(await hook.json()).toMatchObject({ queued: true, kind: 'change' });
    await eventually(async () => (await publisher.status()).lastFailure !== null, 'the failure to be reported');
    await publisher.idle();
    const failed = (await (await fetch(`${publisher.controlUrl}/_status`)).json()) as { lastFailure: { reason: string } };
    expect(failed.lastFailure.reason).toMatch(/Invalid article "Hong\/\.\.": field "slug"/);
    expect(await readlink(path.join(workDir, 'current'))).toBe(live);
    expect((await get('/')).text).toBe(home.text);

    const fix = new DatabaseSync(cms.env.DATABASE_FILENAME!, { timeout: 10_000 });
    fix.prepare('UPDATE articles SET slug = ? WHERE slug = ?').run(doc.slug as string, 'Hong/..');
    fix.close();
    const failedAt = (await publisher.status()).lastFailure!.at;
    await requestJson(`${cms.url}/content-manager/collection-types/api::article.article/${doc.documentId}/actions/unpublish`, {
      method: 'POST',
      token: admin,
      json: {},
    });
    await eventually(async () => ((await publisher.status()).lastSuccess?.at ?? '') > failedAt, 'a good update after the failure');
    await eventually(async () => (await get(`/xa-hoi/${doc.slug as string}/`)).status === 404, 'the unpublished article gone');
  });

  it('keeps the previous site byte for byte when a build fails, reports it, and recovers', async () => {
    await publisher.idle();
    const home = await get('/');
    const live = await readlink(path.join(workDir, 'current'));
    const db = new DatabaseSync(cms.env.DATABASE_FILENAME!, { timeout: 10_000 });
    db.prepare("UPDATE articles SET slug = 'Hong/..' WHERE slug = ?").run(SEED_SLUG);
    db.close();
    const hook = (auth: string) => fetch(`${publisher.controlUrl}/_hooks/rebuild`, { method: 'POST', headers: { authorization: auth }, body: '{}' });
    expect((await hook('Bearer wrong')).status).toBe(401);
    expect((await hook(`Bearer ${cms.env.PUBLISHER_SECRET}`)).status).toBe(202);
    await eventually(async () => (await publisher.status()).lastFailure !== null, 'the failure to be reported');
    await publisher.idle();
    const failed = (await (await fetch(`${publisher.controlUrl}/_status`)).json()) as { lastFailure: { reason: string } };
    expect(failed.lastFailure.reason).toMatch(/Invalid article "Hong\/\.\.": field "slug"/);
    expect(await readlink(path.join(workDir, 'current'))).toBe(live);
    expect((await get('/')).text).toBe(home.text);

    const fix = new DatabaseSync(cms.env.DATABASE_FILENAME!, { timeout: 10_000 });
    fix.prepare('UPDATE articles SET slug = ? WHERE slug = ?').run(SEED_SLUG, 'Hong/..');
    fix.close();
    const failedAt = (await publisher.status()).lastFailure!.at;
    expect((await hook(`Bearer ${cms.env.PUBLISHER_SECRET}`)).status).toBe(202);
    await eventually(async () => ((await publisher.status()).lastSuccess?.at ?? '') > failedAt, 'a good build after the failure');
    expect(await readlink(path.join(workDir, 'current'))).not.toBe(live);
    await prunedBuilds();
    expect((await readdir(path.join(workDir, 'builds'))).filter((b) => !b.startsWith('.')).length).toBeLessThanOrEqual(KEEP);
  });

  it('keeps old URLs working when an article or a category moves: 301 and a static redirect page', async () => {
    const doc = await newsroom.createArticle({ title: 'Tin về chợ nổi Ngã Năm' }, { categorySlug: 'van-hoa-du-lich', publish: true });
    const oldRoute = `/van-hoa-du-lich/${doc.slug as string}/`;
    await eventually(async () => (await get(oldRoute)).status === 200, 'the article before the move');
    const cm = `${cms.url}/content-manager/collection-types/api::article.article/${doc.documentId}`;
    expect((await requestJson(cm, { method: 'PUT', token: admin, json: { slug: 'cho-noi-nga-nam' } })).status).toBe(200);
    expect((await requestJson(`${cm}/actions/publish`, { method: 'POST', token: admin, json: {} })).status).toBe(200);
    const newRoute = '/van-hoa-du-lich/cho-noi-nga-nam/';
    await eventually(async () => (await get(newRoute)).status === 200, 'the article at its new URL');
    await publisher.idle();
    for (const base of [publisher.siteUrl, nginx.url]) {
      const moved = await fetch(`${base}${oldRoute}`, { redirect: 'manual' });
      expect(moved.status, base).toBe(301);
      expect(moved.headers.get('location'), base).toBe(newRoute);
    }
    const page = await readFile(path.join(await realpath(path.join(workDir, 'current')), oldRoute, 'index.html'), 'utf8');
    expect(page).toContain(`<link rel="canonical" href="${SITE_URL}${newRoute}">`);
    expect((await get('/sitemap-0.xml')).text).not.toContain(oldRoute);

    // A renamed category moves every article under it.
    const categoryId = await newsroom.categoryId('van-hoa-du-lich');
    const renamed = await requestJson(`${cms.url}/content-manager/collection-types/api::category.category/${categoryId}`, {
      method: 'PUT',
      token: admin,
      json: { slug: 'van-hoa' },
    });
    expect(renamed.status).toBe(200);
    await eventually(async () => (await get('/van-hoa/cho-noi-nga-nam/')).status === 200, 'the article under the renamed category');
    await publisher.idle();
    // /_status says why a full build ran.
    const status = await publisher.status();
    expect(status.lastSuccess?.kind).toBe('full');
    expect(status.lastSuccess?.reason).toBe('api::category.category changed');
    for (const base of [publisher.siteUrl, nginx.url]) {
      const viaOldCategory = await fetch(`${base}${newRoute}`, { redirect: 'manual' });
      expect(viaOldCategory.status, base).toBe(301);
      expect(viaOldCategory.headers.get('location'), base).toBe('/van-hoa/cho-noi-nga-nam/');
    }
  });

  it("previews a draft from the admin's Preview link, refuses a tampered link, and never publishes it", async () => {
    const draft = await newsroom.createArticle(
      { title: 'Bản nháp xem trước PREVIEW-ONLY-7731', lead: 'Sapo bản nháp.', body: 'Đoạn **nháp** chỉ để xem trước.' },
      { categorySlug: 'giao-duc', publish: false },
    );
    const link = await requestJson<{ data: { url: string } }>(
      `${cms.url}/content-manager/preview/url/api::article.article?documentId=${draft.documentId}&status=draft`,
      { token: admin },
    );
    expect(link.status).toBe(200);
    const url = new URL(link.body.data.url);
    expect(url.origin).toBe(`http://127.0.0.1:${sitePort}`);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const response = await page.goto(url.href);
      expect(response!.status()).toBe(200);
      expect(response!.headers()['cache-control']).toBe('no-store');
      expect(await page.locator('h1.article-title').textContent()).toBe('Bản nháp xem trước PREVIEW-ONLY-7731');
      expect(await page.locator('.preview-banner').isVisible()).toBe(true);
      expect(await page.locator('.article-body strong').textContent()).toBe('nháp');
      expect(await page.locator('meta[name=robots]').getAttribute('content')).toContain('noindex');
      await page.screenshot({ path: path.join(outputDir, 'draft-preview.png') });

      const tampered = new URL(url);
      tampered.searchParams.set('sig', `${url.searchParams.get('sig')!.slice(0, -2)}AA`);
      const refused = await page.goto(tampered.href);
      expect(refused!.status()).toBe(403);
      const other = new URL(url);
      other.pathname = other.pathname.replace(draft.documentId, 'khacbaiviet00000000000000');
      expect((await page.goto(other.href))!.status()).toBe(403);
      const unsigned = new URL(url);
      unsigned.search = '';
      expect((await page.goto(unsigned.href))!.status()).toBe(403);
    } finally {
      await browser.close();
    }
    // The CMS's draft endpoint is gated by the same signature.
    expect((await fetch(`${cms.url}/api/preview/articles/${draft.documentId}`)).status).toBe(403);

    await publisher.idle();
    // grep exits 1 when it finds nothing, 0 when it finds something, 2 when it could not look.
    const found = await exec('grep', ['-rlz', 'PREVIEW-ONLY-7731', path.join(workDir, 'builds')]).then(
      ({ stdout }) => stdout,
      (err: { code?: number; stderr?: string }) => {
        if (err.code === 1) return '';
        throw new Error(`grep could not search the builds: ${err.stderr ?? String(err)}`);
      },
    );
    expect(found).toBe('');
  });

  it('publishes an article scheduled ahead by itself, not before', async () => {
    // The test CMS checks the schedule every 5 s (a newsroom's every minute): a few checks pass
    // before the time comes.
    const at = new Date(Date.now() + 12_000);
    const doc = await newsroom.createArticle(
      { title: 'Bài hẹn giờ đăng sáng mai', scheduledAt: at.toISOString() },
      { categorySlug: 'kinh-te', publish: false },
    );
    const route = `/kinh-te/${doc.slug as string}/`;
    // Watched from the start: the first moment a reader can get the page must be after its time.
    await eventually(async () => (await get(route)).status === 200, 'the scheduled article to go live', 90_000, 100);
    expect(Date.now(), 'live only once its time has come').toBeGreaterThanOrEqual(at.getTime());
    const live = await requestJson<{ data: Array<{ datePublished: string; scheduledAt: string | null }> }>(
      `${cms.url}/api/articles?filters[slug][$eq]=${doc.slug as string}`,
    );
    expect(Date.parse(live.body.data[0]!.datePublished)).toBeGreaterThanOrEqual(at.getTime());
    expect(live.body.data[0]!.scheduledAt).toBeNull();
  }, 120_000);

  it('shows a poll change on the home page at once and on every other page after one consolidation', async () => {
    await publisher.idle();
    const polls = await requestJson<{ results: Array<{ documentId: string; showInSidebar: boolean }> }>(
      `${cms.url}/content-manager/collection-types/api::poll.poll`,
      { token: admin },
    );
    const poll = polls.body.results.find((p) => p.showInSidebar)!;
    const question = `Bạn đọc nghĩ gì về cầu mới ${Date.now()}?`;
    const cm = `${cms.url}/content-manager/collection-types/api::poll.poll/${poll.documentId}`;
    expect((await requestJson(cm, { method: 'PUT', token: admin, json: { question } })).status).toBe(200);
    const consolidationsBefore = log.filter((l) => l.startsWith('consolidation due')).length;
    expect((await requestJson(`${cm}/actions/publish`, { method: 'POST', token: admin, json: {} })).status).toBe(200);
    const reportedBefore = (await publisher.status()).lastSuccess?.at ?? '';
    await eventually(async () => (await get('/')).text.includes(question), 'the new question on the home page', 30_000);
    // A publish is reported once it is on every edge and purged: the page can show a moment before.
    await eventually(async () => ((await publisher.status()).lastSuccess?.at ?? '') > reportedBefore, 'the publish reported', 30_000);
    const status = await publisher.status();
    expect(status.lastSuccess?.kind, `the home page by an incremental publish:\n${log.slice(-12).join('\n')}`).toBe('incremental');
    expect(status.consolidationDueAt ?? status.backgroundBuildSince, 'a consolidation waiting or under way').not.toBeNull();
    const article = `/hoat-dong-lanh-dao/${SEED_SLUG}/`;
    expect((await get(article)).text, 'other pages wait for the consolidation').not.toContain(question);
    await eventually(async () => (await get(article)).text.includes(question), 'the question on an article page');
    await publisher.idle();
    for (const page of ['/kinh-te/', '/the/bac-lieu/']) expect((await get(page)).text, page).toContain(question);
    expect((await publisher.status()).lastSuccess?.reason).toMatch(/^consolidation: /);
    expect(log.filter((l) => l.startsWith('consolidation due')).length - consolidationsBefore).toBe(1);
  });

  it('shows a weather note on the home page when it becomes valid, by the clock, without an edit', async () => {
    await publisher.idle();
    const forecast = `Chiều tối có mưa rào rải rác ${Date.now()}`;
    // Far enough ahead for the note's own publish and consolidation (a full build) to finish first:
    // the clock's own publish is what this test watches for.
    const issuedAt = new Date(Date.now() + 40_000);
    const validUntil = new Date(Date.now() + 86_400_000);
    const judgedBefore = (await publisher.status()).webhooks.judged;
    const created = await requestJson(`${cms.url}/content-manager/collection-types/api::weather-note.weather-note`, {
      method: 'POST',
      token: admin,
      json: { region: 'Giá Rai', forecast, issuedAt: issuedAt.toISOString(), validUntil: validUntil.toISOString() },
    });
    expect(created.status).toBe(201);
    // Published at once (notes have no drafts) and applied, but not yet valid: not shown.
    await webhooksJudged(judgedBefore + 1, 'the new weather note');
    await publisher.idle();
    expect(Date.now(), 'the note and its consolidation live before the note is valid').toBeLessThan(issuedAt.getTime() - 1000);
    expect((await get('/')).text).not.toContain(forecast);
    const reportedBefore = (await publisher.status()).lastSuccess?.at ?? '';
    await eventually(async () => (await get('/')).text.includes(forecast), 'the note on the home page once valid', 90_000);
    expect(Date.now()).toBeGreaterThanOrEqual(issuedAt.getTime());
    await eventually(async () => ((await publisher.status()).lastSuccess?.at ?? '') > reportedBefore, 'the publish reported', 30_000);
    expect((await publisher.status()).lastSuccess?.kind, `the home page by an incremental publish:\n${log.slice(-12).join('\n')}`).toBe('incremental');
    expect((await get(`/hoat-dong-lanh-dao/${SEED_SLUG}/`)).text, 'other pages wait for the consolidation').not.toContain(forecast);
    await eventually(
      async () => (await get(`/hoat-dong-lanh-dao/${SEED_SLUG}/`)).text.includes(forecast),
      'the note on the other pages after the consolidation',
    );
  }, 150_000);

  it('updates the most-read box by writing its own page only, never the article pages', async () => {
    await publisher.idle();
    const list = await requestJson<{ data: Array<{ documentId: string; title: string }> }>(`${cms.url}/api/articles?filters[slug][$eq]=${SEED_SLUG}`);
    const seed = list.body.data[0]!;
    const article = `/hoat-dong-lanh-dao/${SEED_SLUG}/`;
    const page = (await get(article)).text;
    expect(page).toContain('<iframe class="most-read-frame" src="/doc-nhieu/"');
    expect((await get('/doc-nhieu/')).text).not.toContain(seed.title);
    const buildsBefore = await builds();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${cms.url}/api/reads/${seed.documentId}`, {
        method: 'POST',
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
      });
      expect(res.status).toBe(204);
    }
    await eventually(async () => (await get('/doc-nhieu/')).text.includes(seed.title), 'the story in the most-read box', 30_000);
    await publisher.idle();
    const status = await publisher.status();
    expect(status.lastSuccess?.kind).toBe('incremental');
    expect(status.lastSuccess?.pages, 'only the box page written').toBe(1);
    expect(await builds(), 'one update, the box alone').toBe(buildsBefore + 1);
    expect((await get(article)).text, 'the article page as it was').toBe(page);
    const framed = await fetch(`${publisher.siteUrl}/doc-nhieu/`);
    expect(framed.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(framed.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
  });
});
