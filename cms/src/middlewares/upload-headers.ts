/**
 * Uploaded files are served from the CMS origin, where editors' admin sessions live. Whatever a
 * file turns out to be, the browser must neither guess another type for it nor run anything in
 * it: nosniff, and a sandboxing CSP that allows the image itself and nothing else.
 */
import type { Core } from '@strapi/strapi';

interface Ctx {
  path: string;
  set(name: string, value: string): void;
}

export default (_config: unknown, _ctx: { strapi: Core.Strapi }) => {
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    if (ctx.path.startsWith('/uploads/')) {
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    }
    return next();
  };
};
