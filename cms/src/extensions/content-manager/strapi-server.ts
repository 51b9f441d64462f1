/**
 * Closes what the content manager leaves open or answers badly:
 * - the relation pickers answer 403, not 500, to a caller who may not read the field
 *   (policies/relation-read.ts);
 * - the draft routes answer 400, not 500, on a type without drafts (policies/drafts-only.ts);
 * - the routes that take a list of entries and check only the type read each entry
 *   (policies/entries-readable.ts): otherwise any draft could be read by its id;
 * - the single-type routes refuse a collection type (policies/single-types-only.ts): otherwise
 *   they act on its first entry;
 * - a component's edit-view layout is changed by the super admin only (Strapi checks nothing
 *   there; content types' layouts are checked in their controller).
 */
import { attachPolicy, type PluginWithRoutes } from '../../policies/attach';

const DRAFT_ROUTE = /\/actions\/(publish|unpublish|discard|bulkPublish|bulkUnpublish)$/;
const LISTED_ENTRIES = /\/actions\/(bulkFindForValidation|countManyEntriesDraftRelations)$/;

export default (plugin: PluginWithRoutes) => {
  attachPolicy(plugin, 'global::relation-read', (route) => route.path.startsWith('/relations/'));
  attachPolicy(plugin, 'global::drafts-only', (route) => route.path.startsWith('/collection-types/') && DRAFT_ROUTE.test(route.path));
  attachPolicy(plugin, 'global::entries-readable', (route) => LISTED_ENTRIES.test(route.path));
  attachPolicy(plugin, 'global::single-types-only', (route) => route.path.startsWith('/single-types/'));
  attachPolicy(plugin, 'global::super-admin-only', (route) => route.method === 'PUT' && route.path === '/components/:uid/configuration');
  return plugin;
};
