/**
 * Which file of a full build holds which article's search result (its title and text:
 * search-index.ts), and how a publish hides the result of pages taken down or changed since: the
 * full build's index cannot be rewritten between full builds, and anyone can fetch a result file
 * by asking for it directly. The page's file is removed from the live tree, so its old text is
 * gone from search at once, not at the next full build: the search page drops results whose file
 * it cannot load.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { eachLimited } from './each-limited.ts';

/**
 * Page URL → its result file, in files by a hash of the URL: a publish needs the places of a few
 * pages, and one map of 200,000 (≈20 MB of JSON, parsed in the static server's process) held
 * readers for seconds at the first publish after each full build. Dot-named: never served.
 */
const MAP_DIR = '.search-fragments';
const MAP_BUCKETS = 256;

const mapSchema = z.record(z.string(), z.string());

/** The map file that holds `url` (FNV-1a of its UTF-16 code units: stable, and any spread will do). */
function bucketFile(url: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) hash = Math.imul(hash ^ url.charCodeAt(i), 0x01000193);
  return `${MAP_DIR}/${((hash >>> 0) % MAP_BUCKETS).toString(16).padStart(2, '0')}.json`;
}

/** Saves page URL → result file (relative to the build) beside a full build's index. */
export async function writeFragmentMap(buildDir: string, locations: Iterable<readonly [string, string]>): Promise<void> {
  const buckets = new Map<string, Record<string, string>>();
  for (const [url, file] of locations) {
    const bucket = bucketFile(url);
    const entries = buckets.get(bucket) ?? {};
    entries[url] = file;
    buckets.set(bucket, entries);
  }
  await rm(path.join(buildDir, MAP_DIR), { recursive: true, force: true });
  await mkdir(path.join(buildDir, MAP_DIR));
  await eachLimited([...buckets], 16, ([bucket, entries]) => writeFile(path.join(buildDir, bucket), JSON.stringify(entries)));
}

/** The map files read so far, of the one full build that is live. */
const loaded = new Map<string, Promise<ReadonlyMap<string, string>>>();
let loadedFor = '';

/** The result files (relative paths) of `urls` in the full build `buildDir`. */
export async function fragmentsOf(buildDir: string, urls: Iterable<string>): Promise<string[]> {
  if (loadedFor !== buildDir) {
    loaded.clear();
    loadedFor = buildDir;
  }
  const entriesOf = (url: string) => {
    const bucket = bucketFile(url);
    let entries = loaded.get(bucket);
    if (!entries) {
      entries = readFile(path.join(buildDir, bucket), 'utf8').then(
        (text) => new Map(Object.entries(mapSchema.parse(JSON.parse(text)))),
        () => new Map<string, string>(), // no page of the build hashes here
      );
      loaded.set(bucket, entries);
    }
    return entries;
  };
  const found = await Promise.all([...urls].map(async (url) => (await entriesOf(url)).get(url)));
  return found.filter((f) => f !== undefined);
}

/** Hides the results of `urls` in the live tree `tree`'s full index: answers those of their files still there, to remove. */
export async function hideFromSearch(tree: string, urls: Iterable<string>): Promise<{ removed: string[] }> {
  const files = await fragmentsOf(tree, urls);
  const there = await Promise.all(
    files.map((f) =>
      stat(path.join(tree, f)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return { removed: files.filter((_, i) => there[i]) };
}
