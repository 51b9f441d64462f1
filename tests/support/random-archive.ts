/**
 * Seeded random archives and editorial changes for the incremental derivation's oracles: small
 * archives (categories and tags empty out and fill again), articles sharing hours and publication
 * times (the sort's tie-breaks matter), publishes, takedowns, and edits of title, date, category,
 * tags or slug under the same documentId.
 */
import { siteArticle, type SiteContent } from '../../site/src/lib/content/schema.ts';
import type { SeededRandom } from './seeded-random.ts';

const stamp = '2026-11-01T00:00:00.000Z';
const categorySlugs = ['xa-hoi', 'kinh-te', 'the-thao'];
const tagSlugs = ['lua', 'tom', 'bien', 'dien'];

/** A category as the CMS gives it (its slug for a name). */
export const categoryOf = (slug: string) => ({
  id: slug.length,
  documentId: `cat${slug}xxxxxxxx`,
  createdAt: stamp,
  updatedAt: stamp,
  name: slug,
  slug,
  menuOrder: 0,
  description: null,
});
const tagOf = (slug: string) => ({ id: slug.length, documentId: `tag${slug}xxxxxxxxxx`, createdAt: stamp, updatedAt: stamp, name: slug, slug });

/** A published article numbered `n`: its hour, category, tags and edit time drawn from `random`. */
export function randomArticle(random: SeededRandom, n: number, slug = `tin-${n}`) {
  const hour = random.int(200);
  return siteArticle.parse({
    id: n + 1,
    documentId: `doc${String(n).padStart(12, '0')}`,
    createdAt: stamp,
    updatedAt: new Date(Date.parse(stamp) + random.int(10_000) * 60_000).toISOString(),
    publishedAt: new Date(Date.UTC(2026, 0, 1, hour, random.int(2))).toISOString(),
    title: `Tin ${n} lần ${random.int(100)}`,
    slug,
    lead: null,
    body: null,
    coverCaption: null,
    byline: null,
    featured: random.int(10) === 0,
    datePublished: random.int(4) === 0 ? null : new Date(Date.UTC(2026, 0, 1, hour)).toISOString(),
    scheduledAt: null,
    correctedAt: null,
    category: categoryOf(random.pick(categorySlugs)),
    tags: tagSlugs.filter(() => random.int(3) === 0).map(tagOf),
  });
}

/** A random archive of `count` articles (numbered from 0), and the next free number. */
export function randomArchive(random: SeededRandom, count: number): { content: SiteContent; next: number } {
  const articles = Array.from({ length: count }, (_, n) => randomArticle(random, n));
  return {
    content: {
      categories: categorySlugs.map(categoryOf),
      tags: tagSlugs.map(tagOf),
      articles,
      polls: [],
      notes: [],
      comments: [],
      movedPaths: [],
      mostRead: [],
    },
    next: count,
  };
}

/**
 * One to three publishes, takedowns or edits applied to `content`, with a new most-read list and
 * sometimes a moved path; says which articles changed and the next free number.
 */
export function randomChange(random: SeededRandom, content: SiteContent, next: number): { content: SiteContent; changed: Set<string>; next: number } {
  const changed = new Set<string>();
  const articles = [...content.articles];
  for (let k = 1 + random.int(3); k > 0; k--) {
    const roll = random.int(4);
    const at = random.int(articles.length);
    const old = articles[at];
    if (roll === 0 || !old) {
      const fresh = randomArticle(random, next++);
      articles.push(fresh);
      changed.add(fresh.documentId);
    } else if (roll === 1) {
      articles.splice(at, 1);
      changed.add(old.documentId);
    } else {
      articles[at] = randomArticle(random, Number(old.documentId.slice(3)), random.int(2) === 0 ? old.slug : `${old.slug}-sua`);
      changed.add(old.documentId);
    }
  }
  const mostRead = articles.filter(() => random.int(20) === 0).map((a) => ({ documentId: a.documentId, views: random.int(500) }));
  const movedPaths = random.int(3) === 0 && articles[0] ? [{ from: '/cu/bai-cu/', type: 'article' as const, documentId: articles[0].documentId }] : [];
  return { content: { ...content, articles, mostRead, movedPaths }, changed, next };
}
