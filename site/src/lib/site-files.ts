/**
 * The site's non-HTML outputs (feeds, sitemaps, the moved-paths table), rendered from a route.
 * The static build's endpoints and the incremental renderer both call this, so a file written
 * incrementally is the file a full build writes.
 */
import type { SiteData } from './content/schema.ts';
import { feedXml } from './feed.ts';
import { fileRoutes, sitemapEntries, type FileRoute } from './routes.ts';
import { siteConfig } from './site-config.ts';
import { newsSitemapXml } from './news-sitemap.ts';
import { sitemapIndexXml, sitemapXml, type SitemapSeries } from './sitemap.ts';
import { categoryFeedPath, SITE_FEED_PATH } from './urls.ts';

export interface RenderedFile {
  body: string;
  contentType: string;
}

const XML = 'application/xml; charset=utf-8';

export async function renderFile(route: FileRoute, data: SiteData): Promise<RenderedFile> {
  switch (route.kind) {
    case 'site-feed':
      return {
        body: await feedXml({ title: siteConfig().siteName, description: 'Tin mới nhất', path: SITE_FEED_PATH, articles: data.articles }),
        contentType: XML,
      };
    case 'category-feed': {
      const category = data.categories.find((c) => c.slug === route.slug);
      if (!category) throw new Error(`no category ${route.slug}`);
      const body = await feedXml({
        title: `${category.name} - ${siteConfig().siteName}`,
        description: category.description ?? category.name,
        path: categoryFeedPath(category.slug),
        articles: data.articlesByCategory.get(category.slug) ?? [],
      });
      return { body, contentType: XML };
    }
    case 'sitemap-index':
      return { body: sitemapIndexXml(sitemapEntries(data)), contentType: XML };
    case 'sitemap':
      return { body: sitemapXml(sitemapEntries(data)[route.series], route.index), contentType: XML };
    case 'news-sitemap':
      return { body: newsSitemapXml(data.articles, new Date()), contentType: XML };
    case 'moved-paths':
      return { body: JSON.stringify(Object.fromEntries(data.redirects)), contentType: 'application/json' };
  }
}

/** An endpoint's answer for a file route. */
export async function fileResponse(route: FileRoute, data: SiteData): Promise<Response> {
  const file = await renderFile(route, data);
  return new Response(file.body, { headers: { 'content-type': file.contentType } });
}

/** getStaticPaths of one series of sitemap files (sitemap.ts): their index as the parameter. */
export const sitemapStaticPaths = (data: SiteData, series: SitemapSeries) =>
  fileRoutes(data).flatMap((route) =>
    route.kind === 'sitemap' && route.series === series ? [{ params: { index: String(route.index) }, props: { route } }] : [],
  );
