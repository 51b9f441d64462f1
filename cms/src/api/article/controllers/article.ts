import { factories } from '@strapi/strapi';
import { listRedirects } from '../../../redirects/redirect-store';

export default factories.createCoreController('api::article.article', ({ strapi }) => ({
  /** GET /api/redirects: old public paths and the document each now belongs to. */
  async redirects(ctx: unknown) {
    (ctx as { body: unknown }).body = { data: await listRedirects(strapi) };
  },
}));
