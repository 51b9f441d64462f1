/**
 * The sitemap (sitemaps.org 0.9): an index and files of at most 10,000 URLs, home and the
 * articles (oldest first) in one series of files, listing pages in another (routes.ts). Written
 * by the site itself rather than an integration, so the incremental renderer can rewrite it from
 * the same code as the full build. A new article lands in the last article file, so a publish
 * rewrites one file of at most 1.3 MB; a listing gains a page once in 20 of its articles, which
 * rewrites the listing files from that listing on. (One series, listings behind the articles,
 * rewrote the last 45,000 articles' file and every listing at every publish: ≈7 MB at 200,000.)
 */
import { siteConfig } from './site-config.ts';
import { escapeXml } from './xml.ts';
import { listingSitemapPath, NEWS_SITEMAP_PATH, sitemapPath } from './urls.ts';

export const SITEMAP_SIZE = 10_000;

export interface SitemapEntry {
  path: string;
  lastmod?: string;
}

/** The two series of sitemap files. */
export interface SitemapEntries {
  /** Home, then the articles oldest first. */
  articles: SitemapEntry[];
  /** Every listing page: categories, then tags. */
  listings: SitemapEntry[];
}

export type SitemapSeries = keyof SitemapEntries;

const sitemapFileCount = (entries: number) => Math.max(1, Math.ceil(entries / SITEMAP_SIZE));

/** Where file `index` of a series lives. */
const seriesPath = (series: SitemapSeries, index: number) => (series === 'articles' ? sitemapPath(index) : listingSitemapPath(index));

/** Every sitemap file of `entries`, series by series. */
export const sitemapFiles = (entries: SitemapEntries): Array<{ series: SitemapSeries; index: number; path: string }> =>
  (['articles', 'listings'] as const).flatMap((series) =>
    Array.from({ length: sitemapFileCount(entries[series].length) }, (_, index) => ({ series, index, path: seriesPath(series, index) })),
  );

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export function sitemapIndexXml(entries: SitemapEntries): string {
  const { siteUrl } = siteConfig();
  const paths = [...sitemapFiles(entries).map((f) => f.path), NEWS_SITEMAP_PATH];
  const items = paths.map((p) => `<sitemap><loc>${escapeXml(new URL(p, siteUrl).href)}</loc></sitemap>`);
  return `${HEAD}<sitemapindex xmlns="${NS}">${items.join('')}</sitemapindex>`;
}

/** File `index` of a series' `entries`. */
export function sitemapXml(entries: readonly SitemapEntry[], index: number): string {
  const { siteUrl } = siteConfig();
  const items = entries
    .slice(index * SITEMAP_SIZE, (index + 1) * SITEMAP_SIZE)
    .map((e) => `<url><loc>${escapeXml(new URL(e.path, siteUrl).href)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`);
  return `${HEAD}<urlset xmlns="${NS}">${items.join('')}</urlset>`;
}
