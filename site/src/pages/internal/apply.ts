import type { APIRoute } from 'astro';
import { z } from 'zod';
import { siteData } from '../../lib/content.ts';
import { applyChanges, change, sidebarClock } from '../../lib/incremental.ts';
import { isInternalRequest, notFound } from '../../lib/internal-request.ts';
import { routesByPath } from '../../lib/route-index.ts';
import { sitemapEntries } from '../../lib/routes.ts';

/**
 * Applies a batch of CMS changes to the live build's data (POST {changes: [{uid, documentId}]})
 * and answers which paths to render again and which to remove, or that a full build is needed.
 * GET loads the data and the route table and sitemap entries each publish derives its own from
 * (the render host warms up with it: ≈1 s at 200,000 articles the first publish does not wait
 * for), and says when the weather box next changes by the clock.
 */
export const prerender = false;

const body = z.object({ changes: z.array(change).min(1).max(1000) });

export const POST: APIRoute = async ({ request }) => {
  if (!isInternalRequest(request)) return notFound();
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? 'bad request' }, { status: 400 });
  return Response.json(await applyChanges(parsed.data.changes));
};

export const GET: APIRoute = async ({ request }) => {
  if (!isInternalRequest(request)) return notFound();
  const data = await siteData();
  routesByPath(data);
  sitemapEntries(data);
  return Response.json({ articles: data.articles.length, sidebarClock: sidebarClock(data) });
};
