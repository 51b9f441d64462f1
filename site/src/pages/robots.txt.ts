import type { APIRoute } from 'astro';
import { siteConfig } from '../lib/site-config.ts';
import { SITEMAP_INDEX_PATH } from '../lib/urls.ts';

export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${new URL(SITEMAP_INDEX_PATH, siteConfig().siteUrl).href}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
