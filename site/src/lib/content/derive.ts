/**
 * Everything pages read, derived from the content: sorted lists, lookups, the sidebar, the
 * redirects. Pure: the same content and `builtAt` give the same data, which is what lets the
 * incremental renderer re-derive it after one change and render exactly what a full build would.
 *
 * A SiteData is put together in one place (`completed`): a full derivation (`assembleSiteData`)
 * and the cheap ones after a change (`withArticleChanges`, `withSidebar`, `withMostRead`) differ
 * only in how they get the archive's lists, derived anew or patched from the version before.
 */
import type { Category, Comment, MostRead, Poll, Tag, WeatherNote } from '@tintinh/content-types';
import { Lookup } from '../lookup.ts';
import { articlePath, categoryPath } from '../urls.ts';
import type { MovedPath, SiteArticle, SiteContent, SiteData } from './schema.ts';

/** The part of SiteData derived from the archive of articles (and the comments on them). */
type Archive = Pick<SiteData, 'articles' | 'articleById' | 'articleByUrl' | 'articlesByCategory' | 'articlesByTag' | 'commentsByArticle'>;

const vietnamese = new Intl.Collator('vi');

/** Menu order, then name as Vietnamese readers sort it. */
export const inMenuOrder = (list: Category[]) => list.sort((a, b) => (a.menuOrder ?? 0) - (b.menuOrder ?? 0) || vietnamese.compare(a.name, b.name));

/** Tags in Vietnamese alphabetical order. */
const inNameOrder = (tags: readonly Tag[]) => [...tags].sort((a, b) => vietnamese.compare(a.name, b.name));

/** Code-unit order: right for ISO timestamps and ids, and cheap on 200,000 entries. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A comparator on an ISO timestamp. */
const by =
  <T>(key: (item: T) => string, direction: 'asc' | 'desc') =>
  (a: T, b: T) =>
    direction === 'asc' ? compareText(key(a), key(b)) : compareText(key(b), key(a));

function group<T>(items: T[], keys: (item: T) => string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

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

/**
 * Where each old path should now send readers. A moved category also moves every article URL
 * under it. Paths that are live again, or whose target is gone, are dropped.
 */
function resolveRedirects(moved: MovedPath[], categories: Category[], archive: Archive): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of moved) {
    if (r.type === 'article') {
      const target = archive.articleById.get(r.documentId);
      if (target && r.from !== target.url) out.set(r.from, target.url);
      continue;
    }
    const category = categories.find((c) => c.documentId === r.documentId);
    if (!category || r.from === categoryPath(category.slug)) continue;
    out.set(r.from, categoryPath(category.slug));
    // The old category path's articles: what their paths were under the old slug.
    const oldSlug = r.from.slice(1, -1);
    for (const a of archive.articlesByCategory.get(category.slug) ?? []) out.set(articlePath(oldSlug, a.slug), a.url);
  }
  // Over the redirects, not the live paths: a few hundred against 200,000.
  for (const from of out.keys()) if (archive.articleByUrl.has(from)) out.delete(from);
  return out;
}

/** The most-read box's articles, in the count's order. A story taken down since the count was read is not shown. */
function mostReadOf(list: MostRead[], articleById: Lookup<SiteArticle>): SiteArticle[] {
  return list.flatMap((m) => articleById.get(m.documentId) ?? []);
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

/** The one place a SiteData is put together: the archive's lists, and what is derived beside them. */
function completed(content: SiteContent, archive: Archive, builtAt: Date): SiteData {
  const categories = inMenuOrder([...content.categories]);
  return {
    content,
    categories,
    tags: inNameOrder(content.tags),
    ...archive,
    ...sidebarOf(content.polls, content.notes, builtAt),
    mostRead: mostReadOf(content.mostRead, archive.articleById),
    redirects: resolveRedirects(content.movedPaths, categories, archive),
    builtAt,
  };
}

/** Everything pages read, derived from the content in one pass. */
export function assembleSiteData(content: SiteContent, builtAt: Date): SiteData {
  const articles = content.articles.map(toSiteArticle).sort(newestFirst);
  return completed(
    content,
    {
      articles,
      articleById: Lookup.from(articles.map((a) => [a.documentId, a] as const)),
      articleByUrl: Lookup.from(articles.map((a) => [a.url, a] as const)),
      articlesByCategory: group(articles, (a) => [a.category.slug]),
      articlesByTag: group(articles, (a) => a.tags.map((t) => t.slug)),
      commentsByArticle: commentsByArticleOf(content.comments),
    },
    builtAt,
  );
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
    const there = list[middle];
    if (there && newestFirst(there, article) < 0) low = middle + 1;
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
  return completed(
    content,
    {
      articles,
      articleById: before.articleById.with(byId),
      articleByUrl: before.articleByUrl.with(byUrl),
      articlesByCategory: patchGroups(before.articlesByCategory, categorySlugs, (a, slug) => a.category.slug === slug),
      articlesByTag: patchGroups(before.articlesByTag, tagSlugs, (a, slug) => a.tags.some((t) => t.slug === slug)),
      commentsByArticle: content.comments === before.content.comments ? before.commentsByArticle : commentsByArticleOf(content.comments),
    },
    builtAt,
  );
}

/** The archive part of `data`, shared as it is by a change that touches no article. */
const archiveOf = (data: SiteData): Archive => ({
  articles: data.articles,
  articleById: data.articleById,
  articleByUrl: data.articleByUrl,
  articlesByCategory: data.articlesByCategory,
  articlesByTag: data.articlesByTag,
  commentsByArticle: data.commentsByArticle,
});

/**
 * `data` with another most-read list: equal to what assembleSiteData gives for that content,
 * sharing the archive's derived lists (the count moves every few minutes and touches no article).
 */
export function withMostRead(data: SiteData, mostRead: MostRead[]): SiteData {
  return completed({ ...data.content, mostRead }, archiveOf(data), data.builtAt);
}

/**
 * `data` with other polls and weather notes, judged at `builtAt`: equal to what assembleSiteData
 * gives for that content, without deriving the archive again (a poll or weather change touches no
 * article; at 200,000 articles that is ≈0.7 s). It shares `data.articles` and everything derived
 * from it, which is what lets the caches keyed by that list (routes, sitemap entries) carry over.
 */
export function withSidebar(data: SiteData, polls: Poll[], notes: WeatherNote[], builtAt: Date): SiteData {
  return completed({ ...data.content, polls, notes }, archiveOf(data), builtAt);
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
