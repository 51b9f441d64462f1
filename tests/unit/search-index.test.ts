/**
 * The full build's search index, one Pagefind index per year (publisher/search-index.ts), with a
 * real Pagefind: a build indexes again only the years whose pages changed and takes the others
 * from the cache (the same files, by inode), each year's index holds exactly its pages, and a
 * changed page's year is indexed with its new text.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { articleRecord, indexSearchShards } from '../../publisher/search-index.ts';
import { readFragment } from '../../publisher/search-fragments.ts';
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

/** Each shard's index files with their inodes, and the texts its fragments hold, by URL. */
async function shardContents(dir: string, year: string) {
  const root = path.join(dir, 'pagefind', year);
  const inodes = new Map<string, number>();
  const texts = new Map<string, string>();
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    inodes.set(path.relative(root, file), (await stat(file)).ino);
    if (e.name.endsWith('.pf_fragment')) {
      const fragment = readFragment(await readFile(file)) as { url: string; content: string };
      texts.set(fragment.url, fragment.content);
    }
  }
  return { inodes, texts };
}

it('indexes again only the years whose pages changed, and each year holds exactly its pages', async () => {
  const cache = path.join(work, 'cache');
  const first = path.join(work, 'build-1');
  await writeSite(first, (url) => `Nội dung của ${url}`);
  const reports1 = await indexSearchShards({ buildDir: first, cacheDir: cache, fragmentFiles: 1000 });
  expect(reports1.map((r) => [r.shard, r.pages, r.reused])).toEqual([
    ['2021', 3, false],
    ['2020', 3, false],
    ['2019', 3, false],
  ]);
  expect(JSON.parse(await readFile(path.join(first, 'pagefind', 'shards.json'), 'utf8'))).toEqual({ shards: ['2021', '2020', '2019'] });
  for (const year of YEARS) {
    const { texts } = await shardContents(first, year);
    expect([...texts.keys()].sort(), year).toEqual(pages.filter((p) => p.year === year).map((p) => p.url));
  }

  // The next build: one 2020 story corrected, nothing else.
  const corrected = '/xa-hoi/tin-2020-2/';
  const second = path.join(work, 'build-2');
  await writeSite(second, (url) => (url === corrected ? 'Bản đính chính: cầu Kênh Xáng' : `Nội dung của ${url}`));
  const reports2 = await indexSearchShards({ buildDir: second, cacheDir: cache, fragmentFiles: 1000 });
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
  // Only the shards the last build used are kept.
  expect((await readdir(cache)).filter((n) => !n.startsWith('runtime-')).length).toBe(3);
});

it('splits a busy year into parts counted from its oldest page: a new story re-indexes only the newest part', async () => {
  const cache = path.join(work, 'cache-parts');
  const build = (n: number) => path.join(work, `parts-${n}`);
  await writeSite(build(1), (url) => `Nội dung của ${url}`);
  const first = await indexSearchShards({ buildDir: build(1), cacheDir: cache, fragmentFiles: 1000, shardPages: 2 });
  // Three pages a year, two a part: the oldest two in part 1, the newest in part 2.
  expect(first.map((r) => [r.shard, r.pages])).toEqual([
    ['2021-2', 1],
    ['2021-1', 2],
    ['2020-2', 1],
    ['2020-1', 2],
    ['2019-2', 1],
    ['2019-1', 2],
  ]);
  expect([...(await shardContents(build(1), '2021-2')).texts.keys()]).toEqual(['/xa-hoi/tin-2021-3/']);
  await writeSite(build(2), (url) => (url === '/xa-hoi/tin-2021-3/' ? 'Sửa lại' : `Nội dung của ${url}`));
  const second = await indexSearchShards({ buildDir: build(2), cacheDir: cache, fragmentFiles: 1000, shardPages: 2 });
  expect(second.filter((r) => !r.reused).map((r) => r.shard)).toEqual(['2021-2']);
});

it('reads the article element alone, its year and time from the page', () => {
  const record = articleRecord(articlePage({ title: 'Tin', published: '2019-03-10T08:00:00+07:00', body: 'Thân bài' }));
  expect(record).toMatchObject({ year: '2019', published: '2019-03-10T08:00:00+07:00' });
  expect(record?.html).toMatch(/^<article [^>]*data-pagefind-body>.*Thân bài.*<\/article>$/);
  expect(record?.html).not.toContain('Đọc nhiều');
  expect(articleRecord('<html><body><article class="card"><h2>Tin</h2></article></body></html>')).toBeNull();
});

it("is not misled by a reporter's text that spells the article's tags inside attributes, as Astro writes them", () => {
  // Astro escapes `"` in attribute values but leaves `<` and `>`: a title in <meta content> and a
  // caption in <img alt> can hold tag-like text.
  const forged = 'Tiêu đề <article class=&quot;article&quot; data-pagefind-body> giả';
  const page = articlePage({ title: 'Tin', published: '2019-03-10T08:00:00+07:00', body: 'Thân bài sau ảnh' })
    .replace('<head>', `<head><meta property="og:title" content="${forged}">`)
    .replace('<div class="article-body">', '<figure><img alt="ảnh </article> chú thích" src="/a.jpg"></figure><div class="article-body">');
  const record = articleRecord(page);
  expect(record?.html.startsWith('<article class="article" data-pagefind-body><p class="category-header"')).toBe(true);
  expect(record?.html).toContain('Thân bài sau ảnh');
  expect(record?.html.endsWith('</div></article>')).toBe(true);
});

it('refuses an article element without its year or time, naming the page, rather than leave it out of search', () => {
  const page = articlePage({ title: 'Tin', published: '2019-03-10T08:00:00+07:00', body: 'x' }).replace(/ data-pagefind-filter="year:\d{4}"/, '');
  expect(() => articleRecord(page, 'xa-hoi/tin/index.html')).toThrow(/xa-hoi\/tin\/index.html has no year/);
});
