/**
 * Which file of a full build's Pagefind index holds which page's text, and how an overlay hides
 * the text of pages taken down or corrected since: the full index cannot be edited between full
 * builds, and anyone can fetch a page's text by querying the index directly. A page alone in its
 * fragment file has that file listed as removed (the static server answers 404); a page in a
 * shared group file (a full build bundles the archive's fragments into a bounded number of
 * files: site-build.ts) gets the group rewritten in the overlay without it. Either way the old
 * text is gone from search at once, not at the next full build: the search page drops results
 * whose text it cannot load.
 *
 * Each overlay notes which pages its rewritten group files leave out; the next overlay starts as
 * hard links of this one, so a group whose pages were already hidden is not rewritten again. At
 * 200,000 articles a group is ≈0.5 MB compressed: rewriting every one hidden since the full build
 * at every publish held the static server's event loop (it runs in the publisher's process) for
 * tens of milliseconds per group.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip } from 'node:zlib';
import { z } from 'zod';
import { eachLimited } from './each-limited.ts';

const FRAGMENT_DIR = 'pagefind/fragment';
/**
 * Page URL → where its text is, in files by a hash of the URL: a publish needs the places of a few
 * pages, and one map of 200,000 (≈20 MB of JSON, parsed and checked in the static server's process)
 * held readers for seconds at the first publish after each full build. Dot-named: the static
 * server never serves it.
 */
const MAP_DIR = '.search-fragments';
const MAP_BUCKETS = 256;
/** In an overlay: the full build it stands on and, per group file rewritten there, the page keys it leaves out. */
const HIDDEN_FILE = '.search-hidden.json';
const hiddenSchema = z.object({ base: z.string(), groups: z.record(z.string(), z.array(z.string())) });
type Hidden = z.infer<typeof hiddenSchema>;
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

/** What overlay `dir` (or the one it was linked from) already hides of the full build `base`. */
async function readHidden(dir: string, base: string): Promise<Hidden['groups']> {
  const text = await readFile(path.join(dir, HIDDEN_FILE), 'utf8').catch(() => null);
  const parsed = text === null ? null : hiddenSchema.safeParse(JSON.parse(text));
  return parsed?.success && parsed.data.base === base ? parsed.data.groups : {};
}

/** Writes `bytes` to `file` as a new file: the overlay may hold it as a hard link shared with the live version. */
async function writeFresh(file: string, bytes: Buffer | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await rm(file, { force: true });
  await writeFile(file, bytes, { flag: 'wx' });
}

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
  const names = (await readdir(path.join(buildDir, FRAGMENT_DIR)).catch(() => [] as string[])).filter((n) => n.endsWith('.pf_fragment'));
  const buckets = new Map<string, Record<string, FragmentLocation>>();
  const place = (url: string, location: FragmentLocation) => {
    const bucket = bucketFile(url);
    const entries = buckets.get(bucket) ?? {};
    entries[url] = location;
    buckets.set(bucket, entries);
  };
  await eachLimited(names, 16, async (name) => {
    const file = `${FRAGMENT_DIR}/${name}`;
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
  return names.length;
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
 * Hides the text of `urls` in the full build `base`'s index from the overlay `dir`: rewrites each
 * group file that holds some of them, without them, into `dir` (unless `dir` already holds it so),
 * and answers the pages' own fragment files, for the caller to list as removed.
 */
export async function hideFromSearch(dir: string, base: string, urls: Iterable<string>): Promise<string[]> {
  const ownFiles: string[] = [];
  const hiddenKeys = new Map<string, Set<string>>();
  for (const { file, key } of await locationsOf(base, urls)) {
    if (key === undefined) ownFiles.push(file);
    else hiddenKeys.set(file, (hiddenKeys.get(file) ?? new Set()).add(key));
  }
  const already = await readHidden(dir, base);
  const groups: Hidden['groups'] = {};
  for (const [file, keys] of hiddenKeys) {
    groups[file] = [...keys].sort();
    const before = new Set(already[file] ?? []);
    if (before.size === keys.size && [...keys].every((k) => before.has(k))) continue;
    const group = groupSchema.parse(parseFragment((await gunzipAsync(await readFile(path.join(base, file)))).toString('utf8')));
    const kept = Object.fromEntries(Object.entries(group).filter(([key]) => !keys.has(key)));
    await writeFresh(path.join(dir, file), await gzipAsync(Buffer.from(`${SIGNATURE}${JSON.stringify(kept)}`)));
  }
  await writeFresh(path.join(dir, HIDDEN_FILE), JSON.stringify({ base, groups } satisfies Hidden));
  return ownFiles;
}
