/**
 * Applies a batch of CMS changes to the live build's data (POST {changes: [{uid, documentId}]})
 * and answers which paths to render again and which to remove, or that a full build is needed.
 * GET loads the data and the route table and sitemap entries each publish derives its own from
 * (the render host warms up with it: ≈1 s at 200,000 articles the first publish does not wait
 * for), and says when the weather box next changes by the clock. Both answers are defined in
 * lib/render-protocol.ts, which the publisher parses them with.
 */
import type { APIRoute } from 'astro';
import { siteData } from '../../lib/content/load.ts';
import { applyChanges, sidebarClock } from '../../lib/incremental.ts';
import { isInternalRequest, notFound } from '../../lib/internal-request.ts';
import { type ApplyAnswer, applyRequest, type ReadyAnswer } from '../../lib/render-protocol.ts';
import { routesByPath } from '../../lib/route-index.ts';
import { sitemapEntries } from '../../lib/routes.ts';

export const prerender = false;

export const POST: APIRoute = async ({ request }) => {
  if (!isInternalRequest(request)) return notFound();
  const parsed = applyRequest.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? 'bad request' }, { status: 400 });
  const answer: ApplyAnswer = await applyChanges(parsed.data.changes);
  return Response.json(answer);
};

export const GET: APIRoute = async ({ request }) => {
  if (!isInternalRequest(request)) return notFound();
  const data = await siteData();
  routesByPath(data);
  sitemapEntries(data);
  const ready: ReadyAnswer = { articles: data.articles.length, sidebarClock: sidebarClock(data) };
  return Response.json(ready);
};
