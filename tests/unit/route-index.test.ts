/**
 * The incremental route table against the whole one: over seeded random publishes, edits, moves
 * and takedowns, the routes derived from the previous version's hold exactly what allRoutes
 * gives, the paths removed are exactly those gone, and every new path, every path showing
 * something else and every file is written again.
 */
import { describe, expect, it } from 'vitest';
import { randomArchive, randomArticle, randomChange } from '../support/random-archive.ts';
import { seededRandom } from '../support/seeded-random.ts';

process.env.STRAPI_URL = 'http://cms.test';
process.env.STRAPI_TOKEN = 'unit';

const { assembleSiteData, withArticleChanges } = await import('../../site/src/lib/content/derive.ts');
const { affectedRoutes } = await import('../../site/src/lib/incremental.ts');
const { routesByPath } = await import('../../site/src/lib/route-index.ts');
const { allRoutes, isFileRoute, sitemapEntries } = await import('../../site/src/lib/routes.ts');
const { sitemapXml } = await import('../../site/src/lib/sitemap.ts');
const { sitemapPath } = await import('../../site/src/lib/urls.ts');

type Data = ReturnType<typeof assembleSiteData>;
const wholeTable = (data: Data) => new Map(allRoutes(data).map((r) => [r.path, r]));

describe('routes of an incremental version', () => {
  it('equal the whole table, and the publish writes and removes what differs (seeded random changes)', () => {
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    // Tiny archives (tags and categories empty out and come back) and ones around a listing's
    // page boundary (20 a page: numbered pages come and go).
    for (const size of [random.int(6), 55 + random.int(10), 110 + random.int(10)]) {
      const archive = randomArchive(random, size);
      let next = archive.next;
      let data = assembleSiteData(archive.content, new Date('2026-11-01T00:00:00.000Z'));
      for (let round = 0; round < 80; round++) {
        const change = randomChange(random, data.content, next);
        next = change.next;
        const after = withArticleChanges(data, change.content, change.changed, data.builtAt);
        const { render, remove } = affectedRoutes(data, after, change.changed);
        const before = wholeTable(data);
        const now = wholeTable(after);
        const label = `seed ${seed}, archive of ${size}, round ${round}`;
        expect(routesByPath(after).toMap(), label).toEqual(now);
        expect(new Set(remove), label).toEqual(new Set([...before.keys()].filter((path) => !now.has(path))));
        const differing = [...now].filter(([path, route]) => {
          const old = before.get(path);
          return !old || old.kind !== route.kind || isFileRoute(route) || (route.kind === 'moved' && old.kind === 'moved' && old.to !== route.to);
        });
        // Sitemap files are written only when their entries changed: the whole-table check leaves them to the equality test.
        for (const [path, route] of differing) if (route.kind !== 'sitemap') expect(render, `${label}: ${path}`).toContain(path);
        data = after;
      }
    }
  });

  it('rewrite the sitemap files whose text changes for a day of news: the last article file, not the archive', () => {
    // 30,000 articles fill four article files (10,000 each); twenty new ones, published one by
    // one, add listing pages now and then (20 a page).
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const archive = randomArchive(random, 30_000);
    let data = assembleSiteData(archive.content, new Date('2026-11-01T00:00:00.000Z'));
    // A version's entries once, not once per sitemap file asked of it.
    const entries = new WeakMap<Data, ReturnType<typeof sitemapEntries>>();
    const entriesOf = (version: Data) => entries.get(version) ?? entries.set(version, sitemapEntries(version)).get(version)!;
    const xmlOf = (version: Data, route: { series: 'articles' | 'listings'; index: number }) => sitemapXml(entriesOf(version)[route.series], route.index);
    for (let k = 0; k < 20; k++) {
      const article = { ...randomArticle(random, archive.next + k), datePublished: new Date(Date.UTC(2026, 1, 1, k)).toISOString() };
      const touched = new Set([article.documentId]);
      const after = withArticleChanges(data, { ...data.content, articles: [...data.content.articles, article] }, touched, data.builtAt);
      const { render } = affectedRoutes(data, after, touched);
      const sitemaps = allRoutes(after).flatMap((r) => (r.kind === 'sitemap' ? [r] : []));
      const pathsBefore = new Set(allRoutes(data).map((r) => r.path));
      const changed = sitemaps.filter((r) => !pathsBefore.has(r.path) || xmlOf(data, r) !== xmlOf(after, r));
      const label = `seed ${seed}, article ${k}`;
      expect(
        sitemaps.filter((r) => render.includes(r.path)).map((r) => r.path),
        label,
      ).toEqual(changed.map((r) => r.path));
      expect(
        changed.filter((r) => r.series === 'articles').map((r) => r.path),
        label,
      ).toEqual([sitemapPath(3)]);
      data = after;
    }
  });
});
