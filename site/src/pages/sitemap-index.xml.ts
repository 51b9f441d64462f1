import type { APIRoute } from 'astro';
import { siteData } from '../lib/content/load.ts';
import { fileResponse } from '../lib/site-files.ts';
import { SITEMAP_INDEX_PATH } from '../lib/urls.ts';

export const GET: APIRoute = async () => fileResponse({ kind: 'sitemap-index', path: SITEMAP_INDEX_PATH }, await siteData());
