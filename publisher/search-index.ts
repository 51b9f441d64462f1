/**
 * The full build's search index: every article in full text, one Pagefind index per year of
 * publication (`pagefind/<year>/`; a busy year in parts of at most 15,000 pages, `pagefind/<year>-<n>/`),
 * merged by the search page at query time (`pagefind/shards.json` lists them, newest first; the
 * runtime sits at `pagefind/`). Pagefind has no incremental indexing and keeps what it indexes in
 * memory until it writes, so one index of the whole archive grows with it; a shard is bounded,
 * and the Pagefind service is restarted between shards.
 *
 * Each year's index is kept in a cache beside the builds, named by a hash of what it holds (every
 * page's URL and indexed text): a full build indexes again only the years whose pages changed and
 * links the others' files from the cache. The cache is never written by publishes (they replace
 * files in the live tree by rename, which leaves the cache's links alone).
 *
 * The text indexed is the article element of the page itself (ArticleMain.astro: its own words,
 * with diacritics), not a copy made for the indexer.
 */
import { createHash } from 'node:crypto';
import { glob, link, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import * as pagefind from 'pagefind';
import { z } from 'zod';
import { ARTICLE_FILES_GLOB } from '../site/src/lib/urls.ts';
import { eachLimited } from './each-limited.ts';
import { childrenNamed } from './lib/child-priority.ts';
import { peakRssBytesOf } from './lib/processes.ts';

/** Where the search page finds the runtime, the shard list and the shards. */
export const SEARCH_DIR = 'pagefind';
export const SHARDS_FILE = `${SEARCH_DIR}/shards.json`;
/** Every index is Vietnamese: one language, so the shards and the fresh index merge. */
export const SEARCH_LANGUAGE = 'vi';
/** Changes when what a shard holds is made differently (the cache key includes it). */
const SHARD_FORMAT = 'article-element-1';
const PAGEFIND_VERSION = z
  .object({ version: z.string() })
  .parse(JSON.parse(await readFile(path.join(import.meta.dirname, 'node_modules', 'pagefind', 'package.json'), 'utf8')));

/** What the indexer reads from an article page. */
export interface ArticleRecord {
  /** The article element, as the page has it. */
  html: string;
  year: string;
  /** ISO time of publication, for the newest-first order inside a shard. */
  published: string;
}

/**
 * The article element's start tag exactly as ArticleMain.astro renders it. Reporters' text cannot
 * forge it: Astro escapes `<` in text and `"` in attribute values, and the sanitized body holds no
 * `article` element. Its end is found by an HTML tokenizer (a title or caption may hold
 * `</article>` inside an attribute value, which Astro leaves as it is).
 */
const ARTICLE_START = '<article class="article" data-pagefind-body>';
/** Inside the element: the dateline comes before any reporter-written attribute (the cover's alt text). */
const YEAR = /data-pagefind-filter="year:(\d{4})"/;
const PUBLISHED = /<time datetime="([^"]+)"[^>]*data-pagefind-meta="date, published\[datetime\]"/;

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
 * page). A page that has one but lacks its year or time is an error: it would silently drop out
 * of search.
 */
export function articleRecord(page: string, where = 'a page'): ArticleRecord | null {
  const start = page.indexOf(ARTICLE_START);
  if (start < 0) return null;
  const end = elementEnd(page, start);
  if (end < 0) throw new Error(`search index: the article element of ${where} does not end`);
  const html = page.slice(start, end);
  const year = YEAR.exec(html)?.[1];
  const published = PUBLISHED.exec(html)?.[1];
  if (!year || !published) throw new Error(`search index: the article element of ${where} has no year or time of publication`);
  return { html, year, published };
}

/**
 * The document Pagefind is given for a record: the article element alone, in Vietnamese, and
 * `extra` markup after it (the fresh index's mark) — after, so that nothing in the article's own
 * text can swallow it.
 */
export const indexedDocument = (record: ArticleRecord, extra = '') => `<html lang="${SEARCH_LANGUAGE}"><body>${record.html}${extra}</body></html>`;

export interface ShardReport {
  shard: string;
  pages: number;
  /** Taken from the cache: nothing on the year changed since it was indexed. */
  reused: boolean;
  seconds: number;
  /** Peak resident memory of the Pagefind service while it indexed this shard. */
  peakRssBytes: number | null;
}

export interface SearchIndexOptions {
  buildDir: string;
  /** Shards indexed before, by content hash; none: every shard is indexed afresh. */
  cacheDir?: string;
  /** Files each shard bundles its pages' texts into (Pagefind's maxFragments). */
  fragmentFiles: number;
  /** A year with more pages is split into parts of this many (the last holds the rest), each an index of its own. */
  shardPages?: number;
  onShard?: (report: ShardReport) => void;
}

/**
 * Pagefind's service needs about 120 kB of memory per indexed article page (measured at 200,000
 * articles: 3.2 GiB for a year of 26,253 pages, 4.25 GiB for 35,136): a year of a busy paper is
 * split so that one index stays near 2 GiB.
 */
export const DEFAULT_SHARD_PAGES = 15_000;

interface ShardPlan {
  /** The year, or year-part (`2020-2`) when the year is split; parts numbered from the oldest. */
  shard: string;
  year: string;
  /** `published` in milliseconds. */
  pages: Array<{ url: string; file: string; published: number }>;
  key: string;
}

/** Reads every article page once: which year it belongs to, and a hash of each year's pages. */
async function planShards(buildDir: string, fragmentFiles: number, shardPages: number): Promise<ShardPlan[]> {
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
    const published = Date.parse(record.published);
    if (Number.isNaN(published)) throw new Error(`search index: ${rel} has an unreadable time of publication`);
    pages.push({ url, file: rel, published, digest: createHash('sha256').update(record.html).digest('hex') });
    byYear.set(year, pages);
  });
  const plans: ShardPlan[] = [];
  for (const [year, all] of [...byYear].sort(([a], [b]) => b.localeCompare(a))) {
    // Newest first: at equal relevance Pagefind keeps the order pages were added in.
    all.sort((a, b) => b.published - a.published || a.url.localeCompare(b.url));
    // Parts of `shardPages` counted from the year's oldest page: a new story changes only the
    // newest part (a story dated back shifts the parts after it, in its year only).
    const oldestFirst = [...all].reverse();
    const parts = Math.ceil(all.length / shardPages);
    for (let part = parts; part >= 1; part--) {
      const pages = oldestFirst.slice((part - 1) * shardPages, part * shardPages).reverse();
      const shard = parts === 1 ? year : `${year}-${part}`;
      const hash = createHash('sha256').update(`${SHARD_FORMAT}\n${PAGEFIND_VERSION.version}\n${fragmentFiles}\n`);
      for (const p of pages) hash.update(`${p.url}\n${p.digest}\n`);
      plans.push({ shard, year, pages: pages.map(({ digest: _digest, ...p }) => p), key: `${shard}-${hash.digest('hex').slice(0, 20)}` });
    }
  }
  return plans;
}

/** The Pagefind service's own high-water mark of resident memory, before it is closed. */
async function serviceHighWater(): Promise<number | null> {
  let peak: number | null = null;
  for (const pid of childrenNamed('pagefind')) {
    const bytes = await peakRssBytesOf(pid);
    if (bytes !== null) peak = Math.max(peak ?? 0, bytes);
  }
  return peak;
}

async function writeShard(buildDir: string, plan: ShardPlan, out: string, fragmentFiles: number): Promise<number | null> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE, maxFragments: fragmentFiles });
  if (!index) throw new Error(`search index ${plan.shard}: ${errors.join('; ')}`);
  try {
    for (const page of plan.pages) {
      const record = articleRecord(await readFile(path.join(buildDir, page.file), 'utf8'), page.file);
      if (!record) throw new Error(`search index ${plan.shard}: ${page.url} has no article element any more`);
      const added = await index.addHTMLFile({ url: page.url, content: indexedDocument(record) });
      if (added.errors.length > 0) throw new Error(`search index ${plan.shard}, ${page.url}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: out });
    if (written.errors.length > 0) throw new Error(`search index ${plan.shard}: ${written.errors.join('; ')}`);
    return await serviceHighWater();
  } finally {
    await index.deleteIndex();
    // A fresh service per shard: its memory is one year's, not the sum of all.
    await pagefind.close();
  }
}

/** Links every file under `from` into `to` (same tree shape). */
async function linkTree(from: string, to: string, keep: (rel: string) => boolean = () => true): Promise<void> {
  for (const e of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const rel = path.relative(from, path.join(e.parentPath, e.name));
    // Bookkeeping (.complete) stays in the cache: nothing dot-named goes into a build.
    if (e.name.startsWith('.') || !keep(rel)) continue;
    await mkdir(path.dirname(path.join(to, rel)), { recursive: true });
    await link(path.join(from, rel), path.join(to, rel));
  }
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
/** Written last into a cached shard: a shard without it was interrupted and is made again. */
const COMPLETE = '.complete';
/** The runtime files (scripts, styles, WebAssembly) of a Pagefind bundle: not its index. */
const isRuntime = (rel: string) => !rel.includes('/') && !rel.endsWith('.pf_meta') && rel !== 'pagefind-entry.json' && !rel.startsWith('.');

/** Pagefind's runtime, from a one-page index made once per Pagefind version. */
async function runtimeBundle(workDir: string): Promise<string> {
  const dir = path.join(workDir, `runtime-${PAGEFIND_VERSION.version}`);
  if (await exists(path.join(dir, COMPLETE))) return dir;
  await rm(dir, { recursive: true, force: true });
  const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE });
  if (!index) throw new Error(`search runtime: ${errors.join('; ')}`);
  try {
    await index.addCustomRecord({ url: '/', content: 'Tin Tỉnh', language: SEARCH_LANGUAGE });
    const written = await index.writeFiles({ outputPath: dir });
    if (written.errors.length > 0) throw new Error(`search runtime: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
  }
  await writeFile(path.join(dir, COMPLETE), '');
  return dir;
}

/**
 * Writes the build's search index into `buildDir/pagefind/`: each year's shard from the cache
 * when its pages are unchanged, indexed afresh otherwise; then the shard list. Answers a report
 * per shard, newest first.
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

async function indexInto(buildDir: string, cacheDir: string, reuse: boolean, opts: SearchIndexOptions): Promise<ShardReport[]> {
  const { fragmentFiles } = opts;
  const out = path.join(buildDir, SEARCH_DIR);
  await rm(out, { recursive: true, force: true });
  await linkTree(await runtimeBundle(cacheDir), out, isRuntime);
  const reports: ShardReport[] = [];
  const used: string[] = [];
  for (const plan of await planShards(buildDir, fragmentFiles, opts.shardPages ?? DEFAULT_SHARD_PAGES)) {
    used.push(plan.key);
    const started = Date.now();
    const cached = path.join(cacheDir, plan.key);
    const reused = reuse && (await exists(path.join(cached, COMPLETE)));
    let peakRssBytes: number | null = null;
    if (!reused) {
      await rm(cached, { recursive: true, force: true });
      const partial = `${cached}.partial`;
      await rm(partial, { recursive: true, force: true });
      peakRssBytes = await writeShard(buildDir, plan, partial, fragmentFiles);
      await writeFile(path.join(partial, COMPLETE), '');
      await rename(partial, cached);
    }
    // The shard's index, with the two runtime files Pagefind loads from an index's own folder (its
    // WebAssembly, and the worker when the shard is the first one searched); the scripts are shared at pagefind/.
    await linkTree(cached, path.join(out, plan.shard), (rel) => !isRuntime(rel) || rel.startsWith('wasm.') || rel === 'pagefind-worker.js');
    const report = { shard: plan.shard, pages: plan.pages.length, reused, seconds: (Date.now() - started) / 1000, peakRssBytes };
    opts.onShard?.(report);
    reports.push(report);
  }
  await writeFile(path.join(buildDir, SHARDS_FILE), JSON.stringify({ shards: reports.map((r) => r.shard) }));
  if (reuse) await pruneCache(cacheDir, new Set(used));
  return reports;
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

/**
 * Removes cached shards this build did not use: a year indexed again leaves its old version
 * behind. Builds that linked them keep their files (links), so nothing live is touched.
 */
async function pruneCache(cacheDir: string, used: ReadonlySet<string>): Promise<void> {
  const runtime = `runtime-${PAGEFIND_VERSION.version}`;
  for (const name of await readdir(cacheDir)) {
    if (name !== runtime && name !== LOCK && !used.has(name)) await rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
}
