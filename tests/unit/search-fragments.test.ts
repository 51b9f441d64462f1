/**
 * Hiding taken-down and changed pages from a full build's search index (one index per year), with a real Pagefind,
 * publish after publish in place in the live tree: whether each page's text has a file of its own
 * (a small site) or shares a bundle (an archive), a reader querying the tree's index must find
 * exactly the pages that were not hidden, and a group is rewritten only when it still holds one.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChange } from '../../publisher/live-tree.ts';
import { hideFromSearch, mapSearchFragments, readFragment } from '../../publisher/search-fragments.ts';
import { indexSearchShards } from '../../publisher/search-index.ts';
import { articlePage } from '../support/article-page.ts';
import { seededRandom } from '../support/seeded-random.ts';

const PAGES = 30;
const urls = Array.from({ length: PAGES }, (_, i) => `/tin-tuc/bai-so-${i}/`);

let work: string;

async function buildIndex(site: string, fragmentFiles: number): Promise<void> {
  await rm(site, { recursive: true, force: true });
  for (const [i, url] of urls.entries()) {
    const dir = path.join(site, url);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'index.html'), page(i));
  }
  await indexSearchShards({ buildDir: site, fragmentFiles });
  await mapSearchFragments(site);
}

/** Page `i`: half of them in each of two years. */
function page(i: number): string {
  const published = `${i % 2 ? '2021' : '2022'}-03-${String(1 + i).padStart(2, '0')}T08:00:00+07:00`;
  return articlePage({ title: `Bài số ${i}`, published, body: `tin so ${i} tu khoa${i}` });
}

/** The fragment files of every year's index in a tree. */
async function fragmentFilesOf(tree: string): Promise<string[]> {
  const found: string[] = [];
  for (const year of ['2021', '2022'])
    found.push(...(await readdir(path.join(tree, 'pagefind', year, 'fragment'))).map((f) => path.join('pagefind', year, 'fragment', f)));
  return found;
}

/** Every page whose text a reader can fetch from the tree's index. */
async function readablePages(tree: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await fragmentFilesOf(tree)) {
    const content = readFragment(await readFile(path.join(tree, file))) as { url: string } | Record<string, { url: string }>;
    if (typeof content.url === 'string') found.push(content.url);
    else found.push(...Object.values(content as Record<string, { url: string }>).map((f) => f.url));
  }
  return found.sort();
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tintinh-fragments-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.each([
  { layout: 'a file per page (fewer pages than the bound)', fragmentFiles: 1000 },
  { layout: 'pages bundled into shared files', fragmentFiles: 4 },
])('hiding pages from search in the live tree, $layout', ({ fragmentFiles }) => {
  it('leaves readable exactly the pages not hidden, publish after publish, and rewrites only what still holds one', async () => {
    const tree = path.join(work, `tree-${fragmentFiles}`);
    await buildIndex(tree, fragmentFiles);
    const files = await fragmentFilesOf(tree);
    expect(files.some((f) => f.includes('_group_'))).toBe(fragmentFiles < PAGES / 2);
    const seed = Number(process.env.FRAGMENTS_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const hidden = new Set<string>();
    for (let round = 0; round < 6; round++) {
      // As incremental publishes do: what is stale since the full build only grows.
      for (const url of urls) if (random.next() < 0.15) hidden.add(url);
      const context = `seed ${seed}, round ${round}`;
      const staging = path.join(work, `staging-${fragmentFiles}-${round}`);
      await mkdir(staging);
      const { rewritten, removed } = await hideFromSearch(tree, staging, hidden);
      applyChange(tree, { staging, write: rewritten, remove: removed, twinned: new Set() });
      expect(await readablePages(tree), context).toEqual(urls.filter((u) => !hidden.has(u)).sort());
      // The same set again: nothing left to rewrite or remove.
      const again = await hideFromSearch(tree, staging, hidden);
      expect(again.rewritten, context).toEqual([]);
    }
  });
});
