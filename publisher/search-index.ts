/**
 * The full build's search index (decision 11): every article in full text, in one index of the
 * whole archive (site/src/lib/archive-search/) under `search/`, with one small file per article
 * for its result (`search/d/<n>.json`: URL, title, category, dateline, time, text) and
 * `search/years.json` (each year's range of article numbers, newest first, and the categories)
 * for the search page's filters.
 *
 * Each year's part (its words, its articles' result files) is kept in a cache beside the builds,
 * named by a hash of what it holds (every page's URL and article element): a full build splits
 * into words again only the years whose pages changed, links the others' files from the cache,
 * and writes the index from the parts (partial-index.ts). The cache is never written by publishes.
 *
 * The text indexed is the article element of the page itself (ArticleMain.astro: its own words,
 * with diacritics), read by search-text.ts, not a copy made for the indexer.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { glob, link, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { z } from 'zod';
import { FORMAT } from '../site/src/lib/archive-search/layout.ts';
import { decodePartial, encodePartial, mergePartials, partialIndex } from '../site/src/lib/archive-search/partial-index.ts';
import type { SearchFragment, SearchYears } from '../site/src/lib/archive-search/fragment.ts';
import { encodeFreshChanges } from '../site/src/lib/archive-search/fresh-changes.ts';
import { CHANGES_NAME, FRESH_DIR, SEARCH_DIR, YEARS_NAME } from '../site/src/lib/archive-search/site-paths.ts';
import { ARTICLE_FILES_GLOB } from '../site/src/lib/urls.ts';
import { eachLimited } from './each-limited.ts';
import { isAlive } from './lib/processes.ts';
import { writeFragmentMap } from './search-fragments.ts';
import { articleText } from './search-text.ts';

/** Where the search page finds the index, its result files and the years. */
export { SEARCH_DIR };
export const SHARDS_FILE = `${SEARCH_DIR}/${YEARS_NAME}`;
/** A result's file in an index folder (the full build's or the fresh one). */
export const fragmentFile = (n: number) => `d/${n}.json`;
/** Changes when what a year's part holds is made differently (the cache key includes it). */
const SHARD_FORMAT = `${FORMAT}/article-element-2`;

/** What the indexer reads from an article page. */
export interface ArticleRecord {
  /** The article element, as the page has it. */
  html: string;
  year: string;
  /** ISO time of publication (Vietnam time), for the order of articles. */
  published: string;
}

/**
 * The article element's start tag exactly as ArticleMain.astro renders it. Reporters' text cannot
 * forge it: Astro escapes `<` in text and `"` in attribute values, and the sanitized body holds no
 * `article` element. Its end is found by an HTML tokenizer (a title or caption may hold
 * `</article>` inside an attribute value, which Astro leaves as it is).
 */
const ARTICLE_START = '<article class="article" data-search-body>';
/** Inside the element: the dateline comes before any reporter-written attribute (the cover's alt text). */
const PUBLISHED = /<p class="dateline"><time datetime="((\d{4})-[^"]+)"/;

/** Whether a page is an article page (only those are searchable). */
export const hasArticleElement = (page: string) => page.includes(ARTICLE_START);

/** Where the element opened at `start` of `page` ends (after its `>`), or -1. */
function elementEnd(page: string, start: number): number {
  let depth = 0;
  let end = -1;
  const parser = new Parser({
    onopentag(name) {
      if (name === 'article') depth++;
    },
    onclosetag(name) {
      if (name === 'article' && --depth === 0 && end < 0) {
        end = parser.endIndex + 1;
        parser.pause();
      }
    },
  });
  parser.write(page.slice(start));
  return end < 0 ? -1 : start + end;
}

/**
 * The searchable article element of a page, or null for a page that has none (listings, the home
 * page). A page that has one but lacks its time is an error: it would silently drop out of search.
 */
export function articleRecord(page: string, where = 'a page'): ArticleRecord | null {
  const start = page.indexOf(ARTICLE_START);
  if (start < 0) return null;
  const end = elementEnd(page, start);
  if (end < 0) throw new Error(`search index: the article element of ${where} does not end`);
  const html = page.slice(start, end);
  const [, published, year] = PUBLISHED.exec(html) ?? [];
  if (!published || !year || Number.isNaN(Date.parse(published))) throw new Error(`search index: the article element of ${where} has no time of publication`);
  return { html, year, published };
}

/** A page's result file and what the index takes from it. */
export function searchDocument(url: string, record: ArticleRecord): SearchFragment {
  const words = articleText(record.html);
  return { url, title: words.title, category: words.category, dateline: words.dateline, published: record.published, text: words.text };
}

export interface ShardReport {
  /** The year. */
  shard: string;
  pages: number;
  /** Taken from the cache: nothing on the year changed since it was split into words. */
  reused: boolean;
  seconds: number;
  /** Peak resident memory of the search step so far, when the year was done. */
  peakRssBytes: number | null;
}

export interface SearchIndexOptions {
  buildDir: string;
  /** Years split into words before, by content hash; none: every year is done afresh. */
  cacheDir?: string;
  onShard?: (report: ShardReport) => void;
}

interface YearPlan {
  year: string;
  /** Oldest first: their order is their number within the year. */
  pages: Array<{ url: string; file: string }>;
  key: string;
}

/** Reads every article page once: which year it belongs to, and a hash of each year's pages. */
async function planYears(buildDir: string): Promise<YearPlan[]> {
  const files: string[] = [];
  for await (const rel of glob(ARTICLE_FILES_GLOB, { cwd: buildDir })) files.push(rel);
  const byYear = new Map<string, Array<{ url: string; file: string; published: number; digest: string }>>();
  await eachLimited(files, 16, async (rel) => {
    const record = articleRecord(await readFile(path.join(buildDir, rel), 'utf8'), rel);
    if (!record) return;
    const url = `/${path.dirname(rel)}/`;
    // Nothing kept may be a substring of the page: V8 keeps a substring's whole parent string
    // alive (200,000 pages of ≈40 kB each held through their dates ran the heap out).
    const year = String(Number(record.year));
    const pages = byYear.get(year) ?? [];
    pages.push({ url, file: rel, published: Date.parse(record.published), digest: createHash('sha256').update(record.html).digest('hex') });
    byYear.set(year, pages);
  });
  const plans: YearPlan[] = [];
  for (const [year, pages] of [...byYear].sort(([a], [b]) => a.localeCompare(b))) {
    pages.sort((a, b) => a.published - b.published || a.url.localeCompare(b.url));
    const hash = createHash('sha256').update(`${SHARD_FORMAT}\n`);
    for (const p of pages) hash.update(`${p.url}\n${p.digest}\n`);
    plans.push({ year, pages: pages.map(({ url, file }) => ({ url, file })), key: `${year}-${hash.digest('hex').slice(0, 20)}` });
  }
  return plans;
}

const PART = 'part.bin';
const CATEGORIES = 'categories.json';
/** Written last into a cached year: a year without it was interrupted and is made again. */
const COMPLETE = '.complete';

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** Splits a year into words: its part and its articles' result files, into `out`. */
async function writeYear(buildDir: string, plan: YearPlan, out: string): Promise<void> {
  await mkdir(path.join(out, 'd'), { recursive: true });
  const articles: Array<{ title: string; text: string; category: string }> = [];
  const categories = new Set<string>();
  for (const [i, page] of plan.pages.entries()) {
    const record = articleRecord(await readFile(path.join(buildDir, page.file), 'utf8'), page.file);
    if (!record) throw new Error(`search index ${plan.year}: ${page.url} has no article element any more`);
    const fragment = searchDocument(page.url, record);
    await writeFile(path.join(out, fragmentFile(i)), JSON.stringify(fragment));
    articles.push({ title: fragment.title, text: fragment.text, category: fragment.category });
    categories.add(fragment.category);
  }
  await writeFile(path.join(out, PART), encodePartial(partialIndex(articles)));
  await writeFile(path.join(out, CATEGORIES), JSON.stringify([...categories]));
}

/**
 * Writes the build's search index into `buildDir/search/`: each year's part from the cache when
 * its pages are unchanged, made afresh otherwise; then the index, the years and the map of result
 * files (search-fragments.ts). Answers a report per year, newest first.
 */
export async function indexSearchShards(opts: SearchIndexOptions): Promise<ShardReport[]> {
  // Without a cache, a throwaway one outside the build (compression walks the build meanwhile).
  const cacheDir = opts.cacheDir ?? (await mkdtemp(path.join(tmpdir(), 'tintinh-search-')));
  await mkdir(cacheDir, { recursive: true });
  const release = await lockCache(cacheDir);
  try {
    return await indexInto(opts.buildDir, cacheDir, opts.cacheDir !== undefined, opts);
  } finally {
    await release();
    if (opts.cacheDir === undefined) await rm(cacheDir, { recursive: true, force: true });
  }
}

const categoriesSchema = z.array(z.string());

async function indexInto(buildDir: string, cacheDir: string, reuse: boolean, opts: SearchIndexOptions): Promise<ShardReport[]> {
  const out = path.join(buildDir, SEARCH_DIR);
  await rm(out, { recursive: true, force: true });
  await mkdir(path.join(out, 'd'), { recursive: true });
  const reports: ShardReport[] = [];
  const years: SearchYears['years'] = [];
  const categories = new Set<string>();
  const locations: Array<[string, string]> = [];
  const parts: string[] = [];
  const used = new Set<string>();
  let base = 0;
  for (const plan of await planYears(buildDir)) {
    const started = Date.now();
    used.add(plan.key);
    const cached = path.join(cacheDir, plan.key);
    const reused = reuse && (await exists(path.join(cached, COMPLETE)));
    if (!reused) {
      await rm(cached, { recursive: true, force: true });
      const partial = `${cached}.partial`;
      await rm(partial, { recursive: true, force: true });
      await writeYear(buildDir, plan, partial);
      await writeFile(path.join(partial, COMPLETE), '');
      await rename(partial, cached);
    }
    // The year's result files, numbered after the years before it.
    await eachLimited([...plan.pages.keys()], 32, (i) => link(path.join(cached, fragmentFile(i)), path.join(out, fragmentFile(base + i))));
    for (const [i, p] of plan.pages.entries()) locations.push([p.url, `${SEARCH_DIR}/${fragmentFile(base + i)}`]);
    for (const c of categoriesSchema.parse(JSON.parse(await readFile(path.join(cached, CATEGORIES), 'utf8')))) categories.add(c);
    parts.push(path.join(cached, PART));
    years.unshift({ year: plan.year, from: base, to: base + plan.pages.length });
    base += plan.pages.length;
    const report = {
      shard: plan.year,
      pages: plan.pages.length,
      reused,
      seconds: (Date.now() - started) / 1000,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    opts.onShard?.(report);
    reports.unshift(report);
  }
  // One year's part read at a time: memory is the index being written and one year.
  const files = mergePartials(
    (function* () {
      for (const file of parts) yield decodePartial(readFileSync(file));
    })(),
  );
  await writeIndexFiles(out, files);
  const list: SearchYears = { years, categories: [...categories].sort((a, b) => a.localeCompare(b, 'vi')) };
  await writeFile(path.join(buildDir, SHARDS_FILE), JSON.stringify(list));
  // The search page preloads the fresh index's change list: a full build has one, empty, so
  // the preload never meets a 404 (publishes rewrite it: fresh-search.ts).
  await mkdir(path.join(buildDir, FRESH_DIR), { recursive: true });
  await writeFile(path.join(buildDir, FRESH_DIR, CHANGES_NAME), encodeFreshChanges({ stale: [], meta: null }));
  await writeFragmentMap(buildDir, locations);
  if (reuse) await pruneCache(cacheDir, used);
  return reports;
}

/** Writes an index's files (archive-search's writers answer them by path) under `out`. */
export async function writeIndexFiles(out: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  await eachLimited([...files], 32, async ([rel, bytes]) => {
    await mkdir(path.dirname(path.join(out, rel)), { recursive: true });
    await writeFile(path.join(out, rel), bytes);
  });
}

const LOCK = '.lock';

/**
 * One build at a time per cache (the publisher runs one full build at a time; `build-site.ts
 * --search-cache` could run beside it): the lock holds the holder's PID, and a lock whose
 * process is gone (a crash) is taken over.
 */
async function lockCache(cacheDir: string): Promise<() => Promise<void>> {
  const file = path.join(cacheDir, LOCK);
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(await readFile(file, 'utf8').catch(() => ''));
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new Error(`the search index cache ${cacheDir} is in use by process ${holder}`);
    }
    await writeFile(file, String(process.pid));
  }
  return () => rm(file, { force: true });
}

/**
 * Removes cached years this build did not use: a year done again leaves its old version behind.
 * Builds that linked them keep their files (links), so nothing live is touched.
 */
async function pruneCache(cacheDir: string, used: ReadonlySet<string>): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (name !== LOCK && !used.has(name)) await rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
}
