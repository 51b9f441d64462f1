/**
 * Hiding taken-down and changed pages from a full build's search index, publish after publish in
 * place in the live tree: a reader fetching the tree's result files must find exactly the pages
 * that were not hidden, and hiding the same pages again removes nothing more.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChange } from '../../publisher/live-tree.ts';
import { hideFromSearch } from '../../publisher/search-fragments.ts';
import { indexSearchShards } from '../../publisher/search-index.ts';
import { articlePage } from '../support/article-page.ts';
import { seededRandom } from '../support/seeded-random.ts';

const PAGES = 30;
const urls = Array.from({ length: PAGES }, (_, i) => `/tin-tuc/bai-so-${i}/`);

let work: string;

async function buildIndex(site: string): Promise<void> {
  await rm(site, { recursive: true, force: true });
  for (const [i, url] of urls.entries()) {
    const dir = path.join(site, url);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'index.html'), page(i));
  }
  await indexSearchShards({ buildDir: site });
}

/** Page `i`: half of them in each of two years. */
function page(i: number): string {
  const published = `${i % 2 ? '2021' : '2022'}-03-${String(1 + i).padStart(2, '0')}T08:00:00+07:00`;
  return articlePage({ title: `Bài số ${i}`, published, body: `tin so ${i} tu khoa${i}` });
}

/** Every page whose result a reader can fetch from the tree. */
async function readablePages(tree: string): Promise<string[]> {
  const found: string[] = [];
  const dir = path.join(tree, 'search', 'd');
  for (const file of await readdir(dir)) found.push((JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { url: string }).url);
  return found.sort();
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tintinh-fragments-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('hiding pages from search in the live tree', () => {
  it('leaves readable exactly the pages not hidden, publish after publish', async () => {
    const tree = path.join(work, 'tree');
    await buildIndex(tree);
    expect(await readablePages(tree)).toEqual([...urls].sort());
    const seed = Number(process.env.FRAGMENTS_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const hidden = new Set<string>();
    for (let round = 0; round < 6; round++) {
      // As incremental publishes do: what is stale since the full build only grows.
      for (const url of urls) if (random.next() < 0.15) hidden.add(url);
      const context = `seed ${seed}, round ${round}`;
      const staging = path.join(work, `staging-${round}`);
      await mkdir(staging);
      const { removed } = await hideFromSearch(tree, hidden);
      applyChange(tree, { staging, write: [], remove: removed, twinned: new Set() });
      expect(await readablePages(tree), context).toEqual(urls.filter((u) => !hidden.has(u)).sort());
      // The same set again: nothing left to remove.
      expect((await hideFromSearch(tree, hidden)).removed, context).toEqual([]);
    }
  });
});
