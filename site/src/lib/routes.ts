/**
 * Every page and file the site writes, derived from the content: the one table that the static
 * build's getStaticPaths and the incremental renderer both read, so they cannot disagree on what
 * exists or where it lives.
 */
import type { SiteArticle, SiteData } from './content/schema.ts';
import { numberedPages, type ListingPage } from './pagination.ts';
import { isoVietnam } from './dates.ts';
import { sitemapFiles, type SitemapEntries, type SitemapEntry, type SitemapSeries } from './sitemap.ts';
import {
  categoryFeedPath,
  categoryPath,
  HOME_PATH,
  MOST_READ_PATH,
  MOVED_PATHS_FILE,
  NEWS_SITEMAP_PATH,
  SITE_FEED_PATH,
  SITEMAP_INDEX_PATH,
  tagPath,
} from './urls.ts';

/** An HTML page, rendered by one of the views. */
export type PageRoute =
  | { kind: 'home'; path: string }
  | { kind: 'article'; path: string; documentId: string }
  | { kind: 'category'; path: string; slug: string; page: ListingPage }
  | { kind: 'tag'; path: string; slug: string; page: ListingPage }
  | { kind: 'moved'; path: string; to: string }
  /** The "Đọc nhiều" box, framed by every page's sidebar. */
  | { kind: 'most-read'; path: string };

/** A feed, sitemap or data file. */
export type FileRoute =
  | { kind: 'site-feed'; path: string }
  | { kind: 'category-feed'; path: string; slug: string }
  | { kind: 'sitemap-index'; path: string }
  | { kind: 'sitemap'; path: string; series: SitemapSeries; index: number }
  | { kind: 'news-sitemap'; path: string }
  | { kind: 'moved-paths'; path: string };

export type SiteRoute = PageRoute | FileRoute;

const articleRoute = (a: SiteArticle): PageRoute => ({ kind: 'article', path: a.url, documentId: a.documentId });

export const articleRoutes = (data: SiteData): PageRoute[] => data.articles.map(articleRoute);

/** The pages of the articles `ids` that are published in `data`. */
export const articleRoutesOf = (data: SiteData, ids: Iterable<string>): PageRoute[] =>
  [...ids].flatMap((id) => {
    const a = data.articleById.get(id);
    return a ? [articleRoute(a)] : [];
  });

/** The front page and every numbered page of each listing, for `count` articles. */
const listingPages = (count: number): ListingPage[] => [null, ...Array.from({ length: numberedPages(count) }, (_, i) => i + 1)];

/** Every category's listing pages, or those of the categories in `only`. */
export const categoryRoutes = (data: SiteData, only?: ReadonlySet<string>): PageRoute[] =>
  (only ? data.categories.filter((c) => only.has(c.slug)) : data.categories).flatMap((c) =>
    listingPages(data.articlesByCategory.get(c.slug)?.length ?? 0).map((page) => ({
      kind: 'category' as const,
      path: categoryPath(c.slug, page),
      slug: c.slug,
      page,
    })),
  );

/** Every tag's listing pages, or those of the tags in `only`. Tags without articles have no page. */
export const tagRoutes = (data: SiteData, only?: ReadonlySet<string>): PageRoute[] =>
  (only ? data.tags.filter((t) => only.has(t.slug)) : data.tags).flatMap((t) => {
    const count = data.articlesByTag.get(t.slug)?.length ?? 0;
    if (count === 0) return [];
    return listingPages(count).map((page) => ({ kind: 'tag' as const, path: tagPath(t.slug, page), slug: t.slug, page }));
  });

export const movedRoutes = (data: SiteData): PageRoute[] => [...data.redirects].map(([from, to]) => ({ kind: 'moved', path: from, to }));

/**
 * Keyed by the article list: a version of the data with a new list has other articles, one
 * sharing it differs in the sidebar, comments or most-read list alone.
 */
const sitemapCache = new WeakMap<SiteData['articles'], SitemapEntries>();

/**
 * Each article's sitemap entry, by article object: an incremental version shares the objects of
 * the articles it did not change (withArticleChanges), so a publish formats one date, not 200,000.
 */
const articleEntries = new WeakMap<SiteArticle, SitemapEntry>();
function articleEntry(article: SiteArticle): SitemapEntry {
  let entry = articleEntries.get(article);
  if (!entry) {
    entry = { path: article.url, lastmod: isoVietnam(new Date(article.updatedAt)) };
    articleEntries.set(article, entry);
  }
  return entry;
}

/**
 * Every indexable page: home and the articles oldest first (new ones land at the end), and every
 * listing page (sitemap.ts). Computed once per version of the archive: formatting 200,000 dates
 * takes a while, and every sitemap file needs them.
 */
export function sitemapEntries(data: SiteData): SitemapEntries {
  const cached = sitemapCache.get(data.articles);
  if (cached) return cached;
  const articles: SitemapEntry[] = [{ path: HOME_PATH }];
  for (let i = data.articles.length - 1; i >= 0; i--) articles.push(articleEntry(data.articles[i]!));
  const listings = [...categoryRoutes(data), ...tagRoutes(data)].map((r): SitemapEntry => ({ path: r.path }));
  const entries = { articles, listings };
  sitemapCache.set(data.articles, entries);
  return entries;
}

export function fileRoutes(data: SiteData): FileRoute[] {
  return [
    { kind: 'site-feed', path: SITE_FEED_PATH },
    ...data.categories.map((c) => ({ kind: 'category-feed' as const, path: categoryFeedPath(c.slug), slug: c.slug })),
    { kind: 'sitemap-index', path: SITEMAP_INDEX_PATH },
    ...sitemapFiles(sitemapEntries(data)).map((file) => ({ kind: 'sitemap' as const, ...file })),
    { kind: 'news-sitemap', path: NEWS_SITEMAP_PATH },
    { kind: 'moved-paths', path: MOVED_PATHS_FILE },
  ];
}

/** Every route that depends on the content (the search page, 404 and robots.txt do not). */
export function allRoutes(data: SiteData): SiteRoute[] {
  return [
    { kind: 'home', path: HOME_PATH },
    { kind: 'most-read', path: MOST_READ_PATH },
    ...articleRoutes(data),
    ...categoryRoutes(data),
    ...tagRoutes(data),
    ...movedRoutes(data),
    ...fileRoutes(data),
  ];
}

/** `/a/b/` with names ['x', 'y'] → { x: 'a', y: 'b' } (Astro params of a page route). */
export function pathParams<K extends string>(path: string, names: readonly K[]): Record<K, string> {
  const parts = path.split('/').filter(Boolean);
  return Object.fromEntries(names.map((name, i) => [name, parts[i] ?? ''])) as Record<K, string>;
}

const FILE_KINDS: ReadonlySet<SiteRoute['kind']> = new Set(['site-feed', 'category-feed', 'sitemap-index', 'sitemap', 'news-sitemap', 'moved-paths']);

export const isFileRoute = (route: SiteRoute): route is FileRoute => FILE_KINDS.has(route.kind);
export const isPageRoute = (route: SiteRoute): route is PageRoute => !FILE_KINDS.has(route.kind);
