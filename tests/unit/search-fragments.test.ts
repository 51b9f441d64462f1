/**
 * Hiding taken-down and changed pages from a full build's search index, with a real Pagefind,
 * publish after publish in place in the live tree: whether each page's text has a file of its own
 * (a small site) or shares a bundle (an archive), a reader querying the tree's index must find
 * exactly the pages that were not hidden, and a group is rewritten only when it still holds one.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChange } from '../../publisher/live-tree.ts';
import { hideFromSearch, mapSearchFragments, readFragment } from '../../publisher/search-fragments.ts';
import { searchIndexArgs } from '../../publisher/site-build.ts';
import { seededRandom } from '../support/seeded-random.ts';

const exec = promisify(execFile);
const PAGES = 30;
const urls = Array.from({ length: PAGES }, (_, i) => `/tin-tuc/bai-so-${i}/`);

let work: string;

async function buildIndex(site: string, fragmentFiles: number): Promise<void> {
  await rm(site, { recursive: true, force: true });
  for (const [i, url] of urls.entries()) {
    const dir = path.join(site, url);
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'index.html'),
      `<!DOCTYPE html><html lang="vi"><head><title>Bài ${i}</title></head><body><h1>Bài số ${i}</h1><div data-pagefind-body><p>tin so ${i} tu khoa${i}</p></div></body></html>`,
    );
  }
  await exec(process.execPath, searchIndexArgs(site, fragmentFiles));
  await mapSearchFragments(site);
}

/** Every page whose text a reader can fetch from the tree's index. */
async function readablePages(tree: string): Promise<string[]> {
  const dir = 'pagefind/fragment';
  const found: string[] = [];
  for (const name of await readdir(path.join(tree, dir))) {
    const content = readFragment(await readFile(path.join(tree, dir, name))) as { url: string } | Record<string, { url: string }>;
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
    const files = await readdir(path.join(tree, 'pagefind/fragment'));
    expect(files.some((f) => f.includes('_group_'))).toBe(fragmentFiles < PAGES);
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
