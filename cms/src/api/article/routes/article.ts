import { ENTRY_PATHS, guardedCoreRouter } from '../../../routers';

// Categories and tags have no drafts, so filtering articles by their slug reads published links only.
export default guardedCoreRouter('api::article.article', {
  allow: { paths: [...ENTRY_PATHS, 'publishedAt', 'slug', 'title', 'datePublished', 'featured', 'category.slug', 'tags.slug'] },
  populate: { cover: true, category: true, tags: true },
});
