/**
 * A newsroom that started on SQLite moves to PostgreSQL with the documented commands (backup,
 * then restore into the new instance): nothing is lost on the way. Votes, comments, moved URLs
 * and uploads come back identical, and the site built from the new instance equals the site
 * built from the old one, file for file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupCms, restoreCms } from '../../scripts/lib/backup.ts';
import { eventually } from '../support/eventually.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { newReader } from '../support/readers.ts';
import { buildSiteCli, readAllOutput } from '../support/site-build.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

type Entry = { documentId: string; [k: string]: unknown };
const CMS_PUBLIC_URL = 'https://cms.tintinh.test';

/**
 * JSON with object keys in one order, whatever order the database returned them in, and without
 * row ids: a transfer keeps every documentId but numbers rows afresh (pages use documentIds).
 */
const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (key, v: unknown) => {
    if (key === 'id' && typeof v === 'number') return undefined;
    return v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v;
  });

describe.skipIf(!process.env.TEST_DATABASE_URL)('backup on SQLite, restore on PostgreSQL', () => {
  let work: string;
  let source: TestCms;
  let target: TestCms;
  const admins = new Map<TestCms, string>();
  let movedFrom = '';

  const snapshot = async (cms: TestCms) => {
    const token = admins.get(cms)!;
    const polls = (await requestJson<{ data: Entry[] }>(`${cms.url}/api/polls?pagination[pageSize]=100&sort=documentId`)).body.data;
    const results = [];
    for (const poll of polls) results.push((await requestJson<{ data: unknown }>(`${cms.url}/api/polls/${poll.documentId}/results`)).body.data);
    const comments = await requestJson<{ results: Array<Record<string, unknown>> }>(
      `${cms.url}/content-manager/collection-types/api::comment.comment?pageSize=100&sort=body:asc&populate=article`,
      { token },
    );
    const redirects = await requestJson<unknown>(`${cms.url}/api/redirects`);
    const files = await requestJson<{ results: Array<{ hash: string; url: string; name: string }> }>(`${cms.url}/upload/files?pageSize=100&sort=hash:asc`, {
      token,
    });
    const bytes: Record<string, string> = {};
    for (const f of files.body.results) {
      bytes[f.url] = Buffer.from(await (await fetch(`${cms.url}${f.url}`)).arrayBuffer()).toString('base64');
    }
    return {
      results,
      comments: comments.body.results.map((c) => ({
        authorName: c.authorName,
        body: c.body,
        moderationStatus: c.moderationStatus,
        article: (c.article as Entry | null)?.documentId ?? null,
      })),
      redirects: redirects.body,
      files: files.body.results.map((f) => ({ name: f.name, hash: f.hash, url: f.url })),
      bytes,
    };
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'tintinh-move-'));
    source = await startTestCms({ database: 'sqlite', demoArticles: 3, env: { TRUSTED_PROXIES: '127.0.0.1' } });
    const admin = await adminToken(source.url, TEST_ADMIN.email, TEST_ADMIN.password);
    admins.set(source, admin);
    const newsroom = new Newsroom(source.url, admin);

    // Votes from 40 readers.
    const polls = (await requestJson<{ data: Entry[] }>(`${source.url}/api/polls`)).body.data;
    const poll = polls[0]!.documentId;
    const options = (await requestJson<{ data: { options: Array<{ id: number }> } }>(`${source.url}/api/polls/${poll}/results`)).body.data.options;
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${source.url}/api/polls/${poll}/vote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': newReader() },
        body: JSON.stringify({ option: options[i % 3]!.id }),
      });
      expect(res.status).toBe(201);
    }
    // Comments, approved and pending; a draft; a moved article; an upload.
    const articles = (await requestJson<{ data: Entry[] }>(`${source.url}/api/articles?sort=documentId`)).body.data;
    await newsroom.createComment(articles[0]!.documentId, 'Nguyễn Văn A', 'Bài viết rất hay, cảm ơn báo.', 'approved');
    await newsroom.createComment(articles[0]!.documentId, 'Trần Thị B', 'Đề nghị báo đưa thêm tin về lúa.', 'pending');
    await newsroom.createArticle(
      { title: `Bản nháp chưa đăng ${randomBytes(2).toString('hex')}`, body: 'Chưa đăng.' },
      { categorySlug: 'xa-hoi', publish: false },
    );
    const moved = articles[1]!;
    movedFrom = String(moved.slug);
    const renamed = await requestJson(`${source.url}/content-manager/collection-types/api::article.article/${moved.documentId}`, {
      method: 'PUT',
      token: admin,
      json: { slug: `${String(moved.slug)}-da-doi` },
    });
    expect(renamed.status).toBe(200);
    await newsroom.publish('api::article.article', moved.documentId);
    const png = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#1e8449' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'anh-dong-lua.png');
    expect((await fetch(`${source.url}/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` } })).status).toBe(201);
    // The editors' vote counts (the option rows) follow the ledger within seconds: back up once they have.
    const editorVotes = async () =>
      (
        await requestJson<{ data: { options: Array<{ votes: number }> } }>(
          `${source.url}/content-manager/collection-types/api::poll.poll/${poll}?status=published`,
          {
            token: admin,
          },
        )
      ).body.data.options.reduce((sum, o) => sum + o.votes, 0);
    const ledgerVotes = async () =>
      (await requestJson<{ data: { options: Array<{ votes: number }> } }>(`${source.url}/api/polls/${poll}/results`)).body.data.options.reduce(
        (sum, o) => sum + o.votes,
        0,
      );
    await eventually(async () => (await editorVotes()) === (await ledgerVotes()), "the editors' vote counts to follow the ledger", 15_000);

    const backup = path.join(work, 'tintinh.tar');
    await backupCms(backup, source.env, { file: path.join(work, 'backup.log') });
    target = await startTestCms({ database: 'postgres', beforeStart: (env) => restoreCms(backup, env, { file: path.join(work, 'restore.log') }) });
    admins.set(target, await adminToken(target.url, TEST_ADMIN.email, TEST_ADMIN.password));
  }, 600_000);

  afterAll(async () => {
    await source?.stop();
    await target?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('brings back poll results, comments, redirects and uploads identical', async () => {
    const before = await snapshot(source);
    const after = await snapshot(target);
    expect(before.results.length).toBeGreaterThan(0);
    expect(JSON.stringify(before.results)).toContain('"totalVotes":40');
    expect(before.comments.map((c) => c.moderationStatus).sort()).toEqual(['approved', 'pending']);
    expect(JSON.stringify(before.redirects)).toContain(movedFrom);
    expect(before.files.map((f) => f.name)).toContain('anh-dong-lua.png');
    expect(after).toEqual(before);
  });

  it('builds the same site from the new instance, file for file', async () => {
    const outs = [path.join(work, 'site-sqlite'), path.join(work, 'site-postgres')];
    const builds = await Promise.all([source, target].map((cms, i) => buildSiteCli(cms, outs[i]!, { STRAPI_PUBLIC_URL: CMS_PUBLIC_URL })));
    for (const b of builds) expect(b.code, b.output).toBe(0);
    // .server/ holds the renderer's compiled code, which embeds the CMS address it was built
    // against (the two instances differ in that): not content, never served.
    // The content snapshot kept for incremental builds starts with the time the build ran, and
    // PostgreSQL hands JSON columns (image formats) back with their keys in another order.
    const content = async (dir: string) =>
      new Map(
        [...(await readAllOutput(dir))]
          .filter(([file]) => !file.startsWith('.server/'))
          .map(([file, text]) => [
            file,
            file.endsWith('.ndjson')
              ? text
                  .replace(/^\{"builtAt":"[^"]+"/, '{"builtAt":"(build time)"')
                  .split('\n')
                  .map((line) => (line ? sortedJson(JSON.parse(line)) : line))
                  .join('\n')
              : text,
          ]),
      );
    const [old, moved] = await Promise.all(outs.map(content));
    const only = (a: Map<string, string>, b: Map<string, string>) => [...a.keys()].filter((k) => !b.has(k));
    expect({ onlyOld: only(old!, moved!), onlyNew: only(moved!, old!) }).toEqual({ onlyOld: [], onlyNew: [] });
    // Each differing file with its first differing line, old and new.
    const differing = [...old!.keys()]
      .filter((k) => old!.get(k) !== moved!.get(k))
      .map((file) => {
        const [a, b] = [old!.get(file)!.split('\n'), moved!.get(file)!.split('\n')];
        const at = a.findIndex((lineText, i) => lineText !== b[i]);
        const [x, y] = [a[at] ?? '', b[at] ?? ''];
        let c = 0;
        while (c < x.length && x[c] === y[c]) c++;
        const around = (t: string) => t.slice(Math.max(0, c - 120), c + 200);
        return { file, line: at + 1, old: around(x), new: around(y) };
      });
    expect(differing).toEqual([]);
  }, 600_000);
});
