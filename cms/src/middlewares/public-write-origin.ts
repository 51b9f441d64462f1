/**
 * Public writes (votes, comments) are accepted only from the site's own pages. A browser says
 * where a request comes from: `Origin` on every POST, and `Sec-Fetch-Site` in current browsers;
 * a page elsewhere on the web that posts a form to us would otherwise make each of its visitors
 * vote from their own address. A request with neither header is not a browser acting for another
 * site; it is left to the rate limits and per-address caps.
 */
import type { Core } from '@strapi/strapi';
import { fail, isSiteOrigin, type WriteContext } from '../public-writes/request';

/** Why a request is refused, or null when it may come from the site. */
export function crossSiteReason(origin: string | undefined, fetchSite: string | undefined): string | null {
  if (origin) return isSiteOrigin(origin) ? null : `Origin ${origin.slice(0, 100)} is not the site`;
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'same-site') return `Sec-Fetch-Site is ${fetchSite.slice(0, 40)}`;
  return null;
}

export default (_config: unknown, _ctx: { strapi: Core.Strapi }) => {
  return async (ctx: WriteContext, next: () => Promise<unknown>) => {
    const reason = crossSiteReason(ctx.get('origin') || undefined, ctx.get('sec-fetch-site') || undefined);
    if (reason) return fail(ctx, 403, 'Chỉ nhận bình chọn và bình luận gửi từ trang báo.', { name: 'ForbiddenError', details: { reason } });
    return next();
  };
};
