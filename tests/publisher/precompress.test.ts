/**
 * Compression while a full build writes its pages (precompress-follow.ts) may read a page that is
 * only partly written. The pass after the build must then make its twins again, and keep the
 * twins of every page that did not change: real child processes on real files.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../scripts/lib/processes.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { compressFiles } from '../../scripts/publisher/precompress.ts';

const FOLLOWER = path.join(repoRoot, 'scripts', 'publisher', 'precompress-follow.ts');
const page = (n: number, paragraphs: number) =>
  `<!doctype html><html lang="vi"><h1>Bài ${n}</h1>${'<p>Đảng bộ huyện Hồng Dân kết nạp đảng viên mới.</p>'.repeat(paragraphs)}</html>`;

async function expectTwinsOf(file: string): Promise<void> {
  const content = await readFile(file);
  expect(brotliDecompressSync(await readFile(`${file}.br`)).equals(content), `${file}.br`).toBe(true);
  expect(gunzipSync(await readFile(`${file}.gz`)).equals(content), `${file}.gz`).toBe(true);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('compression while a build writes its pages', () => {
  let dir: string;
  const urls = ['/xa-hoi/bai-1/', '/xa-hoi/bai-2/', '/kinh-te/bai-3/'];
  const fileOf = (url: string) => path.join(dir, 'site', url, 'index.html');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tintinh-follow-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes again the twins of a page read while it was written, and keeps the others', async () => {
    const documents = path.join(dir, 'documents.ndjson');
    await writeFile(documents, urls.map((url) => `${JSON.stringify({ url, html: '' })}\n`).join(''));
    for (const url of urls) await mkdir(path.dirname(fileOf(url)), { recursive: true });
    const stopFile = path.join(dir, 'astro-done');
    const madeFrom = path.join(dir, 'made-from.json');
    const follower = run('follow', process.execPath, [FOLLOWER, documents, path.join(dir, 'site'), stopFile, madeFrom], {
      cwd: repoRoot,
      output: { quiet: true },
    });
    // The first two pages are written whole; the third only in part when the follower reads it.
    await writeFile(fileOf(urls[0]!), page(1, 40));
    await writeFile(fileOf(urls[1]!), page(2, 40));
    await writeFile(fileOf(urls[2]!), page(3, 20));
    await until(() => urls.every((url) => existsSync(`${fileOf(url)}.br`)), 'the follower to compress the pages');
    await writeFile(fileOf(urls[2]!), page(3, 40));
    await writeFile(stopFile, '');
    await follower;
    const kept = await stat(`${fileOf(urls[0]!)}.br`, { bigint: true });

    await compressFiles(
      urls.map((url) => fileOf(url)),
      { madeFrom, output: { quiet: true } },
    );
    for (const url of urls) await expectTwinsOf(fileOf(url));
    // Made once, from the whole page: not written again.
    expect((await stat(`${fileOf(urls[0]!)}.br`, { bigint: true })).mtimeNs).toBe(kept.mtimeNs);
  });

  it('stops when told, even with pages still to come', async () => {
    const documents = path.join(dir, 'never.ndjson');
    await writeFile(documents, `${JSON.stringify({ url: '/xa-hoi/chua-viet/', html: '' })}\n`);
    const stopFile = path.join(dir, 'stop-now');
    const madeFrom = path.join(dir, 'never-made.json');
    const follower = run('follow', process.execPath, [FOLLOWER, documents, path.join(dir, 'site'), stopFile, madeFrom], {
      cwd: repoRoot,
      output: { quiet: true },
    });
    await new Promise((r) => setTimeout(r, 500));
    await writeFile(stopFile, '');
    await follower;
    expect(JSON.parse(await readFile(madeFrom, 'utf8'))).toEqual({});
  });
});
