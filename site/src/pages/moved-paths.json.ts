import type { APIRoute } from 'astro';
import { siteData } from '../lib/content.ts';

/** Old path → new path, for the static server's 301s. */
export const GET: APIRoute = async () => {
  const { redirects } = await siteData();
  return new Response(JSON.stringify(Object.fromEntries(redirects)), { headers: { 'content-type': 'application/json' } });
};
