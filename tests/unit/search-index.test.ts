/**
 * The full build's search index (publisher/search-index.ts; decision 11): a build splits into words
 * again only the years whose pages changed and takes the others from the cache (the same result
 * files, by inode), each year holds exactly its pages, a changed page's year is done with its new
 * text, and the index finds what the pages say.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { articleRecord, indexSearchShards } from '../../publisher/search-index.ts';
import { ArchiveSearchIndex } from '../../site/src/lib/archive-search/search-index.ts';
import { articlePage } from '../support/article-page.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tintinh-search-index-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const YEARS = ['2019', '2020', '2021'];
const pages = YEARS.flatMap((year) => [1, 2, 3].map((n) => ({ url: `/xa-hoi/tin-${year}-${n}/`, year, n })));

async function writeSite(dir: string, bodyOf: (url: string) => string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const p of pages) {
    await mkdir(path.join(dir, p.url), { recursive: true });
    const published = `${p.year}-0${p.n}-10T08:00:00+07:00`;
    await writeFile(path.join(dir, p.url, 'index.html'), articlePage({ title: `Tin ${p.year} số ${p.n}`, published, body: bodyOf(p.url) }));
  }
  // A page at article depth without an article (a listing's second page): not indexed.
  await mkdir(path.join(dir, 'xa-hoi', 'trang-2'), { recursive: true });
  await writeFile(path.join(dir, 'xa-hoi', 'trang-2', 'index.html'), '<!DOCTYPE html><html lang="vi"><body><ol></ol></body></html>');
}

/** A year's result files (by their number in the year) with their inodes, and their texts by URL. */
async function shardContents(dir: string, year: string) {
  const list = JSON.parse(await readFile(path.join(dir, 'search', 'years.json'), 'utf8')) as { years: Array<{ year: string; from: number; to: number }> };
  const range = list.years.find((y) => y.year === year)!;
  const inodes = new Map<number, number>();
  const texts = new Map<string, string>();
  for (let n = range.from; n < range.to; n++) {
    const file = path.join(dir, 'search', 'd', `${n}.json`);
    inodes.set(n - range.from, (await stat(file)).ino);
    const fragment = JSON.parse(await readFile(file, 'utf8')) as { url: string; text: string };
    texts.set(fragment.url, fragment.text);
  }
  return { inodes, texts };
}

const search = async (dir: string, q: string) => {
  const index = await ArchiveSearchIndex.open((file) => readFile(path.join(dir, 'search', file)).catch(() => null));
  const found = await index!.search(q);
  return Promise.all(found.map(async (r) => (JSON.parse(await readFile(path.join(dir, 'search', 'd', `${r.n}.json`), 'utf8')) as { url: string }).url));
};

it('indexes again only the years whose pages changed, and each year holds exactly its pages', async () => {
  const cache = path.join(work, 'cache');
  const first = path.join(work, 'build-1');
  await writeSite(first, (url) => `Nội dung của ${url}`);
  const reports1 = await indexSearchShards({ buildDir: first, cacheDir: cache });
  expect(reports1.map((r) => [r.shard, r.pages, r.reused])).toEqual([
    ['2021', 3, false],
    ['2020', 3, false],
    ['2019', 3, false],
  ]);
  const list = JSON.parse(await readFile(path.join(first, 'search', 'years.json'), 'utf8')) as { years: Array<{ year: string }> };
  expect(list.years.map((y) => y.year)).toEqual(['2021', '2020', '2019']);
  for (const year of YEARS) {
    const { texts } = await shardContents(first, year);
    expect([...texts.keys()].sort(), year).toEqual(pages.filter((p) => p.year === year).map((p) => p.url));
  }

  // The next build: one 2020 story corrected, nothing else.
  const corrected = '/xa-hoi/tin-2020-2/';
  const second = path.join(work, 'build-2');
  await writeSite(second, (url) => (url === corrected ? 'Bản đính chính: cầu Kênh Xáng' : `Nội dung của ${url}`));
  const reports2 = await indexSearchShards({ buildDir: second, cacheDir: cache });
  expect(reports2.map((r) => [r.shard, r.reused])).toEqual([
    ['2021', true],
    ['2020', false],
    ['2019', true],
  ]);
  for (const year of ['2021', '2019']) {
    const [before, after] = [await shardContents(first, year), await shardContents(second, year)];
    // The same files, linked from the cache: not written again.
    expect(after.inodes, year).toEqual(before.inodes);
  }
  const after2020 = await shardContents(second, '2020');
  expect(after2020.texts.get(corrected)).toContain('Bản đính chính: cầu Kênh Xáng');
  expect(after2020.texts.get(corrected)).not.toContain('Nội dung của');
  // The index written from the kept years and the new one finds the new text, not the old.
  expect(await search(second, 'cau kenh xang')).toEqual([corrected]);
  expect(await search(second, `noi dung cua ${corrected}`)).toEqual([]);
  expect(await search(second, 'Nội dung của /xa-hoi/tin-2019-1/')).toEqual(['/xa-hoi/tin-2019-1/']);
  // Only the years the last build used are kept.
  expect((await readdir(cache)).filter((n) => !n.startsWith('.')).length).toBe(3);
});

it('reads the article element alone, its year and time from the page', () => {
  const record = articleRecord(articlePage({ title: 'Tin', published: '2019-03-10T08:00:00+07:00', body: 'Thân bài' }));
  expect(record).toMatchObject({ year: '2019', published: '2019-03-10T08:00:00+07:00' });
  expect(record?.html).toMatch(/^<article [^>]*data-search-body>.*Thân bài.*<\/article>$/);
  expect(record?.html).not.toContain('Đọc nhiều');
  expect(articleRecord('<html><body><article class="card"><h2>Tin</h2></article></body></html>')).toBeNull();
});

it("is not misled by a reporter's text that spells the article's tags inside attributes, as Astro writes them", () => {
  // Astro escapes `"` in attribute values but leaves `<` and `>`: a title in <meta content> and a
  // caption in <img alt> can hold tag-like text.
  const forged = 'Tiêu đề <article class=&quot;article&quot; data-search-body> giả';
  const page = articlePage({ title: 'Tin', published: '2019-03-10T08:00:00+07:00', body: 'Thân bài sau ảnh' })
    .replace('<head>', `<head><meta property="og:title" content="${forged}">`)
    .replace('<div class="article-body">', '<figure><img alt="ảnh </article> chú thích" src="/a.jpg"></figure><div class="article-body">');
  const record = articleRecord(page);
  expect(record?.html.startsWith('<article class="article" data-search-body><p class="category-header"')).toBe(true);
  expect(record?.html).toContain('Thân bài sau ảnh');
  expect(record?.html.endsWith('</div></article>')).toBe(true);
});

it('refuses an article element without its time, naming the page, rather than leave it out of search', () => {
  const page = articlePage({ title: 'Tin', published: '2019-03-10T08:00:00+07:00', body: 'x' }).replace(/<time datetime="[^"]+">/, '<time>');
  expect(() => articleRecord(page, 'xa-hoi/tin/index.html')).toThrow(/xa-hoi\/tin\/index.html has no time/);
});
