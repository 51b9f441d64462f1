/**
 * Rate limit for every public write route, keyed on what the server knows (the reader's
 * address), never on anything in the request body. 429 with Retry-After when exceeded.
 */
import type { Core } from '@strapi/strapi';
import { consume, publicWriteLimiters } from '../public-writes/limiters';
import { fail, readerIp, type WriteContext } from '../public-writes/request';

export default (_config: unknown, _ctx: { strapi: Core.Strapi }) => {
  return async (ctx: WriteContext, next: () => Promise<unknown>) => {
    const ip = readerIp(ctx);
    ctx.state.readerIp = ip;
    const retryAfter = await consume(publicWriteLimiters().perIp, ip);
    if (retryAfter !== null) {
      ctx.set('Retry-After', String(retryAfter));
      return fail(ctx, 429, `Bạn thao tác quá nhanh. Vui lòng thử lại sau ${retryAfter} giây.`);
    }
    return next();
  };
};
