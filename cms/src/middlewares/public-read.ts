import type { Core } from '@strapi/strapi';

/**
 * Guard for every public read route (find/findOne):
 * - published only: `status`, `publicationState` and `hasPublishedVersion` from the client are
 *   dropped and `status=published` forced, so neither the public role nor the site token can
 *   ever read a draft (Strapi otherwise honours `?status=draft` for any reader);
 * - a fixed populate per route, so clients get cover formats, category and tags without
 *   `populate=*` and cannot walk relations the route does not offer;
 * - optional fixed filters (comments: approved only) that the client's filters cannot widen.
 */
export interface PublicReadConfig {
  populate?: Record<string, unknown>;
  filters?: Record<string, unknown>;
}

type Query = Record<string, unknown>;

export default (config: PublicReadConfig, _ctx: { strapi: Core.Strapi }) => {
  return async (ctx: { query: Query }, next: () => Promise<unknown>) => {
    const { status: _s, publicationState: _p, hasPublishedVersion: _h, populate: _pop, ...rest } = ctx.query;
    const query: Query = { ...rest, status: 'published' };
    if (config.populate) query.populate = config.populate;
    if (config.filters) {
      query.filters = rest.filters && typeof rest.filters === 'object' ? { $and: [rest.filters, config.filters] } : config.filters;
    }
    ctx.query = query;
    await next();
  };
};
