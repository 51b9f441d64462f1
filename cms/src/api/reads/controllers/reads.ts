/**
 * Reader routes of the most-read box: a view beacon (same-site, rate limited per address, robots
 * ignored, one view per reader per article per hour) and the top of the last 24 hours. Counting
 * readers rather than requests is what keeps one client from buying the box: its 60 beacons a
 * minute count once.
 */
import type { Core } from '@strapi/strapi';
import { VOTER_COOKIE } from '../../../public-writes/cookies';
import { hashIp } from '../../../public-writes/ip-hash';
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
    const network = readerIp(ctx);
    const retryAfter = await consume(publicWriteLimiters().readsPerIp, network);
    if (retryAfter !== null) {
      ctx.set('Retry-After', String(retryAfter));
      return fail(ctx, 429, 'Quá nhiều lượt xem từ một địa chỉ.');
    }
    const reads = projectService(strapi, 'api::reads.reads');
    if (!(await reads.isPublished(documentId.data))) return fail(ctx, 404, 'Không có bài viết này.');
    // The reader: their network and, when they carry one, the site's signed cookie (readers
    // sharing one address are told apart by it). Hashed: the key store never holds an address.
    const reader = hashIp(`${network} ${ctx.cookies.get(VOTER_COOKIE, { signed: true }) ?? ''}`).slice(0, 32);
    const repeat = (await consume(publicWriteLimiters().viewOncePerHour, `${documentId.data}:${reader}`)) !== null;
    // A repeat is acknowledged like a view, not counted.
    if (!repeat) reads.count(documentId.data);
    ctx.status = 204;
  },

  async top(ctx: WriteContext) {
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = { data: await projectService(strapi, 'api::reads.reads').top() };
  },
});
