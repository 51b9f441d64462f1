/**
 * Incremental publishing, the site's half: applies one batch of CMS changes to the data a build
 * holds in memory and says which routes must be written again and which removed. Articles and
 * comments reach a known set of pages. The most-read box is a page of its own that every sidebar
 * frames: its list moving writes that page alone. The sidebar (the poll and the weather note) is on every
 * page: a change to it renders the home page at once and asks for a consolidation (a background
 * full build that brings the rest of the archive in step). Anything else (a category, a tag,
 * media) asks for a full build.
 *
 * Invariant, checked by tests/publisher/incremental-equality.test.ts: after `applyChanges` of
 * articles and comments, the routes it names, rendered from the new data, turn the previous
 * build into exactly what a full build of the same content writes. After a sidebar change the
 * home page is exact and the other pages are exact once the consolidation asked for is live.
 */
import { article } from '@tintinh/content-types';
import { fetchArticle, fetchComment, fetchMostRead, fetchMovedPaths, fetchPolls, fetchWeatherNotes, replaceSiteData, siteData } from './content/load.ts';
import { positionIn, withArticleChanges, withMostRead, withSidebar } from './content/derive.ts';
import type { SiteArticle, SiteContent, SiteData } from './content/schema.ts';
import { numberedPages, PAGE_SIZE, pageOfIndex, type ListingPage } from './pagination.ts';
import { type ApplyAnswer, isIncremental, MOST_READ_UID, SIDEBAR_TYPES, type SidebarClock, type SiteChange } from './render-protocol.ts';
import { articleRoutesOf, isFileRoute, sitemapEntries } from './routes.ts';
import { listingsOf, routeChanges, routesByPath } from './route-index.ts';
import { SITEMAP_SIZE, type SitemapSeries } from './sitemap.ts';
import { categoryFeedPath, categoryPath, HOME_PATH, MOST_READ_PATH, tagPath } from './urls.ts';

const ARTICLE = article.uid;
/** How far (in a category's list) an article's card reaches into its neighbours' related lists. */
const RELATED_REACH = 8;

/** The content after the changes, and which articles' own pages (or comments) changed. */
async function patchContent(before: SiteContent, changes: SiteChange[]) {
  let articles = before.articles;
  let comments = before.comments;
  const touched = new Set<string>();
  const changedArticles = new Set<string>();
  for (const c of changes) {
    if (c.uid === ARTICLE) {
      const fresh = await fetchArticle(c.documentId);
      articles = articles.filter((a) => a.documentId !== c.documentId);
      if (fresh) articles = [...articles, fresh];
      touched.add(c.documentId);
      changedArticles.add(c.documentId);
    } else {
      const old = comments.find((x) => x.documentId === c.documentId);
      const fresh = await fetchComment(c.documentId);
      comments = comments.filter((x) => x.documentId !== c.documentId);
      if (fresh) comments = [...comments, fresh];
      for (const id of [old?.article?.documentId, fresh?.article?.documentId]) if (id) touched.add(id);
    }
  }
  // A publish may have recorded a moved URL; the table is small.
  const movedPaths = changes.some((c) => c.uid === ARTICLE) ? await fetchMovedPaths() : before.movedPaths;
  return { content: { ...before, articles, comments, movedPaths }, touched, changedArticles };
}

/**
 * Paths of the pages of one listing that differ between two versions of it. Pages count from the
 * oldest article (lib/pagination.ts): a change shows on the front page, on every numbered page
 * from the oldest position where the two versions differ, on the pages holding a touched article,
 * and on the last page or two (a new last page changes the "newer" link of the one before).
 */
function changedListingPages(before: SiteArticle[], after: SiteArticle[], touched: ReadonlySet<string>, pathOf: (page: ListingPage) => string): string[] {
  const pages = new Set<ListingPage>([null]);
  const lastBefore = numberedPages(before.length);
  const lastAfter = numberedPages(after.length);
  // Oldest-first positions, where numbered pages are stable.
  let firstDifference = Math.max(before.length, after.length);
  for (let j = 0; j < Math.max(before.length, after.length); j++) {
    if (before[before.length - 1 - j]?.documentId !== after[after.length - 1 - j]?.documentId) {
      firstDifference = j;
      break;
    }
  }
  const from = Math.min(Math.floor(firstDifference / PAGE_SIZE) + 1, lastBefore, lastAfter);
  for (let p = Math.max(1, from); p <= lastAfter; p++) pages.add(p);
  for (const [i, a] of after.entries()) if (touched.has(a.documentId)) pages.add(pageOfIndex(i, after.length));
  return [...pages].filter((p) => p === null || p <= lastAfter).map(pathOf);
}

/** Whether sitemap file `index` of `series` lists anything else (or dated otherwise) after the change. */
function sitemapChanged(before: SiteData, after: SiteData, series: SitemapSeries, index: number): boolean {
  const a = sitemapEntries(before)[series];
  const b = sitemapEntries(after)[series];
  const start = index * SITEMAP_SIZE;
  const end = (index + 1) * SITEMAP_SIZE;
  if (Math.min(a.length, end) !== Math.min(b.length, end)) return true;
  for (let i = start; i < Math.min(a.length, end); i++) {
    // Unchanged articles share their entry object (routes.ts): most comparisons stop at the first test.
    if (a[i] !== b[i] && (a[i]!.path !== b[i]!.path || a[i]!.lastmod !== b[i]!.lastmod)) return true;
  }
  return false;
}

/** The routes whose output differs between `before` and `after` (articles in `touched` changed). */
export function affectedRoutes(before: SiteData, after: SiteData, touched: ReadonlySet<string>): { render: string[]; remove: string[] } {
  const routesBefore = routesByPath(before);
  // Only routes a change of `touched` can reach may be new, gone or other: the rest are shared.
  const { routes: routesAfter, paths } = routeChanges(before, after, touched);
  // The most-read page lists articles by title and URL: any article change may show there.
  const render = new Set<string>([HOME_PATH, MOST_READ_PATH]);
  const remove: string[] = [];
  for (const path of paths) {
    const route = routesAfter.get(path);
    const old = routesBefore.get(path);
    if (!route) {
      if (old) remove.push(path);
      continue;
    }
    // New routes, routes that now show something else (an article's old URL became a redirect),
    // the sitemap files whose entries changed, and the other files (feeds, the moved table).
    if (!old || old.kind !== route.kind) render.add(path);
    else if (route.kind === 'sitemap') {
      if (sitemapChanged(before, after, route.series, route.index)) render.add(path);
    } else if (isFileRoute(route)) render.add(path);
    else if (route.kind === 'moved' && old.kind === 'moved' && old.to !== route.to) render.add(path);
  }
  const { categories, tags } = listingsOf(before, after, touched);
  for (const id of touched) {
    const now = after.articleById.get(id);
    if (now) render.add(now.url);
  }
  for (const slug of categories) {
    const listBefore = before.articlesByCategory.get(slug) ?? [];
    const listAfter = after.articlesByCategory.get(slug) ?? [];
    for (const path of changedListingPages(listBefore, listAfter, touched, (n) => categoryPath(slug, n))) render.add(path);
    if (routesAfter.has(categoryFeedPath(slug))) render.add(categoryFeedPath(slug));
    // Related articles are the category neighbours: pages near where a touched article was or is
    // (positions move by at most one per change in the batch).
    const reach = RELATED_REACH + touched.size;
    for (const id of touched) {
      for (const data of [before, after]) {
        const version = data.articleById.get(id);
        if (version?.category.slug !== slug) continue;
        const at = positionIn(data.articlesByCategory.get(slug) ?? [], version);
        for (const neighbour of listAfter.slice(Math.max(0, at - reach), at + reach + 1)) render.add(neighbour.url);
      }
    }
    // The oldest articles' related lists are clamped to the end of the list.
    for (const neighbour of listAfter.slice(-RELATED_REACH)) render.add(neighbour.url);
  }
  for (const slug of tags) {
    for (const path of changedListingPages(before.articlesByTag.get(slug) ?? [], after.articlesByTag.get(slug) ?? [], touched, (n) => tagPath(slug, n))) {
      if (routesAfter.has(path)) render.add(path);
    }
  }
  // In the order they go live (publisher/live-tree.ts): a story's page before the pages that link to it.
  const linkTargetsFirst = (path: string) => (routesAfter.get(path)?.kind === 'article' ? 0 : 1);
  return {
    render: [...render].filter((path) => routesAfter.has(path)).sort((a, b) => linkTargetsFirst(a) - linkTargetsFirst(b)),
    remove,
  };
}

/**
 * The next moment after `data` was judged at which a weather note starts or stops being valid
 * (the weather box then shows another note, or none). The publisher sends that note back as a
 * change at that moment.
 */
export function sidebarClock(data: SiteData): SidebarClock {
  let next: SidebarClock = null;
  for (const note of data.content.notes) {
    for (const at of [note.issuedAt, note.validUntil]) {
      if (new Date(at) > data.builtAt && (!next || new Date(at) < new Date(next.at))) next = { at: new Date(at).toISOString(), documentId: note.documentId };
    }
  }
  return next;
}

/** Applies `changes` to the data pages render from, and says what to write again. */
export async function applyChanges(changes: SiteChange[]): Promise<ApplyAnswer> {
  const other = changes.find((c) => !isIncremental(c.uid));
  if (other) return { kind: 'full', reason: `${other.uid} changed: it reaches every page` };
  const before = await siteData();
  const mostReadMoved = changes.some((c) => c.uid === MOST_READ_UID);
  if (mostReadMoved && changes.every((c) => c.uid === MOST_READ_UID)) {
    // Only the box's own page shows the list: nothing else is written.
    const after = withMostRead(before, await fetchMostRead());
    replaceSiteData(after);
    return { kind: 'render', render: [MOST_READ_PATH], remove: [], consolidate: false, sidebarClock: sidebarClock(after) };
  }
  const entries = changes.filter((c) => !SIDEBAR_TYPES.has(c.uid) && c.uid !== MOST_READ_UID);
  const { content, touched, changedArticles } = await patchContent(before.content, entries);
  if (mostReadMoved) content.mostRead = await fetchMostRead();
  const sidebarChanged = changes.some((c) => SIDEBAR_TYPES.has(c.uid));
  if (sidebarChanged) {
    // Polls and weather notes are few: read them again whole (a publish can change which one shows).
    [content.polls, content.notes] = await Promise.all([fetchPolls(), fetchWeatherNotes()]);
  }
  // Without a sidebar change the build time stays: "valid now" (the weather box) is judged as the
  // full build judged it, so the pages rendered equal the full build's. Changes that touch no
  // article (the sidebar, the most-read count) derive nothing of the archive again.
  const builtAt = sidebarChanged ? new Date() : before.builtAt;
  const after =
    entries.length === 0
      ? withMostRead(withSidebar(before, content.polls, content.notes, builtAt), content.mostRead)
      : withArticleChanges(before, content, changedArticles, builtAt);
  // Comments show on their article's page alone (ArticleView): a moderation writes that page only.
  const commentsOnly = changedArticles.size === 0 && !sidebarChanged && !mostReadMoved;
  const affected = commentsOnly ? { render: articleRoutesOf(after, touched).map((r) => r.path), remove: [] } : affectedRoutes(before, after, touched);
  replaceSiteData(after);
  return { kind: 'render', ...affected, consolidate: sidebarChanged, sidebarClock: sidebarClock(after) };
}
