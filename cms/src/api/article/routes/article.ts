import { guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::article.article', {
  populate: { cover: true, category: true, tags: true },
});
