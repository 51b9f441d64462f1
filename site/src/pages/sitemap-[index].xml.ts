import type { APIRoute, GetStaticPaths } from 'astro';
import { siteData } from '../lib/content/load.ts';
import { fileResponse, sitemapStaticPaths } from '../lib/site-files.ts';

/** Home and the articles (sitemap.ts); the listing pages are in sitemap-listings-[index].xml.ts. */
export const getStaticPaths = (async () => sitemapStaticPaths(await siteData(), 'articles')) satisfies GetStaticPaths;

export const GET: APIRoute<{ route: Parameters<typeof fileResponse>[0] }> = async ({ props }) => fileResponse(props.route, await siteData());
