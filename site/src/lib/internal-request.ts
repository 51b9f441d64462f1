/**
 * The incremental renderer's routes (src/pages/internal/) answer only the publisher's render
 * host, which holds RENDER_SECRET; to anyone else they do not exist. The static server never
 * forwards /internal/ anyway: this is the second lock.
 */
import { timingSafeEqual } from 'node:crypto';
import { RENDER_SECRET_HEADER } from './render-protocol.ts';
import { siteConfig } from './site-config.ts';

export function isInternalRequest(request: Request): boolean {
  const expected = siteConfig().renderSecret;
  const given = request.headers.get(RENDER_SECRET_HEADER) ?? '';
  if (expected.length < 16 || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export const notFound = () => new Response(null, { status: 404, statusText: 'Not Found' });
