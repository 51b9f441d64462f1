/**
 * Reader routes of the most-read box: a view beacon (same-site, rate limited per address, robots
 * ignored) and the top of the last 24 hours.
 */
import type { Core } from '@strapi/strapi';
import { consume, publicWriteLimiters } from '../../../public-writes/limiters';
import { documentIdParam, fail, readerIp, type WriteContext } from '../../../public-writes/request';
import { projectService } from '../../../services';
import { isRobot } from '../services/reads';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async view(ctx: WriteContext) {
    const documentId = documentIdParam.safeParse(ctx.params.documentId);
    if (!documentId.success) return fail(ctx, 404, 'Không có bài viết này.');
    // Prefetches and robots are not readers: acknowledged, not counted.
    const purpose = ctx.get('sec-purpose') || ctx.get('purpose');
    if (isRobot(ctx.get('user-agent')) || /prefetch|prerender/i.test(purpose)) {
      ctx.status = 204;
      return;
    }
    const retryAfter = await consume(publicWriteLimiters().readsPerIp, readerIp(ctx));
    if (retryAfter !== null) {
      ctx.set('Retry-After', String(retryAfter));
      return fail(ctx, 429, 'Quá nhiều lượt xem từ một địa chỉ.');
    }
    if (!(await projectService(strapi, 'api::reads.reads').view(documentId.data))) return fail(ctx, 404, 'Không có bài viết này.');
    ctx.status = 204;
  },

  async top(ctx: WriteContext) {
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = { data: await projectService(strapi, 'api::reads.reads').top() };
  },
});
