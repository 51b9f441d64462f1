import { factories } from '@strapi/strapi';
import { verifyPreview } from '@tintinh/content-types';
import { ARTICLE_POPULATE } from '../../../public-read/article-populate';
import { listRedirects } from '../../../redirects/redirect-store';

type Ctx = { params: Record<string, string>; query: Record<string, unknown>; status: number; body: unknown; set(h: string, v: string): void };

export default factories.createCoreController('api::article.article', ({ strapi }) => ({
  /** GET /api/redirects: old public paths and the document each now belongs to. */
  async redirects(ctx: unknown) {
    (ctx as Ctx).body = { data: await listRedirects(strapi) };
  },

  /**
   * GET /api/preview/articles/:documentId?exp&sig: the draft, for a signed preview link only.
   * Never cached; the signature is the only key (the route has no other auth).
   */
  async preview(koaCtx: unknown) {
    const ctx = koaCtx as Ctx;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex');
    const { documentId } = ctx.params;
    if (!documentId || !verifyPreview(documentId, ctx.query.exp, ctx.query.sig, process.env.PREVIEW_SECRET ?? '')) {
      ctx.status = 403;
      ctx.body = { data: null, error: { status: 403, message: 'Liên kết xem trước không hợp lệ hoặc đã hết hạn.' } };
      return;
    }
    const draft = await strapi.documents('api::article.article').findOne({ documentId, status: 'draft', populate: ARTICLE_POPULATE });
    if (!draft) {
      ctx.status = 404;
      ctx.body = { data: null, error: { status: 404, message: 'Không tìm thấy bài viết.' } };
      return;
    }
    ctx.body = { data: draft };
  },
}));
