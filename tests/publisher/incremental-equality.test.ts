/**
 * The heart of incremental publishing: after a seeded random sequence of editorial operations,
 * each published incrementally by the real publisher against a real CMS, the live site must be
 * byte for byte what a full build of the same content writes (pages, feeds, sitemaps, redirects,
 * and the precompressed twins of each). The seed is printed on failure; TT_EQUALITY_SEEDS replays.
 * Readers' views are among the operations, and the sequence ends with readers flocking to one
 * story after the last full build, so the most-read box's own path is what brings it in step.
 *
 * Not compared: the search indexes (a full build makes one index, incremental publishes add a
 * second one of what changed since; tests/publisher/publisher.test.ts searches through both) and
 * the build's private parts (.server/, the content snapshot).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../publisher/lib/ports.ts';
import { outputDir } from '../support/browser.ts';
import { SNAPSHOT_FILE } from '../../site/src/lib/content-snapshot.ts';
import { KEEP } from '../../publisher/deployer.ts';
import { listFiles, readLayers } from '../../publisher/layers.ts';
import { startPublisher, type Publisher } from '../../publisher/publisher.ts';
import { Newsroom } from '../support/fixtures.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { buildSiteCli, SITE_URL } from '../support/site-build.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

const SEEDS = (process.env.TT_EQUALITY_SEEDS ?? '11,23,47').split(',').map(Number);
const OPERATIONS = 14;
/** Small enough that the full-text boundary moves within the demo archive. */
const SITE_ENV = { SITE_URL, SEARCH_FULLTEXT_NEWEST: '25' };

type Entry = { documentId: string; [k: string]: unknown };

/** Every file of a site version (a build, or an overlay on one) a reader can be served, twins decoded. */
async function servedTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const [rel, file] of await listFiles(await readLayers(dir))) {
    if (rel.startsWith('.') || rel.startsWith('pagefind/') || rel.startsWith('pagefind-fresh/')) continue;
    const bytes = await readFile(file);
    files.set(rel, rel.endsWith('.br') ? brotliDecompressSync(bytes) : rel.endsWith('.gz') ? gunzipSync(bytes) : bytes);
  }
  return files;
}

/** A browser's user agent: the CMS does not count robots' views. */
const READER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
/** Longer than the view counter's flush and the most-read check together. */
const MOST_READ_SETTLE_MS = 2500;

describe('incremental publishing equals a full build', () => {
  let cms: TestCms;
  let newsroom: Newsroom;
  let admin: string;
  let publisher: Publisher;
  let workDir: string;
  const published: string[] = [];
  const log: string[] = [];
  /** Full builds with articles going live while they still ran behind them. */
  let replayedDuringBuild = 0;
  /** The most articles that went live while one full build ran. */
  let mostDuringOneBuild = 0;

  const cm = (uid: string, suffix = '', init: Parameters<typeof requestJson>[1] = {}) =>
    requestJson<{ data: Entry; results: Entry[] }>(`${cms.url}/content-manager/collection-types/${uid}${suffix}`, { ...init, token: admin });
  const ARTICLE = 'api::article.article';

  /** Waits until the webhooks of the last operation have been published (or judged invisible). */
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 600));
    for (let quiet = 0; quiet < 2; ) {
      await publisher.idle();
      await new Promise((r) => setTimeout(r, 250));
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
        // The most-read box is checked every second, and every view from this one address counts.
        MOST_READ_CRON: '* * * * * *',
        READS_PER_IP_PER_MINUTE: '100000',
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
      quietMs: 200,
      // Sidebar changes consolidate at once: the trees are compared when everything is in step.
      consolidation: { delayMs: 0 },
      log: (line) => log.push(line),
    });
    await settle();
    const list = await requestJson<{ data: Entry[] }>(`${cms.url}/api/articles?pagination[pageSize]=100`);
    published.push(...list.body.data.map((a) => a.documentId));
  }, 600_000);

  afterAll(async () => {
    await publisher?.close();
    await cms?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${OPERATIONS} random operations and a publish behind a full build give the full build's files`, async () => {
      const { next, pick } = seededRandom(seed);
      const categories = (await cm('api::category.category')).body.results.map((c) => c.documentId);
      const tags = (await cm('api::tag.tag')).body.results.map((t) => t.documentId);
      const publish = async (id: string) => expect((await cm(ARTICLE, `/${id}/actions/publish`, { method: 'POST', json: {} })).status).toBe(200);
      const edit = async (id: string, json: Record<string, unknown>) => expect((await cm(ARTICLE, `/${id}`, { method: 'PUT', json })).status).toBe(200);
      const word = () => pick(['Giá Rai', 'Hồng Dân', 'Phước Long', 'Vĩnh Lợi', 'Đông Hải', 'Hòa Bình', 'lúa', 'tôm', 'muối', 'điện gió']);
      const done: string[] = [];
      /** Views of these stories from readers' browsers. */
      const read = async (ids: string[]) => {
        for (const id of ids) {
          const res = await fetch(`${cms.url}/api/reads/${id}`, { method: 'POST', headers: { 'user-agent': READER_AGENT } });
          expect(res.status).toBe(204);
        }
      };
      const operations: Array<[string, () => Promise<void>]> = [
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
          'correct a story (a correction note, republished)',
          async () => {
            const id = pick(published);
            await edit(id, { correction: `Đính chính: bài viết ghi nhầm ${word()}.` });
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
          async () => newsroom.createComment(pick(published), `Bạn đọc ${seed}`, `Bình luận ${word()} ${Math.floor(next() * 1e6)}`, 'approved'),
        ],
        [
          'reject an approved comment',
          async () => {
            const approved = (await cm('api::comment.comment', '?filters[moderationStatus][$eq]=approved&pageSize=100')).body.results;
            if (approved.length === 0) return;
            expect((await cm('api::comment.comment', `/${pick(approved).documentId}`, { method: 'PUT', json: { moderationStatus: 'rejected' } })).status).toBe(
              200,
            );
          },
        ],
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
            expect(
              (await cm('api::weather-note.weather-note', `/${note.documentId}`, { method: 'PUT', json: { forecast: `Trời ${word()} ${seed}` } })).status,
            ).toBe(200);
            const deadline = Date.now() + 30_000;
            while (!(await publisher.status()).backgroundBuildSince && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
            expect((await publisher.status()).backgroundBuildSince, 'a full build in the background').not.toBeNull();
            // Once the build has read the CMS (its content snapshot is written), the article below
            // is not in it: it goes live incrementally now and must be replayed onto the build.
            const live = path.basename(await realpath(path.join(workDir, 'current')));
            const buildHasRead = async () => {
              for (const dir of await readdir(path.join(workDir, 'builds'))) {
                if (dir > live && (await stat(path.join(workDir, 'builds', dir, SNAPSHOT_FILE)).catch(() => null))) return true;
              }
              return false;
            };
            while (!(await buildHasRead()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
            // More publishes than the versions pruning keeps: the build under way is older than
            // all of them and must survive their pruning.
            let duringThisBuild = 0;
            for (let i = 0; i <= KEEP; i++) {
              if (i > 0 && !(await publisher.status()).backgroundBuildSince) break;
              const doc = await newsroom.createArticle(
                { title: `Tin trong lúc dựng lại ${seed} ${i} ${Math.floor(next() * 1e6)}` },
                { categorySlug: 'kinh-te', publish: true },
              );
              published.push(doc.documentId);
              const route = `/kinh-te/${doc.slug as string}/`;
              while ((await fetch(`${publisher.siteUrl}${route}`)).status !== 200) await new Promise((r) => setTimeout(r, 100));
              if ((await publisher.status()).backgroundBuildSince) duringThisBuild++;
            }
            replayedDuringBuild += duringThisBuild > 0 ? 1 : 0;
            mostDuringOneBuild = Math.max(mostDuringOneBuild, duringThisBuild);
          },
        ],
      ];
      // Random operations, then always one publish behind a full build (its replay is the
      // subtle path: the build read the CMS before the article existed), then readers flocking to
      // one story, so the most-read box last moves by itself, after the last full build.
      const flock: [string, () => Promise<void>] = [
        'readers flock to one story',
        async () => {
          const story = pick(published);
          await read(Array.from({ length: 30 }, () => story));
        },
      ];
      const sequence = [...Array.from({ length: OPERATIONS }, () => pick(operations)), operations.at(-1)!, flock];
      for (const [name, run] of sequence) {
        done.push(name);
        await run();
        await settle();
      }
      // Views are stored within a second and the box checked every second: let the last check land.
      await new Promise((r) => setTimeout(r, MOST_READ_SETTLE_MS));
      await settle();
      // Last, a moderation alone: its batch renders its article's page only, and nothing after it
      // (no operation, no full build) renders that page again before the comparison.
      const [approve, approveComment] = operations.find(([name]) => name === 'approve a comment')!;
      done.push(approve);
      await approveComment();
      await settle();
      const status = await publisher.status();
      expect(status.lastFailure, `seed ${seed}: ${done.join(', ')}`).toBeNull();

      const live = await servedTree(await realpath(path.join(workDir, 'current')));
      const fullDir = await mkdtemp(path.join(tmpdir(), 'tintinh-full-'));
      try {
        const build = await buildSiteCli(cms, fullDir, SITE_ENV);
        expect(build.code, build.output).toBe(0);
        const full = await servedTree(fullDir);
        const differences = [...new Set([...live.keys(), ...full.keys()])].filter((f) => !live.get(f)?.equals(full.get(f) ?? Buffer.alloc(0)) || !full.has(f));
        // Both versions of each differing file, for reading the difference after a failure.
        for (const file of differences) {
          for (const [side, tree] of [
            ['live', live],
            ['full', full],
          ] as const) {
            const out = path.join(outputDir, 'incremental-diff', String(seed), side, file);
            await mkdir(path.dirname(out), { recursive: true });
            await writeFile(out, tree.get(file) ?? '(missing)');
          }
        }
        expect(differences, `seed ${seed} (TT_EQUALITY_SEEDS=${seed}): ${done.join(', ')}`).toEqual([]);
      } finally {
        await rm(fullDir, { recursive: true, force: true });
      }
    }, 600_000);
  }

  it('published most of those changes incrementally, not by rebuilding the site, and none waited for a full build', () => {
    const incremental = log.filter((l) => l.startsWith('live: incremental')).length;
    const full = log.filter((l) => l.startsWith('live: full')).length;
    expect(incremental).toBeGreaterThan(full);
    expect(replayedDuringBuild).toBeGreaterThanOrEqual(SEEDS.length);
    // How many went live during one build depends on the machine; tests/unit/sanity-check.test.ts
    // checks deterministically that pruning spares a build under way.
    console.log(`at most ${mostDuringOneBuild} article(s) went live during one background full build`);
    const replays = log.filter((l) => /^full build \S+ live with [1-9]\d* change/.test(l));
    expect(replays.length, log.join('\n')).toBeGreaterThanOrEqual(SEEDS.length);
  });
});
