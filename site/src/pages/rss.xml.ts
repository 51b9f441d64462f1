import type { APIRoute } from 'astro';
import { siteData } from '../lib/content.ts';
import { feedResponse } from '../lib/feed.ts';
import { siteConfig } from '../lib/site-config.ts';

export const GET: APIRoute = async () => {
  const { articles } = await siteData();
  return feedResponse({ title: siteConfig().siteName, description: 'Tin mới nhất', path: '/rss.xml', articles });
};
