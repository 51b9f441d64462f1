import { factories } from '@strapi/strapi';
import { commentInput } from '../../../public-writes/comment-text';
import { hashIp } from '../../../public-writes/ip-hash';
import { documentIdParam, fail, isFormPost, readerIp, returnUrl, type WriteContext } from '../../../public-writes/request';
import { parseInput } from '../../../public-writes/validation';
import { projectService } from '../../../services';

const PENDING_MESSAGE = 'Cảm ơn bạn! Bình luận đang chờ Ban biên tập duyệt.';

export default factories.createCoreController('api::comment.comment', ({ strapi }) => ({
  async submit(koaCtx: unknown) {
    const ctx = koaCtx as WriteContext;
    const articleId = documentIdParam.safeParse(ctx.params.documentId);
    if (!articleId.success) return fail(ctx, 404, 'Không tìm thấy bài viết.');
    if (!ctx.is('application/json', 'application/x-www-form-urlencoded')) return fail(ctx, 415, 'Chỉ nhận dữ liệu JSON hoặc biểu mẫu.');
    const parsed = parseInput(commentInput, ctx.request.body);
    const formPost = isFormPost(ctx);
    if (!parsed.success) {
      if (formPost) return ctx.redirect(returnUrl(ctx, '#binh-luan-loi'));
      const issues = parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
      return fail(ctx, 400, issues[0]?.message ?? 'Bình luận không hợp lệ.', { details: { errors: issues } });
    }
    // A filled honeypot gets the same answer as a person, and nothing is stored.
    if (!parsed.data.website) {
      const outcome = await projectService(strapi, 'api::comment.submission').submit({
        articleDocumentId: articleId.data,
        authorName: parsed.data.authorName,
        body: parsed.data.body,
        ipHash: hashIp(readerIp(ctx)),
      });
      if (outcome.kind === 'article-not-found') return fail(ctx, 404, 'Không tìm thấy bài viết.');
    }
    if (formPost) {
      ctx.status = 303;
      return ctx.redirect(returnUrl(ctx, '#binh-luan-cho-duyet'));
    }
    ctx.status = 202;
    ctx.body = { data: { status: 'pending' }, message: PENDING_MESSAGE };
  },
}));
