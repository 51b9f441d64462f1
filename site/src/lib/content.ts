import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  article,
  type Category,
  category,
  type Comment,
  comment,
  type MostRead,
  mostReadList,
  type Poll,
  poll,
  type Tag,
  tag,
  type WeatherNote,
  weatherNote,
} from '@tintinh/content-types';
import { siteConfig } from './site-config.ts';
import { InvalidEntryError, StrapiClient, StrapiRequestError } from './strapi-client.ts';
import { articlePath, categoryPath } from './urls.ts';
import { readSnapshot, SNAPSHOT_FILE, writeSnapshot, type SnapshotSchemas } from './content-snapshot.ts';
import { Lookup } from './lookup.ts';

/**
 * Everything a build needs, fetched once per build and shared by every page. Entries are kept in
 * memory (no content-layer store), which sidesteps the store's single-string limit on large
 * archives; each one is validated against the content model on the way in.
 */
export const siteArticle = article.entrySchema.extend({
  // A published article must have a category: it is part of its URL.
  category: category.linkSchema,
  tags: z.array(tag.linkSchema).default([]),
  datePublished: z.iso.datetime({ offset: true }).nullable(),
});

export type SiteArticle = z.infer<typeof siteArticle> & { date: Date; url: string };

export interface SiteData {
  /** The content this was derived from (kept so one change can be applied to it). */
  content: SiteContent;
  categories: Category[];
  tags: Tag[];
  /** Newest first. */
  articles: SiteArticle[];
  articleById: Lookup<SiteArticle>;
  articleByUrl: Lookup<SiteArticle>;
  articlesByCategory: Map<string, SiteArticle[]>;
  articlesByTag: Map<string, SiteArticle[]>;
  sidebarPoll: Poll | null;
  weather: WeatherNote | null;
  commentsByArticle: Map<string, Comment[]>;
  /** The "Đọc nhiều" box: the most read published articles of the last 24 hours, most read first. */
  mostRead: SiteArticle[];
  /** Old public paths (moved articles and categories) → where they live now. */
  redirects: Map<string, string>;
  /** When this build's data was read: "valid now" is judged against it. */
  builtAt: Date;
}

const redirectList = z.array(z.object({ from: z.string().regex(/^\/[a-z0-9\-/]*\/$/), type: z.enum(['article', 'category']), documentId: z.string() }));

/**
 * Where each old path should now send readers. A moved category also moves every article URL
 * under it. Paths that are live again, or whose target is gone, are dropped.
 */
function resolveRedirects(
  moved: z.infer<typeof redirectList>,
  articles: SiteArticle[],
  categories: Category[],
  articleById: Lookup<SiteArticle>,
  articleByUrl: Lookup<SiteArticle>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of moved) {
    if (r.type === 'article') {
      const target = articleById.get(r.documentId);
      if (target && r.from !== target.url) out.set(r.from, target.url);
      continue;
    }
    const category = categories.find((c) => c.documentId === r.documentId);
    if (!category || r.from === categoryPath(category.slug)) continue;
    out.set(r.from, categoryPath(category.slug));
    // The old category path's articles: what their paths were under the old slug.
    const oldSlug = r.from.slice(1, -1);
    for (const a of articles) if (a.category.slug === category.slug) out.set(articlePath(oldSlug, a.slug), a.url);
  }
  // Over the redirects, not the live paths: a few hundred against 200,000.
  for (const from of out.keys()) if (articleByUrl.has(from)) out.delete(from);
  return out;
}

let loading: Promise<SiteData> | undefined;

const snapshotSchemas: SnapshotSchemas = {
  categories: category.entrySchema,
  tags: tag.entrySchema,
  articles: siteArticle,
  polls: poll.entrySchema,
  notes: weatherNote.entrySchema,
  comments: comment.entrySchema,
};

/**
 * The data of this process: in a static build, read from the CMS (and saved beside the output
 * for the render host); in the render host (SITE_CONTENT_SNAPSHOT set), read back from that save.
 */
async function loadSiteData(): Promise<SiteData> {
  const snapshot = process.env.SITE_CONTENT_SNAPSHOT;
  if (snapshot) {
    const { content, builtAt } = await readSnapshot(snapshot, snapshotSchemas, { movedPaths: redirectList, mostRead: mostReadList });
    return assembleSiteData(content, builtAt);
  }
  const content = await fetchSiteContent();
  const builtAt = new Date();
  const outDir = process.env.SITE_OUT_DIR;
  if (outDir) {
    await mkdir(outDir, { recursive: true });
    await writeSnapshot(path.join(outDir, SNAPSHOT_FILE), content, builtAt);
  }
  return assembleSiteData(content, builtAt);
}

export function siteData(): Promise<SiteData> {
  loading ??= loadSiteData().catch(async (err: unknown) => {
    await reportFailure(err);
    throw err;
  });
  return loading;
}

/**
 * A build that cannot read its content says why in one line, in SITE_FAILURE_FILE when the
 * runner set it (the publisher shows it on /_status): the CMS request that failed, or the entry
 * and field that do not fit the model.
 */
async function reportFailure(err: unknown): Promise<void> {
  const file = process.env.SITE_FAILURE_FILE;
  if (file && (err instanceof StrapiRequestError || err instanceof InvalidEntryError)) await writeFile(file, err.message);
}

/** Replaces the data pages read (the incremental renderer, after applying one change). */
export function replaceSiteData(data: SiteData): void {
  loading = Promise.resolve(data);
}

export const siteClient = () => {
  const config = siteConfig();
  return new StrapiClient({ baseUrl: config.strapiUrl, token: config.token, readAhead: config.readAhead });
};

let navCache: { at: number; categories: Promise<Category[]> } | undefined;

/**
 * The menu's categories. A static build already holds them; a preview request (rendered on
 * demand) fetches just the categories, cached for a minute, instead of the whole archive.
 */
export function navCategories(): Promise<Category[]> {
  if (loading) return loading.then((d) => d.categories);
  if (!navCache || Date.now() - navCache.at > 60_000) {
    navCache = { at: Date.now(), categories: siteClient().findAll('categories', category.entrySchema, 'category').then(inMenuOrder) };
  }
  return navCache.categories;
}

const vietnamese = new Intl.Collator('vi');

/** Menu order, then name as Vietnamese readers sort it. */
const inMenuOrder = (list: Category[]) => list.sort((a, b) => (a.menuOrder ?? 0) - (b.menuOrder ?? 0) || vietnamese.compare(a.name, b.name));

/** Code-unit order: right for ISO timestamps and ids, and cheap on 200,000 entries. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A comparator on an ISO timestamp. */
const by =
  <T>(key: (item: T) => string, direction: 'asc' | 'desc') =>
  (a: T, b: T) =>
    direction === 'asc' ? compareText(key(a), key(b)) : compareText(key(b), key(a));

function group<T>(items: T[], keys: (item: T) => string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) for (const key of keys(item)) (map.get(key) ?? map.set(key, []).get(key)!).push(item);
  return map;
}

/** What the CMS holds for the site, as read and validated, before anything is derived from it. */
export interface SiteContent {
  categories: Category[];
  tags: Tag[];
  articles: Array<z.infer<typeof siteArticle>>;
  polls: Poll[];
  notes: WeatherNote[];
  comments: Comment[];
  movedPaths: MovedPath[];
  mostRead: MostRead[];
}

export type MovedPath = z.infer<typeof redirectList>[number];

/** Reads every collection the site shows (keyset pages of 100, each entry validated). */
export async function fetchSiteContent(): Promise<SiteContent> {
  const client = siteClient();
  const started = Date.now();
  const [categories, tags, articles, polls, notes, comments, movedPaths, mostRead] = await Promise.all([
    client.findAll('categories', category.entrySchema, 'category'),
    client.findAll('tags', tag.entrySchema, 'tag'),
    client.findAll('articles', siteArticle, 'article', (done, total) => {
      if (done % 10_000 === 0 || done === total) console.log(`[site] articles ${done}/${total}`);
    }),
    client.findAll('polls', poll.entrySchema, 'poll'),
    client.findAll('weather-notes', weatherNote.entrySchema, 'weather-note'),
    client.findAll('comments', comment.entrySchema, 'comment'),
    fetchMovedPaths(),
    fetchMostRead(),
  ]);
  console.log(
    `[site] read ${articles.length} articles, ${categories.length} categories, ${tags.length} tags, ${comments.length} comments in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { categories, tags, articles, polls, notes, comments, movedPaths, mostRead };
}

export const fetchMovedPaths = () => siteClient().getData('redirects', redirectList, 'redirect list');
export const fetchMostRead = () => siteClient().getData('reads/top', mostReadList, 'most-read list');

/**
 * Everything pages read, derived from the content in one pass: sorted lists, lookups, the
 * sidebar. Pure: the same content and `builtAt` give the same data, which is what lets the
 * incremental renderer re-derive it after one change and render exactly what a full build would.
 */
export function assembleSiteData(content: SiteContent, builtAt: Date): SiteData {
  const categories = inMenuOrder([...content.categories]);
  const articles = content.articles.map(toSiteArticle).sort(newestFirst);
  const articlesByCategory = group(articles, (a) => [a.category.slug]);
  const articleById = Lookup.from(articles.map((a) => [a.documentId, a] as const));
  const articleByUrl = Lookup.from(articles.map((a) => [a.url, a] as const));
  return {
    content,
    categories,
    tags: inNameOrder(content.tags),
    articles,
    articleById,
    articleByUrl,
    articlesByCategory,
    articlesByTag: group(articles, (a) => a.tags.map((t) => t.slug)),
    ...sidebarOf(content.polls, content.notes, builtAt),
    commentsByArticle: commentsByArticleOf(content.comments),
    mostRead: mostReadOf(content.mostRead, articleById),
    redirects: resolveRedirects(content.movedPaths, articles, categories, articleById, articleByUrl),
    builtAt,
  };
}

/** Tags in Vietnamese alphabetical order. */
const inNameOrder = (tags: readonly Tag[]) => [...tags].sort((a, b) => vietnamese.compare(a.name, b.name));

/** Each article's comments, oldest first. */
const commentsByArticleOf = (comments: readonly Comment[]) =>
  group([...comments].sort(by((c) => c.createdAt, 'asc')), (c) => (c.article ? [c.article.documentId] : []));

/** An article as pages read it: its date and URL worked out once. */
const toSiteArticle = (a: SiteContent['articles'][number]): SiteArticle => ({
  ...a,
  date: new Date(a.datePublished ?? a.publishedAt ?? a.createdAt),
  url: articlePath(a.category.slug, a.slug),
});

/** Newest first; same-minute articles by publication time, then a stable id order. */
const newestFirst = (x: SiteArticle, y: SiteArticle) =>
  y.date.getTime() - x.date.getTime() || compareText(y.publishedAt ?? '', x.publishedAt ?? '') || compareText(x.documentId, y.documentId);

/** Whether `article` is among the `count` newest of the archive (compared with the last of them: no rank is stored). */
export function isAmongNewest(data: SiteData, article: SiteArticle, count: number): boolean {
  if (count <= 0) return false;
  const last = data.articles[count - 1];
  return !last || newestFirst(article, last) <= 0;
}

/**
 * Where `article` sits in its newest-first `list`, or would: a binary search, so no position is
 * stored per article and a publish renumbers nothing.
 */
export function positionIn(list: readonly SiteArticle[], article: SiteArticle): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (newestFirst(list[middle]!, article) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `list` without the articles in `changed`, with `fresh` inserted in order. */
function patchedList(list: readonly SiteArticle[], changed: ReadonlySet<string>, fresh: readonly SiteArticle[]): SiteArticle[] {
  const out = list.filter((a) => !changed.has(a.documentId));
  for (const a of fresh) out.splice(positionIn(out, a), 0, a);
  return out;
}

/**
 * `content` (where only the articles in `changed` differ from `before.content`, and the
 * comments, polls, notes, moved paths and most-read list may) derived into data equal to what
 * assembleSiteData gives, without sorting and grouping the archive again: the lists of the
 * categories and tags the changed articles were or are in are patched, every other one shared,
 * as are the unchanged articles' objects, and the lookups keep a version's changes on top of a
 * shared base (lookup.ts). At 200,000 articles that is 50–100 ms of a publish instead of 0.7–1 s
 * (in-process, the machine busy). Checked against assembleSiteData on seeded random changes
 * (tests/unit/site-content.test.ts). With nothing changed, the article list itself is shared, so the caches
 * keyed by it (routes, sitemap entries) carry over.
 */
export function withArticleChanges(before: SiteData, content: SiteContent, changed: ReadonlySet<string>, builtAt: Date): SiteData {
  const fresh = changed.size === 0 ? [] : content.articles.filter((a) => changed.has(a.documentId)).map(toSiteArticle);
  const articles = changed.size === 0 ? before.articles : patchedList(before.articles, changed, fresh);
  const byId: Array<[string, SiteArticle | null]> = [];
  const byUrl: Array<[string, SiteArticle | null]> = [];
  const categorySlugs = new Set<string>();
  const tagSlugs = new Set<string>();
  for (const id of changed) {
    const old = before.articleById.get(id);
    if (!old) continue;
    byId.push([id, null]);
    byUrl.push([old.url, null]);
    categorySlugs.add(old.category.slug);
    for (const t of old.tags) tagSlugs.add(t.slug);
  }
  for (const a of fresh) {
    byId.push([a.documentId, a]);
    byUrl.push([a.url, a]);
    categorySlugs.add(a.category.slug);
    for (const t of a.tags) tagSlugs.add(t.slug);
  }
  const articleById = before.articleById.with(byId);
  const articleByUrl = before.articleByUrl.with(byUrl);
  const patchGroups = (groups: Map<string, SiteArticle[]>, slugs: Set<string>, belongs: (a: SiteArticle, slug: string) => boolean) => {
    const out = new Map(groups);
    for (const slug of slugs) {
      const list = patchedList(
        groups.get(slug) ?? [],
        changed,
        fresh.filter((a) => belongs(a, slug)),
      );
      if (list.length > 0) out.set(slug, list);
      else out.delete(slug);
    }
    return out;
  };
  const articlesByCategory = patchGroups(before.articlesByCategory, categorySlugs, (a, slug) => a.category.slug === slug);
  const categories = inMenuOrder([...content.categories]);
  const commentsByArticle = content.comments === before.content.comments ? before.commentsByArticle : commentsByArticleOf(content.comments);
  return {
    content,
    categories,
    tags: inNameOrder(content.tags),
    articles,
    articleById,
    articleByUrl,
    articlesByCategory,
    articlesByTag: patchGroups(before.articlesByTag, tagSlugs, (a, slug) => a.tags.some((t) => t.slug === slug)),
    ...sidebarOf(content.polls, content.notes, builtAt),
    commentsByArticle,
    mostRead: mostReadOf(content.mostRead, articleById),
    redirects: resolveRedirects(content.movedPaths, articles, categories, articleById, articleByUrl),
    builtAt,
  };
}

/** The most-read box's articles, in the count's order. A story taken down since the count was read is not shown. */
function mostReadOf(list: MostRead[], articleById: Lookup<SiteArticle>): SiteArticle[] {
  return list.flatMap((m) => articleById.get(m.documentId) ?? []);
}

/**
 * `data` with another most-read list: equal to what assembleSiteData gives for that content, and
 * like `withSidebar` sharing the archive's derived lists (the count moves every few minutes and
 * touches no article).
 */
export function withMostRead(data: SiteData, mostRead: MostRead[]): SiteData {
  return { ...data, content: { ...data.content, mostRead }, mostRead: mostReadOf(mostRead, data.articleById) };
}

/** The sidebar's part of the data: the poll and the weather note it shows, judged at `builtAt`. */
function sidebarOf(polls: Poll[], notes: WeatherNote[], builtAt: Date): Pick<SiteData, 'sidebarPoll' | 'weather'> {
  const newestPolls = [...polls].sort(by((p) => p.publishedAt ?? '', 'desc'));
  const newestNotes = [...notes].sort(by((n) => n.issuedAt, 'desc'));
  return {
    sidebarPoll: newestPolls.find((p) => p.showInSidebar) ?? null,
    weather: newestNotes.find((n) => new Date(n.issuedAt) <= builtAt && new Date(n.validUntil) > builtAt) ?? null,
  };
}

/**
 * `data` with other polls and weather notes, judged at `builtAt`: equal to what assembleSiteData
 * gives for that content, without deriving the archive again (a poll or weather change touches no
 * article; at 200,000 articles that is ≈0.7 s). It shares `data.articles` and everything derived
 * from it, which is what lets the caches keyed by that list (routes, sitemap entries) carry over.
 */
export function withSidebar(data: SiteData, polls: Poll[], notes: WeatherNote[], builtAt: Date): SiteData {
  return { ...data, content: { ...data.content, polls, notes }, ...sidebarOf(polls, notes, builtAt), builtAt };
}

/**
 * Up to `count` other articles of the same category published around the same time: the nearest
 * newer and older ones. An old article's page then stays the same when news is published, and
 * finding them costs nothing however large the category.
 */
export function relatedArticles(data: SiteData, article: SiteArticle, count = 5): SiteArticle[] {
  const list = data.articlesByCategory.get(article.category.slug) ?? [];
  const at = positionIn(list, article);
  const start = Math.max(0, Math.min(at - Math.floor(count / 2), list.length - count - 1));
  return list
    .slice(start, start + count + 1)
    .filter((a) => a.documentId !== article.documentId)
    .slice(0, count);
}
