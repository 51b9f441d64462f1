import type { APIRoute } from 'astro';
import { siteData } from '../../lib/content/load.ts';
import { routesByPath } from '../../lib/route-index.ts';
import { isInternalRequest, notFound } from '../../lib/internal-request.ts';
import { isFileRoute } from '../../lib/routes.ts';
import { fileResponse } from '../../lib/site-files.ts';

/** One feed, sitemap or data file of the live build's data, for the incremental publisher (?path=/rss.xml). */
export const prerender = false;

export const GET: APIRoute = async ({ request, url }) => {
  if (!isInternalRequest(request)) return notFound();
  const data = await siteData();
  const route = routesByPath(data).get(url.searchParams.get('path') ?? '');
  return route && isFileRoute(route) ? fileResponse(route, data) : notFound();
};
