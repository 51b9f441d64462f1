import type { APIRoute } from 'astro';
import { siteConfig } from '../lib/site-config.ts';

export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${new URL('/sitemap-index.xml', siteConfig().siteUrl).href}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
