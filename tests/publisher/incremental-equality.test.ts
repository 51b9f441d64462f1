/**
 * The heart of incremental publishing: what readers get from the live tree after incremental
 * publishes is what a full build of the same content gives them. Compared over HTTP, as readers
 * meet it: Debian's nginx (the generated configuration) serving the publisher's live tree, and a
 * second nginx serving a fresh full build, asked for every file of either tree in plain and in
 * brotli (status, body, security and cache headers) and for every moved path (the 301 and where
 * it goes).
 *
 * Each run draws a new seed (printed on failure; TT_EQUALITY_SEEDS replays). A run has two phases:
 * first every kind of editorial operation in random order (the sidebar's poll and weather note,
 * whose other pages wait for a consolidation by design, and a publish while a full build runs, whose
 * replay is the subtle path); then, once everything is in step, a window of incremental operations
 * only (publishes, corrections, moves, takedowns, deletions, comments, readers), which always holds
 * a removal, a redirect, a correction and a moderation. The comparison follows that window
 * directly: no full build runs between the incremental output and the comparison.
 *
 * The search indexes are compared by what a reader can find, not byte for byte (a full build makes
 * one index per year, incremental publishes add a fresh one of what changed since and hide the
 * stale pages' texts in the full one): every page's indexed text, metadata and filters, read as the
 * search page reads them, equal a fresh full build's. Not compared: the builds' private parts
 * (.server/, the content snapshot, bookkeeping).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '../../publisher/caches.ts';
import { buildVersion, KEEP } from '../../publisher/deployer.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { startPublisher, type Publisher } from '../../publisher/publisher.ts';
import { SNAPSHOT_FILE } from '../../site/src/lib/content/snapshot.ts';
import { z } from 'zod';
import { outputDir } from '../support/browser.ts';
import { eventually } from '../support/eventually.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { type NginxEdge, startNginxEdge } from '../../scripts/lib/servers/nginx-edge.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { SITE_URL } from '../support/site-build.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

const SEEDS = (process.env.TT_EQUALITY_SEEDS ?? String(Date.now() % 1_000_000)).split(',').map(Number);
/** Small enough that the full-text boundary moves within the demo archive. */
const SITE_ENV = { SITE_URL };
/** Compared beside status and body. */
const HEADERS = [
  'content-type',
  'content-encoding',
  'cache-control',
  'location',
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
];

type Entry = { documentId: string; [k: string]: unknown };

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One GET as readers send it, its answer as received (no decoding). */
function get(base: string, target: string, encoding: string): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: target, headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const name of HEADERS) if (res.headers[name] !== undefined) headers[name] = String(res.headers[name]);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
      })
      .on('error', reject);
  });
}

/** The URLs a tree answers at: its files (search indexes, twins and bookkeeping left out). */
async function urlsOfTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((rel) => !/(^|\/)\./.test(rel) && !/\.(br|gz)$/.test(rel) && !/^search(-fresh)?\//.test(rel))
    .map(urlOf);
}

const fragmentSchema = z.object({ url: z.string(), title: z.string(), category: z.string(), dateline: z.string(), published: z.string(), text: z.string() });

/**
 * What a reader can find in a tree's search indexes, page by page (the result: title, category,
 * dateline, time, text): the full build's result files less the pages stale since, and the fresh
 * index's over them.
 */
async function searchableTexts(tree: string): Promise<Record<string, string>> {
  const changes = await readFile(path.join(tree, 'search-fresh', 'changes.json'), 'utf8').catch(() => null);
  const stale = new Set(changes === null ? [] : z.object({ stale: z.array(z.string()) }).parse(JSON.parse(changes)).stale);
  const found: Record<string, string> = {};
  const readDir = async (dir: string, fresh: boolean) => {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.endsWith('.json')) continue;
      const f = fragmentSchema.parse(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
      if (!fresh && stale.has(f.url)) continue;
      found[f.url] = JSON.stringify(f);
    }
  };
  await readDir(path.join(tree, 'search', 'd'), false);
  await readDir(path.join(tree, 'search-fresh', 'd'), true);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

/** A browser's user agent: the CMS does not count robots' views. */
const READER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
/** Longer than the view counter's flush and the most-read check together. */
const MOST_READ_SETTLE_MS = 2500;

describe('incremental publishing equals a full build, as nginx serves them', () => {
  let cms: TestCms;
  let newsroom: Newsroom;
  let admin: string;
  let publisher: Publisher;
  let workDir: string;
  let live: NginxEdge;
  const published: string[] = [];
  const log: string[] = [];
  let replayedDuringBuild = 0;

  const cm = (uid: string, suffix = '', init: Parameters<typeof requestJson>[1] = {}) =>
    requestJson<{ data: Entry; results: Entry[] }>(`${cms.url}/content-manager/collection-types/${uid}${suffix}`, { ...init, token: admin });
  const ARTICLE = 'api::article.article';

  /**
   * Waits until the webhooks of the last operation have been published (or judged invisible). An
   * operation sends an unknown number of webhooks, each a moment after the CMS's answer: settled
   * is the publisher idle twice in a row, after a moment for webhooks still in flight.
   */
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 400));
    for (let quiet = 0; quiet < 2; ) {
      await publisher.idle();
      await new Promise((r) => setTimeout(r, 200));
      quiet = (await publisher.status()).queue.state === 'idle' ? quiet + 1 : 0;
    }
  };

  beforeAll(async () => {
    const controlPort = await freePort();
    const secret = randomBytes(24).toString('hex');
    cms = await startTestCms({
      demoArticles: 60,
      env: {
        PUBLISHER_URL: `http://127.0.0.1:${controlPort}/_hooks/rebuild`,
        PUBLISHER_SECRET: secret,
        // The most-read box is checked every second; readers are told apart by the address the
        // test sends them from (a reader counts once an hour per story).
        MOST_READ_CRON: '* * * * * *',
        READS_PER_IP_PER_MINUTE: '100000',
        TRUSTED_PROXIES: '127.0.0.1',
      },
    });
    admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    newsroom = new Newsroom(cms.url, admin);
    workDir = await mkdtemp(path.join(tmpdir(), 'tintinh-incremental-'));
    publisher = await startPublisher({
      workDir,
      env: { STRAPI_URL: cms.url, STRAPI_TOKEN: cms.siteToken, PREVIEW_SECRET: cms.env.PREVIEW_SECRET, ...SITE_ENV },
      secret,
      sitePort: await freePort(),
      controlPort,
      // Sidebar changes consolidate at once, in the first phase of each run.
      consolidation: { delayMs: 0 },
      localReload: 'sh -c "$TT_EQUALITY_NGINX_RELOAD"',
      log: (line) => log.push(line),
    });
    await settle();
    live = await startNginxEdge({ root: path.join(workDir, 'current'), cmsOrigin: cms.url });
    process.env.TT_EQUALITY_NGINX_RELOAD = live.reloadCommand;
    const list = await requestJson<{ data: Entry[] }>(`${cms.url}/api/articles?pagination[pageSize]=100`);
    published.push(...list.body.data.map((a) => a.documentId));
  }, 600_000);

  afterAll(async () => {
    await live?.stop();
    await publisher?.close();
    await cms?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: every kind of operation, then incremental ones, give what a full build gives, over nginx`, async () => {
      const { next, pick } = seededRandom(seed);
      const categories = (await cm('api::category.category')).body.results.map((c) => c.documentId);
      const tags = (await cm('api::tag.tag')).body.results.map((t) => t.documentId);
      const publish = async (id: string) => expect((await cm(ARTICLE, `/${id}/actions/publish`, { method: 'POST', json: {} })).status).toBe(200);
      const edit = async (id: string, json: Record<string, unknown>) => expect((await cm(ARTICLE, `/${id}`, { method: 'PUT', json })).status).toBe(200);
      const word = () => pick(['Giá Rai', 'Hồng Dân', 'Phước Long', 'Vĩnh Lợi', 'Đông Hải', 'Hòa Bình', 'lúa', 'tôm', 'muối', 'điện gió']);
      const done: string[] = [];
      const read = async (ids: string[]) => {
        for (const id of ids) {
          const res = await fetch(`${cms.url}/api/reads/${id}`, {
            method: 'POST',
            headers: { 'user-agent': READER_AGENT, 'x-forwarded-for': `198.51.100.${1 + Math.floor(next() * 250)}` },
          });
          expect(res.status).toBe(204);
        }
      };
      type Operation = [string, () => Promise<void>];
      /** Operations an incremental publish brings in whole (the compared window draws from these). */
      const incremental: Operation[] = [
        [
          'create and publish',
          async () => {
            const doc = await newsroom.createArticle(
              { title: `Tin ${seed} ${word()} ${Math.floor(next() * 1e6)}`, lead: `Sapo về ${word()}.`, body: `Nội dung **${word()}**.` },
              { categorySlug: pick(['xa-hoi', 'kinh-te', 'giao-duc']), publish: false },
            );
            await edit(doc.documentId, { tags: { connect: [{ documentId: pick(tags) }] } });
            await publish(doc.documentId);
            published.push(doc.documentId);
          },
        ],
        [
          'edit title, lead and body',
          async () => {
            const id = pick(published);
            await edit(id, {
              title: `Đã sửa ${seed} ${word()} ${Math.floor(next() * 1e6)}`,
              lead: `Sapo mới ${word()}.`,
              body: `Nội dung đã sửa về ${word()}.`,
            });
            await publish(id);
          },
        ],
        [
          'correct a story',
          async () => {
            const id = pick(published);
            await edit(id, { correction: `Đính chính: bài viết ghi nhầm ${word()} ${Math.floor(next() * 1e6)}.` });
            await publish(id);
          },
        ],
        [
          'change the slug (a 301)',
          async () => {
            const id = pick(published);
            await edit(id, { slug: `duong-dan-moi-${seed}-${Math.floor(next() * 1e6)}` });
            await publish(id);
          },
        ],
        [
          'move to another category',
          async () => {
            const id = pick(published);
            await edit(id, { category: { set: [{ documentId: pick(categories) }] } });
            await publish(id);
          },
        ],
        [
          'retag',
          async () => {
            const id = pick(published);
            await edit(id, { tags: { set: [{ documentId: pick(tags) }, { documentId: pick(tags) }] } });
            await publish(id);
          },
        ],
        [
          'feature',
          async () => {
            const id = pick(published);
            await edit(id, { featured: next() < 0.5 });
            await publish(id);
          },
        ],
        ['edit a draft without publishing', async () => edit(pick(published), { title: `Bản nháp chưa đăng ${seed}` })],
        [
          'unpublish',
          async () => {
            const id = published.splice(Math.floor(next() * published.length), 1)[0]!;
            expect((await cm(ARTICLE, `/${id}/actions/unpublish`, { method: 'POST', json: {} })).status).toBe(200);
          },
        ],
        [
          'delete',
          async () => {
            const id = published.splice(Math.floor(next() * published.length), 1)[0]!;
            expect((await cm(ARTICLE, `/${id}`, { method: 'DELETE' })).status).toBe(200);
          },
        ],
        ['readers read stories (the most-read box moves)', async () => read(Array.from({ length: 12 }, () => pick(published)))],
        [
          'approve a comment',
          async () => {
            await newsroom.createComment(pick(published), `Bạn đọc ${seed}`, `Bình luận ${word()} ${Math.floor(next() * 1e6)}`, 'approved');
          },
        ],
        [
          'reject an approved comment',
          async () => {
            const approved = (await cm('api::comment.comment', '?filters[moderationStatus][$eq]=approved&pageSize=100')).body.results;
            if (approved.length === 0) return;
            const status = (await cm('api::comment.comment', `/${pick(approved).documentId}`, { method: 'PUT', json: { moderationStatus: 'rejected' } }))
              .status;
            expect(status).toBe(200);
          },
        ],
      ];
      /** Operations whose other pages wait for a consolidation (a full build): the first phase only. */
      const consolidating: Operation[] = [
        [
          'edit the poll (every page)',
          async () => {
            const poll = (await cm('api::poll.poll')).body.results[0]!;
            expect((await cm('api::poll.poll', `/${poll.documentId}`, { method: 'PUT', json: { question: `Câu hỏi ${seed} ${word()}?` } })).status).toBe(200);
            expect((await cm('api::poll.poll', `/${poll.documentId}/actions/publish`, { method: 'POST', json: {} })).status).toBe(200);
          },
        ],
        [
          'publish while a full build runs (the weather reaches every page)',
          async () => {
            const note = (await cm('api::weather-note.weather-note')).body.results[0]!;
            const forecast = `Trời ${word()} ${seed} ${Math.floor(next() * 1e6)}`;
            expect((await cm('api::weather-note.weather-note', `/${note.documentId}`, { method: 'PUT', json: { forecast } })).status).toBe(200);
            await eventually(async () => (await publisher.status()).backgroundBuildSince !== null, 'a full build in the background', 30_000, 100);
            // Once the build has read the CMS (its content snapshot is written), the article below
            // is not in it: it goes live incrementally now and must be replayed onto the build.
            const current = path.basename(await realpath(path.join(workDir, 'current')));
            const buildHasRead = async () => {
              for (const dir of await readdir(path.join(workDir, 'builds'))) {
                if (dir > current && (await stat(path.join(workDir, 'builds', dir, SNAPSHOT_FILE)).catch(() => null))) return true;
              }
              return false;
            };
            await eventually(buildHasRead, 'the background build to have read the CMS', 30_000, 50);
            // More publishes than the trees pruning keeps: the build under way must survive them.
            let duringThisBuild = 0;
            for (let i = 0; i <= KEEP; i++) {
              if (i > 0 && !(await publisher.status()).backgroundBuildSince) break;
              const doc = await newsroom.createArticle(
                { title: `Tin trong lúc dựng lại ${seed} ${i} ${Math.floor(next() * 1e6)}` },
                { categorySlug: 'kinh-te', publish: true },
              );
              published.push(doc.documentId);
              const route = `/kinh-te/${doc.slug as string}/`;
              await eventually(async () => (await fetch(`${publisher.siteUrl}${route}`)).status === 200, `${route} live`, 30_000, 100);
              if ((await publisher.status()).backgroundBuildSince) duringThisBuild++;
            }
            replayedDuringBuild += duringThisBuild > 0 ? 1 : 0;
          },
        ],
      ];
      const run = async ([name, operation]: Operation) => {
        done.push(name);
        await operation();
        await settle();
      };
      // Phase one: every kind once, in random order, and a few more at random.
      const everyKind = [...incremental, ...consolidating].map((op) => ({ op, key: next() })).sort((a, b) => a.key - b.key);
      for (const { op } of everyKind) await run(op);
      for (let i = 0; i < 3; i++) await run(pick([...incremental, ...consolidating]));
      await settle();
      await new Promise((r) => setTimeout(r, MOST_READ_SETTLE_MS));
      await settle();

      // Phase two, the compared window: incremental operations only, always a removal, a
      // redirect, a correction and a moderation among them; no full build may run in it.
      done.push('— compared window —');
      const fullBuildsBefore = log.filter((l) => l.startsWith('live: full')).length;
      const must = ['unpublish', 'change the slug (a 301)', 'correct a story', 'approve a comment', 'readers read stories (the most-read box moves)'];
      const window = [...must.map((name) => incremental.find(([n]) => n === name)!), ...Array.from({ length: 6 }, () => pick(incremental))]
        .map((op) => ({ op, key: next() }))
        .sort((a, b) => a.key - b.key);
      for (const { op } of window) await run(op);
      await new Promise((r) => setTimeout(r, MOST_READ_SETTLE_MS));
      await settle();
      const context = `seed ${seed} (TT_EQUALITY_SEEDS=${seed}): ${done.join(', ')}`;
      expect((await publisher.status()).lastFailure, context).toBeNull();
      expect(log.filter((l) => l.startsWith('live: full')).length, `${context}: a full build ran in the compared window`).toBe(fullBuildsBefore);

      const fullBuilds = await mkdtemp(path.join(tmpdir(), 'tintinh-full-'));
      let full: NginxEdge | null = null;
      try {
        const version = await buildVersion({ buildsDir: fullBuilds, env: { STRAPI_URL: cms.url, STRAPI_TOKEN: cms.siteToken, ...SITE_ENV } });
        version.unpin();
        full = await startNginxEdge({ root: version.dir, cmsOrigin: cms.url });
        const liveTree = await realpath(path.join(workDir, 'current'));
        const urls = [...new Set([...(await urlsOfTree(liveTree)), ...(await urlsOfTree(version.dir))])].sort();
        const moved = Object.keys(JSON.parse(await readFile(path.join(version.dir, 'moved-paths.json'), 'utf8')) as Record<string, string>);
        expect(moved.length, context).toBeGreaterThan(0);
        const differences: string[] = [];
        for (const url of [...urls, ...moved]) {
          for (const encoding of ['identity', 'br']) {
            const [a, b] = await Promise.all([get(live.url, url, encoding), get(full.url, url, encoding)]);
            const decoded = (x: Answer) => (x.headers['content-encoding'] === 'br' ? brotliDecompressSync(x.body) : x.body);
            if (a.status !== b.status || JSON.stringify(a.headers) !== JSON.stringify(b.headers) || !decoded(a).equals(decoded(b))) {
              differences.push(`${url} (${encoding}): ${a.status} vs ${b.status}`);
              for (const [side, answer] of [
                ['live', a],
                ['full', b],
              ] as const) {
                const out = path.join(outputDir, 'incremental-diff', String(seed), side, encoding, url.endsWith('/') ? `${url}index.html` : url);
                await mkdir(path.dirname(out), { recursive: true });
                await writeFile(out, `${answer.status} ${JSON.stringify(answer.headers)}\n\n${decoded(answer).toString('utf8')}`);
              }
            }
          }
        }
        expect(differences, context).toEqual([]);
        const [liveSearch, fullSearch] = [await searchableTexts(liveTree), await searchableTexts(version.dir)];
        expect(Object.keys(fullSearch).length, context).toBeGreaterThan(30);
        expect(liveSearch, `${context}: what search finds`).toEqual(fullSearch);
      } finally {
        await full?.stop();
        await rm(fullBuilds, { recursive: true, force: true });
      }
    }, 900_000);
  }

  it('published most changes incrementally, replayed publishes onto a background build, and none waited for a full build', () => {
    const incremental = log.filter((l) => l.startsWith('live: incremental')).length;
    const full = log.filter((l) => l.startsWith('live: full')).length;
    expect(incremental).toBeGreaterThan(full);
    expect(replayedDuringBuild).toBeGreaterThanOrEqual(SEEDS.length);
    const replays = log.filter((l) => /^full build \S+ live with [1-9]\d* change/.test(l));
    expect(replays.length, log.join('\n')).toBeGreaterThanOrEqual(SEEDS.length);
  });
});
