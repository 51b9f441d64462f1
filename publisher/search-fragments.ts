/**
 * Which file of a full build's Pagefind index holds which page's text, and how a publish hides
 * the text of pages taken down or corrected since: the full index cannot be re-indexed between
 * full builds, and anyone can fetch a page's text by querying the index directly. A page alone in
 * its fragment file has that file removed from the live tree; a page in a shared group file (a
 * full build bundles the archive's fragments into a bounded number of files: site-build.ts) gets
 * the group rewritten without it. Either way the old text is gone from search at once, not at the
 * next full build: the search page drops results whose text it cannot load. The live tree's group
 * file already lacks the pages hidden by earlier publishes, so a group is rewritten only when it
 * still holds one of them.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip } from 'node:zlib';
import { z } from 'zod';
import { eachLimited } from './each-limited.ts';

/** Each shard of the full index (search-index.ts) keeps its pages' texts in its own fragment folder. */
const SEARCH_DIR = 'pagefind';
/**
 * Page URL → where its text is, in files by a hash of the URL: a publish needs the places of a few
 * pages, and one map of 200,000 (≈20 MB of JSON, parsed and checked in the static server's process)
 * held readers for seconds at the first publish after each full build. Dot-named: the static
 * server never serves it.
 */
const MAP_DIR = '.search-fragments';
const MAP_BUCKETS = 256;
const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);
/** Pagefind prefixes each decompressed fragment with this signature. */
const SIGNATURE = 'pagefind_dcd';

const fragmentSchema = z.looseObject({ url: z.string() });
/** A group file: page hash → that page's fragment. */
const groupSchema = z.record(z.string(), fragmentSchema);
/** Where a page's text is: its own file, or `key` inside a group file. */
const locationSchema = z.object({ file: z.string(), key: z.string().optional() });
const mapSchema = z.record(z.string(), locationSchema);
type FragmentLocation = z.infer<typeof locationSchema>;

/** A fragment file's content: one page's fragment, or a group's (page hash → fragment). */
export function readFragment(bytes: Buffer): unknown {
  return parseFragment(gunzipSync(bytes).toString('utf8'));
}

const parseFragment = (text: string): unknown => JSON.parse(text.startsWith(SIGNATURE) ? text.slice(SIGNATURE.length) : text);

/** The map file that holds `url` (FNV-1a of its UTF-16 code units: stable, and any spread will do). */
function bucketFile(url: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) hash = Math.imul(hash ^ url.charCodeAt(i), 0x01000193);
  return `${MAP_DIR}/${((hash >>> 0) % MAP_BUCKETS).toString(16).padStart(2, '0')}.json`;
}

/**
 * Reads every fragment file of a full build once and saves page URL → where its text is, beside
 * it. Seconds of decompressing and parsing at archive scale: a full build runs it in a child
 * process (search-fragments-process.ts), not in the static server's.
 */
export async function mapSearchFragments(buildDir: string): Promise<number> {
  const shards = (await readdir(path.join(buildDir, SEARCH_DIR), { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory());
  const files: string[] = [];
  for (const shard of shards) {
    const dir = `${SEARCH_DIR}/${shard.name}/fragment`;
    const names = await readdir(path.join(buildDir, dir)).catch(() => [] as string[]);
    files.push(...names.filter((n) => n.endsWith('.pf_fragment')).map((n) => `${dir}/${n}`));
  }
  const buckets = new Map<string, Record<string, FragmentLocation>>();
  const place = (url: string, location: FragmentLocation) => {
    const bucket = bucketFile(url);
    const entries = buckets.get(bucket) ?? {};
    entries[url] = location;
    buckets.set(bucket, entries);
  };
  await eachLimited(files, 16, async (file) => {
    const content = readFragment(await readFile(path.join(buildDir, file)));
    const single = fragmentSchema.safeParse(content);
    if (single.success) {
      place(single.data.url, { file });
      return;
    }
    for (const [key, fragment] of Object.entries(groupSchema.parse(content))) place(fragment.url, { file, key });
  });
  await rm(path.join(buildDir, MAP_DIR), { recursive: true, force: true });
  await mkdir(path.join(buildDir, MAP_DIR));
  await eachLimited([...buckets], 16, ([bucket, entries]) => writeFile(path.join(buildDir, bucket), JSON.stringify(entries)));
  return files.length;
}

/** The map files read so far, of the one full build that is live. */
const loaded = new Map<string, Promise<ReadonlyMap<string, FragmentLocation>>>();
let loadedFor = '';

async function locationsOf(buildDir: string, urls: Iterable<string>): Promise<FragmentLocation[]> {
  if (loadedFor !== buildDir) {
    loaded.clear();
    loadedFor = buildDir;
  }
  const bucketOf = (url: string) => {
    const bucket = bucketFile(url);
    let entries = loaded.get(bucket);
    if (!entries) {
      entries = readFile(path.join(buildDir, bucket), 'utf8').then(
        (text) => new Map(Object.entries(mapSchema.parse(JSON.parse(text)))),
        () => new Map<string, FragmentLocation>(), // no page of the build hashes here
      );
      loaded.set(bucket, entries);
    }
    return entries;
  };
  const found = await Promise.all([...urls].map(async (url) => (await bucketOf(url)).get(url)));
  return found.filter((l) => l !== undefined);
}

/** The fragment files (relative paths, own or shared) that hold `urls`' text in the full build `buildDir`. */
export async function fragmentsOf(buildDir: string, urls: Iterable<string>): Promise<string[]> {
  return (await locationsOf(buildDir, urls)).map((l) => l.file);
}

/**
 * Hides the text of `urls` in the live tree `tree`'s full index: stages into `staging` each group
 * file that still holds some of them, without them, and answers those files (to write) and the
 * pages' own fragment files (to remove).
 */
export async function hideFromSearch(tree: string, staging: string, urls: Iterable<string>): Promise<{ rewritten: string[]; removed: string[] }> {
  const removed: string[] = [];
  const hiddenKeys = new Map<string, Set<string>>();
  for (const { file, key } of await locationsOf(tree, urls)) {
    if (key === undefined) removed.push(file);
    else hiddenKeys.set(file, (hiddenKeys.get(file) ?? new Set()).add(key));
  }
  const rewritten: string[] = [];
  for (const [file, keys] of hiddenKeys) {
    const bytes = await readFile(path.join(tree, file)).catch(() => null);
    if (!bytes) continue;
    const group = groupSchema.parse(parseFragment((await gunzipAsync(bytes)).toString('utf8')));
    if (!Object.keys(group).some((key) => keys.has(key))) continue;
    const kept = Object.fromEntries(Object.entries(group).filter(([key]) => !keys.has(key)));
    await mkdir(path.dirname(path.join(staging, file)), { recursive: true });
    await writeFile(path.join(staging, file), await gzipAsync(Buffer.from(`${SIGNATURE}${JSON.stringify(kept)}`)));
    rewritten.push(file);
  }
  return { rewritten, removed };
}
