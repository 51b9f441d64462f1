import type { Core } from '@strapi/strapi';
import { ensureFirstAdmin } from './bootstrap/admin-user';
import { applyAdminViews } from './bootstrap/admin-views';
import { enforceRolePermissions } from './bootstrap/public-permissions';
import { ensurePublisherWebhook } from './bootstrap/publisher-webhook';
import { ensureSiteToken } from './bootstrap/site-token';
import { tuneSqlite } from './api/poll/services/vote-ledger';
import { publicWriteLimiters } from './public-writes/limiters';
import { registerEntryRules } from './validation/document-middleware';
import { defaultAdminLanguage, ensureNewsroomUsers } from './newsroom/accounts';
import { registerNewsroomRules } from './newsroom/article-rules';
import { ensureNewsroomRoles, retireStockRoles } from './newsroom/roles';
import { guardSuperAdmins } from './newsroom/super-admin-guard';
import { bodyParser } from './server/body-parser';
import { backfillAdminSearch, registerAdminSearch } from './search/admin-search';
import { ensureAdminListIndexes } from './database/admin-list-indexes';

interface MiddlewareRegistry {
  extend(uid: string, wrap: (current: unknown) => unknown): unknown;
}

export default {
  async destroy() {
    await publicWriteLimiters().close();
  },

  register({ strapi }: { strapi: Core.Strapi }) {
    (strapi.get('middlewares') as MiddlewareRegistry).extend('strapi::body', () => bodyParser);
    registerEntryRules(strapi);
    registerNewsroomRules(strapi);
    registerAdminSearch(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // The project's tables come from migrations (database/migrations/), run before this.
    await tuneSqlite(strapi.db.connection);
    await backfillAdminSearch(strapi);
    await ensureAdminListIndexes(strapi);
    await enforceRolePermissions(strapi);
    await defaultAdminLanguage(strapi);
    guardSuperAdmins(strapi);
    await ensureFirstAdmin(strapi);
    await ensureNewsroomUsers(strapi, await ensureNewsroomRoles(strapi));
    await retireStockRoles(strapi);
    await ensureSiteToken(strapi);
    await applyAdminViews(strapi);
    await ensurePublisherWebhook(strapi);
    // Connect the rate-limit store before the first request, so a shared (Redis) budget is
    // shared from the start instead of falling back to per-instance memory.
    await publicWriteLimiters().ready();
  },
};
