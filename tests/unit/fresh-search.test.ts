/**
 * The fresh search index (publisher/fresh-search.ts): a publish writes, for what changed since the
 * full build, an index of the same format as the full build's with a result file per article;
 * its entry goes live after the files it names and the change list last, and it finds the new
 * article's words.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FreshPages } from '../../publisher/fresh-search.ts';
import { ArchiveSearchIndex } from '../../site/src/lib/archive-search/search-index.ts';
import { articlePage } from '../support/article-page.ts';

let work: string | undefined;

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('writes an index of what changed since the full build, its entry after its files and the change list last', async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tintinh-fresh-'));
  const tree = path.join(work, 'tree');
  const staging = path.join(work, 'staging');
  const url = '/xa-hoi/tin-moi/';
  await mkdir(tree);
  await mkdir(path.join(staging, url), { recursive: true });
  await writeFile(path.join(staging, url, 'index.html'), articlePage({ title: 'Tin mới', published: '2026-12-06T08:00:00+07:00', body: 'chợ nổi Ngã Năm' }));
  const fresh = new FreshPages();
  fresh.record([url], ['/xa-hoi/tin-go/']);
  const change = { staging, write: [`${url.slice(1)}index.html`], remove: [] as string[] };
  await fresh.stage(tree, change);
  expect(change.write.slice(-2)).toEqual(['search-fresh/meta.json', 'search-fresh/changes.json']);
  expect(change.write).toContain('search-fresh/d/0.json');
  expect(JSON.parse(await readFile(path.join(staging, 'search-fresh', 'changes.json'), 'utf8'))).toEqual({
    stale: ['/xa-hoi/tin-go/', url],
    index: true,
  });
  const index = await ArchiveSearchIndex.open((file) => readFile(path.join(staging, 'search-fresh', file)).catch(() => null));
  expect((await index!.search('cho noi nga nam')).map((r) => r.n)).toEqual([0]);
  expect(JSON.parse(await readFile(path.join(staging, 'search-fresh', 'd', '0.json'), 'utf8'))).toMatchObject({ url, title: 'Tin mới', category: 'Xã hội' });
});
