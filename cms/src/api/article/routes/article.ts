import { ARTICLE_POPULATE } from '../../../public-read/article-populate';
import { ENTRY_PATHS, guardedCoreRouter } from '../../../routers';

// Categories and tags have no drafts, so filtering articles by their slug reads published links only.
export default guardedCoreRouter('api::article.article', {
  allow: { paths: [...ENTRY_PATHS, 'publishedAt', 'slug', 'title', 'datePublished', 'featured', 'category.slug', 'tags.slug'] },
  populate: ARTICLE_POPULATE,
});
