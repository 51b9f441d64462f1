import type { APIRoute } from 'astro';
import { siteConfig } from '../lib/site-config.ts';
import { NEWS_SITEMAP_PATH, SITEMAP_INDEX_PATH } from '../lib/urls.ts';

const sitemaps = () => [SITEMAP_INDEX_PATH, NEWS_SITEMAP_PATH].map((p) => `Sitemap: ${new URL(p, siteConfig().siteUrl).href}\n`).join('');

export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: /\n\n${sitemaps()}`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
