/**
 * The sitemap (sitemaps.org 0.9): an index and files of at most 45,000 URLs. Written by the
 * site itself rather than an integration, so the incremental renderer can rewrite it from the
 * same code as the full build. Articles come oldest first and listings after them
 * (routes.ts), so new articles and new listing pages land in the last file or two and the
 * earlier files stay as they are.
 */
import { siteConfig } from './site-config.ts';
import { escapeXml } from './xml.ts';
import { NEWS_SITEMAP_PATH, sitemapPath } from './urls.ts';

export const SITEMAP_SIZE = 45_000;

export interface SitemapEntry {
  path: string;
  lastmod?: string;
}

export const sitemapFileCount = (entries: number) => Math.max(1, Math.ceil(entries / SITEMAP_SIZE));

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export function sitemapIndexXml(entries: readonly SitemapEntry[]): string {
  const { siteUrl } = siteConfig();
  const files = sitemapFileCount(entries.length);
  const paths = [...Array.from({ length: files }, (_, i) => sitemapPath(i)), NEWS_SITEMAP_PATH];
  const items = paths.map((p) => `<sitemap><loc>${escapeXml(new URL(p, siteUrl).href)}</loc></sitemap>`);
  return `${HEAD}<sitemapindex xmlns="${NS}">${items.join('')}</sitemapindex>`;
}

export function sitemapXml(entries: readonly SitemapEntry[], index: number): string {
  const { siteUrl } = siteConfig();
  const items = entries
    .slice(index * SITEMAP_SIZE, (index + 1) * SITEMAP_SIZE)
    .map((e) => `<url><loc>${escapeXml(new URL(e.path, siteUrl).href)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`);
  return `${HEAD}<urlset xmlns="${NS}">${items.join('')}</urlset>`;
}
