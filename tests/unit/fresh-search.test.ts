/**
 * The fresh search index is written by Pagefind's service process, which the library starts as
 * our child at our own priority: the publisher lowers it, every thread, so indexing at each
 * publish does not take CPU from the static server in the same process tree (kernel values read
 * from /proc).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { childrenNamed, threadNiceness } from '../../publisher/lib/child-priority.ts';
import { closeFreshSearch, FreshPages } from '../../publisher/fresh-search.ts';
import { articlePage } from '../support/article-page.ts';

let work: string | undefined;

afterAll(async () => {
  await closeFreshSearch();
  if (work) await rm(work, { recursive: true, force: true });
});

it('indexes fresh pages in a search service running below the publisher’s priority', async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tintinh-fresh-'));
  const tree = path.join(work, 'tree');
  const staging = path.join(work, 'staging');
  const url = '/xa-hoi/tin-moi/';
  await mkdir(tree);
  await mkdir(path.join(staging, url), { recursive: true });
  await writeFile(path.join(staging, url, 'index.html'), articlePage({ title: 'Tin mới', published: '2026-12-06T08:00:00+07:00', body: 'chợ nổi Ngã Năm' }));
  const fresh = new FreshPages();
  fresh.record([url], []);
  const change = { staging, write: [`${url.slice(1)}index.html`], remove: [] };
  await fresh.stage(tree, change);
  expect(await readdir(path.join(staging, 'pagefind-fresh'))).toContain('pagefind-entry.json');
  // The entry goes live after the files it names, the change list last.
  expect(change.write.slice(-2)).toEqual(['pagefind-fresh/pagefind-entry.json', 'pagefind-fresh/changes.json']);
  const services = childrenNamed('pagefind');
  expect(services.length).toBeGreaterThan(0);
  for (const pid of services) {
    const niceness = threadNiceness(pid);
    expect(niceness.length, `threads of ${pid}`).toBeGreaterThan(0);
    expect(
      niceness.every((n) => n >= 10),
      `niceness of the threads of ${pid}: ${niceness.join(', ')}`,
    ).toBe(true);
  }
});
