/**
 * The production shape: two CMS instances on one PostgreSQL database and one Redis, behind
 * Debian's nginx running deploy/nginx/tintinh-cms.conf. What one instance does, the other and
 * the proxy agree on: exact votes and comments, shared caps, a scheduled article published once,
 * a poll edit seen by the other instance's cache, uploads served by either.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CmsCluster, startCmsCluster } from '../../scripts/lib/cms-cluster.ts';
import { openLedger } from '../../scripts/lib/vote-ledger-access.ts';
import { eventually } from '../support/eventually.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { newReader, resultsSettled } from '../support/readers.ts';
import { TEST_ADMIN } from '../support/test-cms.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
type Results = { question: string; totalVotes: number; options: Array<{ id: number; votes: number }> };
type Entry = { documentId: string; [k: string]: unknown };

/** Stands in for the publisher: records every webhook the instances send. */
function webhookReceiver(): Promise<{ server: Server; url: string; events: Array<{ event: string; documentId?: string }> }> {
  const events: Array<{ event: string; documentId?: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const parsed = JSON.parse(body) as { event: string; entry?: { documentId?: string } };
      events.push({ event: parsed.event, documentId: parsed.entry?.documentId });
      res.writeHead(202).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/hooks/strapi`, events });
    }),
  );
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two CMS instances on one PostgreSQL and one Redis, behind nginx', () => {
  let cluster: CmsCluster;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let admin: string;
  let pollId: string;
  let options: Results['options'];
  const [a, b] = [0, 1];
  const instanceUrl = (i: number) => cluster.instances[i]!.url;

  const vote = (base: string, option: number, ip: string) =>
    fetch(`${base}/api/polls/${pollId}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ option }),
    });
  const results = async (base: string) => (await requestJson<{ data: Results }>(`${base}/api/polls/${pollId}/results`)).body.data;

  beforeAll(async () => {
    hooks = await webhookReceiver();
    cluster = await startCmsCluster({
      instances: 2,
      demoArticles: 2,
      env: {
        REDIS_URL,
        RATE_LIMIT_PREFIX: `tintinh-cluster-${randomBytes(4).toString('hex')}`,
        RATE_LIMIT_POINTS: '20',
        VOTES_PER_IP_PER_POLL: '3',
        TRUSTED_PROXIES: '127.0.0.1',
        SCHEDULE_CRON: '* * * * * *',
        PUBLISHER_URL: hooks.url,
        PUBLISHER_SECRET: 'cluster-test-secret',
      },
    });
    admin = await adminToken(instanceUrl(a), TEST_ADMIN.email, TEST_ADMIN.password);
    const polls = await requestJson<{ data: Entry[] }>(`${cluster.url}/api/polls`);
    pollId = polls.body.data[0]!.documentId;
    options = (await results(cluster.url)).options;
  });

  afterAll(async () => {
    await cluster?.stop();
    hooks?.server.close();
  });

  it('counts 2,000 concurrent votes from distinct readers over both instances exactly', async () => {
    const before = (await results(cluster.url)).totalVotes;
    const VOTES = 2000;
    let next = 0;
    const statuses = new Map<number, number>();
    const worker = async () => {
      while (next < VOTES) {
        const n = next++;
        const res = await vote(cluster.url, options[n % options.length]!.id, newReader());
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 100 }, worker));
    expect(Object.fromEntries(statuses)).toEqual({ 201: VOTES });
    await resultsSettled();
    for (const base of [instanceUrl(a), instanceUrl(b), cluster.url]) expect((await results(base)).totalVotes).toBe(before + VOTES);
    const ledger = await openLedger(cluster.first.env);
    try {
      expect(await ledger.audit(pollId)).toEqual({ ledger: before + VOTES, counters: before + VOTES });
    } finally {
      await ledger.close();
    }
    // nginx shared the votes between the instances: each one's log shows some.
    const logs = await Promise.all(['cms.log', 'cms-2.log'].map((f) => readFile(path.join(cluster.first.workDir, f), 'utf8')));
    for (const log of logs) expect(log.split('\n').filter((l) => l.includes(`/api/polls/${pollId}/vote`)).length).toBeGreaterThan(VOTES / 10);
  }, 120_000);

  it('serves the admin API through nginx from either instance with one login', async () => {
    const token = await adminToken(cluster.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await requestJson(`${cluster.url}/content-manager/collection-types/api::poll.poll?pageSize=1`, { token })).status);
    }
    for (const i of [a, b])
      statuses.push((await requestJson(`${instanceUrl(i)}/content-manager/collection-types/api::poll.poll?pageSize=1`, { token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('holds a per-address cap across instances', async () => {
    const ip = newReader();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await vote(instanceUrl(i % 2), options[0]!.id, ip)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('holds the per-address write rate limit across instances', async () => {
    const ip = newReader();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await fetch(`${instanceUrl(i % 2)}/api/polls/khongtontai0000000000000/vote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ option: 1 }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array<number>(20).fill(404), 429, 429]);
  });

  it('stores each of 50 concurrent comments once, pending', async () => {
    const articles = await requestJson<{ data: Entry[] }>(`${cluster.url}/api/articles?pagination[pageSize]=1`);
    const articleId = articles.body.data[0]!.documentId;
    const marker = `cluster-${randomBytes(3).toString('hex')}`;
    const posts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${cluster.url}/api/articles/${articleId}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': newReader() },
          body: JSON.stringify({ authorName: `Bạn đọc ${i}`, body: `Ý kiến số ${i} (${marker})` }),
        }).then((r) => r.status),
      ),
    );
    expect(posts.filter((s) => s === 202)).toHaveLength(50);
    const stored = await requestJson<{ results: Array<{ body: string; moderationStatus: string }> }>(
      `${instanceUrl(b)}/content-manager/collection-types/api::comment.comment?pageSize=100&filters[body][$contains]=${marker}`,
      { token: admin },
    );
    const bodies = stored.body.results.map((c) => c.body);
    expect(new Set(bodies).size).toBe(50);
    expect(bodies).toHaveLength(50);
    expect(stored.body.results.every((c) => c.moderationStatus === 'pending')).toBe(true);
  });

  it("shows a poll edit made on one instance in the other's results within seconds", async () => {
    const newsroom = new Newsroom(instanceUrl(a), admin);
    const question = `Câu hỏi đã sửa ${randomBytes(3).toString('hex')}?`;
    const res = await requestJson(`${instanceUrl(a)}/content-manager/collection-types/api::poll.poll/${pollId}`, {
      method: 'PUT',
      token: admin,
      json: { question },
    });
    expect(res.status).toBe(200);
    await newsroom.publish('api::poll.poll', pollId);
    // The other instance's poll cache follows within seconds (its entries expire, and a publish clears them).
    await eventually(async () => (await results(instanceUrl(b))).question === question, 'instance B to show the edited question', 5000, 200);
  });

  it('publishes each scheduled article once, whichever instance gets there first', async () => {
    // Several articles due at the same second keep both instances' cron busy at once.
    const newsroom = new Newsroom(instanceUrl(a), admin);
    const at = new Date(Date.now() + 3000).toISOString();
    const drafts: Entry[] = [];
    for (let i = 0; i < 8; i++) {
      drafts.push(
        await newsroom.createArticle(
          { title: `Bài hẹn giờ ${i} ${randomBytes(3).toString('hex')}`, body: 'Nội dung bài hẹn giờ.', scheduledAt: at },
          { categorySlug: 'xa-hoi', publish: false },
        ),
      );
    }
    // A sentinel due two seconds later: once the cron has published it, both instances' cron ran
    // several times after the eight were due, and any second publish of theirs was announced.
    const sentinel = await newsroom.createArticle(
      { title: `Bài hẹn giờ canh ${randomBytes(3).toString('hex')}`, body: 'Nội dung bài canh.', scheduledAt: new Date(Date.parse(at) + 2000).toISOString() },
      { categorySlug: 'xa-hoi', publish: false },
    );
    const ids = drafts.map((d) => d.documentId);
    const filter = ids.map((id, i) => `filters[documentId][$in][${i}]=${id}`).join('&');
    const live = async () => (await requestJson<{ data: Entry[] }>(`${cluster.url}/api/articles?${filter}`)).body.data;
    await eventually(async () => (await live()).length === ids.length, 'the eight scheduled articles to be published', 30_000);
    await eventually(
      async () => hooks.events.some((e) => e.event === 'entry.publish' && e.documentId === sentinel.documentId),
      'the sentinel to be published',
      30_000,
    );
    const publishes = hooks.events.filter((e) => e.event === 'entry.publish' && e.documentId && ids.includes(e.documentId));
    expect(publishes.map((e) => e.documentId).sort()).toEqual([...ids].sort());
    const db = new pg.Client({ connectionString: cluster.first.env.DATABASE_URL });
    await db.connect();
    try {
      const rows = await db.query('SELECT count(*) AS n FROM articles WHERE document_id = ANY($1) AND published_at IS NOT NULL', [ids]);
      expect(Number(rows.rows[0].n)).toBe(ids.length);
      // The publication log agrees: one scheduling by the editor, one publication by the CMS, each.
      const log = await db.query<{ action: string; editor_name: string; n: string }>(
        'SELECT action, editor_name, count(*) AS n FROM publication_logs WHERE article_document_id = ANY($1) GROUP BY action, editor_name',
        [ids],
      );
      const summary = log.rows.map((r) => [r.action, r.editor_name, Number(r.n)]).sort((x, y) => String(x[0]).localeCompare(String(y[0]), 'vi'));
      // The first admin's default name (cms/src/bootstrap/admin-user.ts); the CMS itself publishes.
      expect(summary).toEqual([
        ['Đăng', 'Hệ thống', ids.length],
        ['Hẹn giờ', 'Ban Biên tập', ids.length],
      ]);
    } finally {
      await db.end();
    }
  }, 90_000);

  it('serves an upload made through one instance from the other', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0392b' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'anh-cum-may.png');
    const res = await fetch(`${instanceUrl(a)}/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(201);
    const [file] = (await res.json()) as Array<{ url: string }>;
    const [fromA, fromB] = await Promise.all([a, b].map((i) => fetch(`${instanceUrl(i)}${file!.url}`)));
    expect([fromA!.status, fromB!.status]).toEqual([200, 200]);
    const served = Buffer.from(await fromB!.arrayBuffer());
    expect(served.equals(Buffer.from(await fromA!.arrayBuffer()))).toBe(true);
    expect((await sharp(served).metadata()).width).toBe(64);
  });
});
