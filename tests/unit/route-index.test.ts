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

const { assembleSiteData, withArticleChanges } = await import('../../site/src/lib/content.ts');
const { affectedRoutes } = await import('../../site/src/lib/incremental.ts');
const { routesByPath } = await import('../../site/src/lib/route-index.ts');
const { allRoutes, isFileRoute } = await import('../../site/src/lib/routes.ts');
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

  it('rewrite the last sitemap file for a day of news, not the files of the archive before it', () => {
    // 100,000 articles fill three sitemap files; twenty new ones add listing pages (20 a page).
    const random = seededRandom(5);
    const { content, next } = randomArchive(random, 100_000);
    const before = assembleSiteData(content, new Date('2026-11-01T00:00:00.000Z'));
    const fresh = Array.from({ length: 20 }, (_, k) => ({
      ...randomArticle(random, next + k),
      datePublished: new Date(Date.UTC(2026, 1, 1, k)).toISOString(),
    }));
    const after = withArticleChanges(
      before,
      { ...content, articles: [...content.articles, ...fresh] },
      new Set(fresh.map((a) => a.documentId)),
      before.builtAt,
    );
    const { render } = affectedRoutes(before, after, new Set(fresh.map((a) => a.documentId)));
    const sitemaps = allRoutes(after).filter((r) => r.kind === 'sitemap');
    expect(sitemaps.length).toBeGreaterThanOrEqual(3);
    expect(render).toContain(sitemapPath(sitemaps.length - 1));
    expect(render).not.toContain(sitemapPath(0));
    expect(render).not.toContain(sitemapPath(1));
  });
});
