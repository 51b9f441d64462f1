/**
 * Every public path of the site is built here and nowhere else: articles, listings and their
 * later pages, tags, feeds, sitemaps. The static build, the incremental renderer, the sitemap and
 * the CMS (which records the old path of a moved article or category) all agree because they
 * all ask this module.
 */

export const HOME_PATH = '/';
export const SITE_FEED_PATH = '/rss.xml';
export const MOVED_PATHS_FILE = '/moved-paths.json';
export const SITEMAP_INDEX_PATH = '/sitemap-index.xml';
/** Google News: the stories of the last 48 hours. */
export const NEWS_SITEMAP_PATH = '/news-sitemap.xml';
export const SEARCH_PATH = '/tim-kiem/';
/** The most-read box, a page of its own that every page's sidebar frames (it changes without them). */
export const MOST_READ_PATH = '/doc-nhieu/';

export const articlePath = (categorySlug: string, slug: string) => `/${categorySlug}/${slug}/`;

/** A listing's front page lives at its base path, numbered page n at `base/trang/n/`. */
const listingPage = (base: string, page: number | null) => (page === null ? base : `${base}trang/${page}/`);

export const categoryPath = (slug: string, page: number | null = null) => listingPage(`/${slug}/`, page);
export const tagPath = (slug: string, page: number | null = null) => listingPage(`/the/${slug}/`, page);
export const categoryFeedPath = (slug: string) => `/${slug}/rss.xml`;
/** Sitemap files: home and the articles in `sitemap-N.xml`, listing pages in `sitemap-listings-N.xml`. */
export const sitemapPath = (index: number) => `/sitemap-${index}.xml`;
export const listingSitemapPath = (index: number) => `/sitemap-listings-${index}.xml`;
