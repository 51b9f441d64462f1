/**
 * Which file of a full build's Pagefind index holds which page. The full index cannot be edited
 * between full builds, and each page's text sits in one fragment file that anyone can fetch by
 * querying the index directly. When a page is taken down or corrected, the overlay lists its old
 * fragment as removed, so the static server answers 404 for it: the old text is gone from search
 * at once, not at the next full build (the search page drops results whose fragment is missing).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { eachLimited } from './each-limited.ts';

const FRAGMENT_DIR = 'pagefind/fragment';
/** Dot-named: the static server never serves it. */
const MAP_FILE = '.search-fragments.json';
/** Pagefind prefixes each decompressed fragment with this signature. */
const SIGNATURE = 'pagefind_dcd';

/** Reads every fragment of a full build once and saves page URL → fragment file beside it. */
export async function mapSearchFragments(buildDir: string): Promise<number> {
  const names = (await readdir(path.join(buildDir, FRAGMENT_DIR)).catch(() => [] as string[])).filter((n) => n.endsWith('.pf_fragment'));
  const map: Record<string, string> = {};
  await eachLimited(names, 16, async (name) => {
    const text = gunzipSync(await readFile(path.join(buildDir, FRAGMENT_DIR, name))).toString('utf8');
    const { url } = JSON.parse(text.startsWith(SIGNATURE) ? text.slice(SIGNATURE.length) : text) as { url?: unknown };
    if (typeof url === 'string') map[url] = `${FRAGMENT_DIR}/${name}`;
  });
  await writeFile(path.join(buildDir, MAP_FILE), JSON.stringify(map));
  return names.length;
}

const loaded = new Map<string, Promise<Map<string, string>>>();

/** The fragment files (relative paths) of `urls` in the full build `buildDir`'s index. */
export async function fragmentsOf(buildDir: string, urls: Iterable<string>): Promise<string[]> {
  let map = loaded.get(buildDir);
  if (!map) {
    map = readFile(path.join(buildDir, MAP_FILE), 'utf8').then(
      (text) => new Map(Object.entries(JSON.parse(text) as Record<string, string>)),
      () => new Map<string, string>(),
    );
    loaded.clear(); // one full build is live at a time
    loaded.set(buildDir, map);
  }
  const byUrl = await map;
  return [...urls].flatMap((url) => byUrl.get(url) ?? []);
}
