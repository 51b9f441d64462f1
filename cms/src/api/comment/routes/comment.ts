import { guardedCoreRouter } from '../../../routers';

// Only approved comments are ever listed; the reader's IP hash is private and never serialised.
export default guardedCoreRouter('api::comment.comment', {
  populate: { article: { fields: ['documentId', 'slug', 'title'] } },
  filters: { moderationStatus: { $eq: 'approved' } },
});
