import { ENTRY_PATHS, guardedCoreRouter } from '../../../routers';

/**
 * Only approved comments of published articles are ever listed (a comment is linked to its
 * article's draft row too, so `article.publishedAt` is what tells a live article). Readers may
 * ask for one article's comments by its documentId and nothing relational beyond it. The
 * reader's IP hash is private and never serialised.
 */
export default guardedCoreRouter('api::comment.comment', {
  allow: { paths: [...ENTRY_PATHS, 'article.documentId'] },
  populate: { article: { fields: ['documentId', 'slug', 'title'] } },
  filters: { moderationStatus: { $eq: 'approved' }, article: { publishedAt: { $notNull: true } } },
});
