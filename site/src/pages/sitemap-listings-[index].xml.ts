import type { APIRoute, GetStaticPaths } from 'astro';
import { siteData } from '../lib/content/load.ts';
import { fileResponse, sitemapStaticPaths } from '../lib/site-files.ts';

/** Every listing page (sitemap.ts); home and the articles are in sitemap-[index].xml.ts. */
export const getStaticPaths = (async () => sitemapStaticPaths(await siteData(), 'listings')) satisfies GetStaticPaths;

export const GET: APIRoute<{ route: Parameters<typeof fileResponse>[0] }> = async ({ props }) => fileResponse(props.route, await siteData());
