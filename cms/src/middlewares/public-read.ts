/**
 * Guard for every public read route (find/findOne):
 * - published only: `status`, `publicationState` and `hasPublishedVersion` from the client are
 *   dropped and `status=published` forced, so neither the public role nor the site token can
 *   ever read a draft (Strapi otherwise honours `?status=draft` for any reader);
 * - filters and sorts only on the route's allowlisted paths (see public-read/query-allowlist):
 *   a filter through a relation could otherwise test unpublished text;
 * - pages of at most 100 entries for readers, 500 for an API token (the site's read);
 * - a fixed populate per route, so clients get cover formats, category and tags without
 *   `populate=*` and cannot walk relations the route does not offer;
 * - optional fixed filters (comments: approved, on a published article) that the client's
 *   filters cannot widen.
 */
import type { Core } from '@strapi/strapi';
import { capPageSize, checkPublicQuery, READER_PAGE_LIMIT, TOKEN_PAGE_LIMIT, type QueryAllowlist } from '../public-read/query-allowlist';

export interface PublicReadConfig {
  allow: QueryAllowlist;
  populate?: Record<string, unknown>;
  filters?: Record<string, unknown>;
}

interface ReadContext {
  query: Record<string, unknown>;
  state: { auth?: { strategy?: { name?: string } } };
  status: number;
  body: unknown;
}

export default (config: PublicReadConfig, _ctx: { strapi: Core.Strapi }) => {
  return async (ctx: ReadContext, next: () => Promise<unknown>) => {
    const checked = checkPublicQuery(ctx.query, config.allow);
    if (!checked.ok) {
      ctx.status = 400;
      ctx.body = { data: null, error: { status: 400, name: 'ValidationError', message: checked.message, details: {} } };
      return;
    }
    // Authentication has run (route middlewares follow it): an API token may read larger pages.
    const pageLimit = ctx.state.auth?.strategy?.name === 'content-api-token' ? TOKEN_PAGE_LIMIT : READER_PAGE_LIMIT;
    const query: Record<string, unknown> = { ...capPageSize(checked.query, pageLimit), status: 'published' };
    if (config.populate) query.populate = config.populate;
    if (config.filters) query.filters = query.filters ? { $and: [query.filters, config.filters] } : config.filters;
    ctx.query = query;
    await next();
  };
};
