/**
 * The fresh search index (publisher/fresh-search.ts): a publish writes, for what changed since the
 * full build, an index of the same format as the full build's with a result file per article;
 * its entry goes live after the files it names and the change list (which carries the entry too)
 * last, and it finds the new article's words.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FreshPages } from '../../publisher/fresh-search.ts';
import { freshChangesOf } from '../../site/src/lib/archive-search/fresh-changes.ts';
import { FORMAT } from '../../site/src/lib/archive-search/layout.ts';
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
  const changes = freshChangesOf(JSON.parse(await readFile(path.join(staging, 'search-fresh', 'changes.json'), 'utf8')));
  expect(changes.stale).toEqual(['/xa-hoi/tin-go/', url]);
  // The change list carries the index's entry: the page asks for nothing else before the buckets.
  expect(changes.meta).toEqual(JSON.parse(await readFile(path.join(staging, 'search-fresh', 'meta.json'), 'utf8')));
  const asked: string[] = [];
  const index = ArchiveSearchIndex.withMeta(changes.meta!, (file) => {
    asked.push(file);
    return readFile(path.join(staging, 'search-fresh', file)).catch(() => null);
  });
  expect((await index.search('cho noi nga nam')).map((r) => r.n)).toEqual([0]);
  expect(asked).not.toContain('meta.json');
  expect(
    asked.every((file) => /^[bp]\//.test(file)),
    asked.join(' '),
  ).toBe(true);
  expect(JSON.parse(await readFile(path.join(staging, 'search-fresh', 'd', '0.json'), 'utf8'))).toMatchObject({ url, title: 'Tin mới', category: 'Xã hội' });
});

it('reads a malformed or absent change list as none: the full index alone, never an error', () => {
  const meta = { format: FORMAT, span: 64, buckets: 8 };
  expect(freshChangesOf({ stale: ['/a/'], meta })).toEqual({ stale: ['/a/'], meta });
  for (const value of [null, 'x', [], { stale: 'x' }, { stale: [1] }, { meta: { ...meta, format: 'older' } }, { meta: { ...meta, span: 0 } }]) {
    expect(freshChangesOf(value), JSON.stringify(value)).toEqual({ stale: [], meta: null });
  }
});
