/**
 * The Google News sitemap: the stories of the last 48 hours (at most 1,000, Google's limit), each
 * with the publication's name, its language and the dateline in Vietnam's +07:00. Written at every
 * publish (it is one of the files the incremental renderer always rewrites) and at every full
 * build, so a story enters it within seconds and leaves it at the first write after 48 hours.
 */
import type { SiteArticle } from './content/schema.ts';
import { isoVietnam } from './dates.ts';
import { siteConfig } from './site-config.ts';
import { escapeXml } from './xml.ts';

export const NEWS_WINDOW_MS = 48 * 3600_000;
export const NEWS_SITEMAP_MAX = 1000;

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"';

/** `articles` newest first; `now` is the moment the window ends. */
export function newsSitemapXml(articles: readonly SiteArticle[], now: Date): string {
  const { siteUrl, siteName } = siteConfig();
  const since = now.getTime() - NEWS_WINDOW_MS;
  const recent = articles.filter((a) => a.date.getTime() >= since && a.date.getTime() <= now.getTime()).slice(0, NEWS_SITEMAP_MAX);
  const publication = `<news:publication><news:name>${escapeXml(siteName)}</news:name><news:language>vi</news:language></news:publication>`;
  const items = recent.map(
    (a) =>
      `<url><loc>${escapeXml(new URL(a.url, siteUrl).href)}</loc><news:news>${publication}` +
      `<news:publication_date>${isoVietnam(a.date)}</news:publication_date><news:title>${escapeXml(a.title)}</news:title></news:news></url>`,
  );
  return `${HEAD}<urlset ${NS}>${items.join('')}</urlset>`;
}
