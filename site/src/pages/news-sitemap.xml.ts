import type { APIRoute } from 'astro';
import { siteData } from '../lib/content/load.ts';
import { fileResponse } from '../lib/site-files.ts';
import { NEWS_SITEMAP_PATH } from '../lib/urls.ts';

export const GET: APIRoute = async () => fileResponse({ kind: 'news-sitemap', path: NEWS_SITEMAP_PATH }, await siteData());
