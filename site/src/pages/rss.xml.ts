import type { APIRoute } from 'astro';
import { siteData } from '../lib/content/load.ts';
import { fileResponse } from '../lib/site-files.ts';
import { SITE_FEED_PATH } from '../lib/urls.ts';

export const GET: APIRoute = async () => fileResponse({ kind: 'site-feed', path: SITE_FEED_PATH }, await siteData());
