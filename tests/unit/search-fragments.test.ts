/**
 * Hiding taken-down pages from a full build's search index, with a real Pagefind: whether each
 * page's text has a file of its own (a small site) or shares a bundle (an archive), a reader
 * querying the index through the overlay must find exactly the pages that were not hidden.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Every page whose text a reader can fetch from the index: the overlay's files first, then the build's unless removed. */
async function readablePages(base: string, overlay: string, removed: readonly string[]): Promise<string[]> {
  const dir = 'pagefind/fragment';
  const found: string[] = [];
  for (const name of await readdir(path.join(base, dir))) {
    const rel = `${dir}/${name}`;
    const own = await readFile(path.join(overlay, rel)).catch(() => null);
    if (!own && removed.includes(rel)) continue;
    const content = readFragment(own ?? (await readFile(path.join(base, rel)))) as { url: string } | Record<string, { url: string }>;
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
])('hiding pages from search, $layout', ({ fragmentFiles }) => {
  it('leaves readable exactly the pages not hidden, over random choices', async () => {
    const base = path.join(work, `base-${fragmentFiles}`);
    await buildIndex(base, fragmentFiles);
    const files = await readdir(path.join(base, 'pagefind/fragment'));
    expect(files.some((f) => f.includes('_group_'))).toBe(fragmentFiles < PAGES);
    const seed = Number(process.env.FRAGMENTS_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    for (let round = 0; round < 5; round++) {
      const hidden = urls.filter(() => random.next() < 0.3);
      const overlay = path.join(work, `overlay-${fragmentFiles}-${round}`);
      await mkdir(overlay);
      const removed = await hideFromSearch(overlay, base, hidden);
      expect(await readablePages(base, overlay, removed), `seed ${seed}, round ${round}`).toEqual(urls.filter((u) => !hidden.includes(u)).sort());
    }
  });
});

describe('hiding pages from search over successive publishes', () => {
  it('rewrites a group only when it has more to hide, and every overlay hides what it should', async () => {
    const base = path.join(work, 'base-successive');
    await buildIndex(base, 4);
    const seed = Number(process.env.FRAGMENTS_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const hidden = new Set<string>();
    let previous: { overlay: string; hidden: Set<string> } | null = null;
    for (let round = 0; round < 8; round++) {
      // As incremental publishes do: the stale pages only grow, and each overlay starts as hard links of the last.
      for (const url of urls) if (random.next() < 0.1) hidden.add(url);
      const overlay = path.join(work, `successive-${round}`);
      if (previous) await exec('cp', ['-al', previous.overlay, overlay]);
      else await mkdir(overlay);
      const linked = await groupInodes(overlay);
      const removed = await hideFromSearch(overlay, base, hidden);
      const context = `seed ${seed}, round ${round}`;
      expect(await readablePages(base, overlay, removed), context).toEqual(urls.filter((u) => !hidden.has(u)).sort());
      for (const [file, inode] of await groupInodes(overlay)) {
        const pages = await pagesOfGroup(base, file);
        const unchanged = previous !== null && pages.every((url) => hidden.has(url) === previous!.hidden.has(url));
        if (linked.has(file) && unchanged) expect(inode, `${context}: ${file} rewritten with nothing new to hide`).toBe(linked.get(file));
        if (!unchanged) expect(inode, `${context}: ${file} not rewritten`).not.toBe(linked.get(file));
      }
      previous = { overlay, hidden: new Set(hidden) };
    }
  });
});

/** The group files an overlay holds, by inode (a hard link keeps it, a rewrite does not). */
async function groupInodes(overlay: string): Promise<Map<string, number>> {
  const dir = 'pagefind/fragment';
  const out = new Map<string, number>();
  for (const name of await readdir(path.join(overlay, dir)).catch(() => [] as string[])) {
    out.set(`${dir}/${name}`, (await stat(path.join(overlay, dir, name))).ino);
  }
  return out;
}

/** The page URLs whose text a group file of the full build holds. */
async function pagesOfGroup(base: string, file: string): Promise<string[]> {
  const group = readFragment(await readFile(path.join(base, file))) as Record<string, { url: string }>;
  return Object.values(group).map((f) => f.url);
}
