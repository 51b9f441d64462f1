/**
 * The site's routes by path (routes.ts' table as a lookup): what the render host answers a path
 * with, and what an incremental publish compares. Built whole once per full version of the
 * archive; an incremental version is derived from the one before by the routes its change can
 * reach, so a publish at 200,000 articles handles tens of routes, not 230,000.
 *
 * Invariant, checked by tests/unit/route-index.test.ts on seeded random changes: the derived
 * lookup holds exactly allRoutes(after), and the paths it names are every path whose route was
 * added, removed or replaced.
 */
import type { SiteData } from './content/schema.ts';
import { Lookup } from './lookup.ts';
import { allRoutes, articleRoutesOf, categoryRoutes, fileRoutes, movedRoutes, tagRoutes, type SiteRoute } from './routes.ts';

/** Keyed by the article list, as the sitemap entries are: routes do not depend on the sidebar, comments or most-read list. */
const indexes = new WeakMap<SiteData['articles'], Lookup<SiteRoute>>();

/** Every route of `data` by path. */
export function routesByPath(data: SiteData): Lookup<SiteRoute> {
  let index = indexes.get(data.articles);
  if (!index) {
    index = Lookup.from(allRoutes(data).map((r) => [r.path, r] as const));
    indexes.set(data.articles, index);
  }
  return index;
}

/**
 * The routes of `data` that a change of the articles `ids` can reach: theirs, their categories'
 * and tags' listing pages, the moved paths and the files. In allRoutes' order, so that where two
 * share a path the same one wins.
 */
function reachable(data: SiteData, ids: ReadonlySet<string>, categories: ReadonlySet<string>, tags: ReadonlySet<string>): SiteRoute[] {
  return [...articleRoutesOf(data, ids), ...categoryRoutes(data, categories), ...tagRoutes(data, tags), ...movedRoutes(data), ...fileRoutes(data)];
}

/** The categories and tags the articles `ids` were in before the change or are in after it. */
export function listingsOf(before: SiteData, after: SiteData, ids: Iterable<string>): { categories: Set<string>; tags: Set<string> } {
  const categories = new Set<string>();
  const tags = new Set<string>();
  for (const id of ids) {
    for (const version of [before.articleById.get(id), after.articleById.get(id)]) {
      if (!version) continue;
      categories.add(version.category.slug);
      for (const t of version.tags) tags.add(t.slug);
    }
  }
  return { categories, tags };
}

/**
 * `after`'s routes, derived from `before`'s when `after` differs from it in the articles `ids`
 * (and in comments, the sidebar, the moved paths), with the paths whose route may differ.
 */
export function routeChanges(before: SiteData, after: SiteData, ids: ReadonlySet<string>): { routes: Lookup<SiteRoute>; paths: Set<string> } {
  const { categories, tags } = listingsOf(before, after, ids);
  const old = reachable(before, ids, categories, tags);
  const now = reachable(after, ids, categories, tags);
  const paths = new Set([...old, ...now].map((r) => r.path));
  const routesBefore = routesByPath(before);
  if (after.articles === before.articles) return { routes: routesBefore, paths };
  const routes = routesBefore.with([...old.map((r) => [r.path, null] as const), ...now.map((r) => [r.path, r] as const)]);
  indexes.set(after.articles, routes);
  return { routes, paths };
}
