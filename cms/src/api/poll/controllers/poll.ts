import { factories } from '@strapi/strapi';
import { z } from 'zod';
import { VOTER_COOKIE, VOTER_COOKIE_PATH } from '../../../public-writes/cookies';
import { hashIp } from '../../../public-writes/ip-hash';
import { consume, publicWriteLimiters } from '../../../public-writes/limiters';
import { documentIdParam, fail, isFormPost, isSiteUrl, readerIp, returnUrl, type WriteContext } from '../../../public-writes/request';
import { parseInput } from '../../../public-writes/validation';
import type { VoteOutcome } from '../services/voting';
import { resultsPage } from '../../../public-writes/poll-results-page';
import { projectService } from '../../../services';

// Exactly one field; a form sends it as text. Unknown keys are refused, not ignored.
const voteBody = z.strictObject({
  option: z.union([
    z.number().int().positive(),
    z
      .string()
      .regex(/^[1-9]\d{0,9}$/)
      .transform(Number),
  ]),
});

const MESSAGES: Record<Exclude<VoteOutcome['kind'], 'accepted'>, [number, string]> = {
  duplicate: [409, 'Bạn đã bình chọn cho câu hỏi này rồi.'],
  'not-found': [404, 'Không tìm thấy cuộc thăm dò ý kiến này.'],
  'not-open': [403, 'Cuộc thăm dò ý kiến này chưa bắt đầu.'],
  closed: [403, 'Cuộc thăm dò ý kiến này đã kết thúc.'],
  'unknown-option': [400, 'Phương án bình chọn không hợp lệ.'],
};

export default factories.createCoreController('api::poll.poll', ({ strapi }) => {
  const voting = () => projectService(strapi, 'api::poll.voting');

  return {
    async vote(koaCtx: unknown) {
      const ctx = koaCtx as WriteContext;
      const documentId = documentIdParam.safeParse(ctx.params.documentId);
      if (!documentId.success) return fail(ctx, 404, MESSAGES['not-found'][1]);
      if (!ctx.is('application/json', 'application/x-www-form-urlencoded')) return fail(ctx, 415, 'Chỉ nhận dữ liệu JSON hoặc biểu mẫu.');
      const body = parseInput(voteBody, ctx.request.body);
      if (!body.success)
        return fail(ctx, 400, 'Dữ liệu bình chọn không hợp lệ: chỉ gửi trường "option" là mã phương án.', {
          details: { issues: body.error.issues.map((i) => ({ path: i.path, message: i.message })) },
        });

      const ipHash = hashIp(readerIp(ctx));
      const capKey = `${documentId.data}:${ipHash}`;
      const votesPerIp = publicWriteLimiters().votesPerIpPerPoll;
      const retryAfter = await consume(votesPerIp, capKey);
      if (retryAfter !== null) {
        ctx.set('Retry-After', String(retryAfter));
        return fail(ctx, 429, 'Địa chỉ mạng này đã gửi quá nhiều phiếu cho câu hỏi này. Vui lòng thử lại sau.');
      }

      const outcome = await voting().vote({
        documentId: documentId.data,
        optionId: body.data.option,
        voterToken: ctx.cookies.get(VOTER_COOKIE, { signed: true }) ?? null,
        ipHash,
      });
      // The cap counts accepted votes only: a refused one gives its point back.
      if (outcome.kind !== 'accepted') await votesPerIp.reward(capKey, 1);
      if (outcome.kind === 'accepted') {
        ctx.cookies.set(VOTER_COOKIE, outcome.voterToken, {
          signed: true,
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.secure,
          path: VOTER_COOKIE_PATH,
          maxAge: 365 * 24 * 3600 * 1000,
        });
      }
      if (isFormPost(ctx)) {
        // Without JavaScript: show the results page, which links back to the article.
        const back = returnUrl(ctx, `#poll-${documentId.data}`);
        ctx.status = 303;
        ctx.redirect(`/api/polls/${documentId.data}/results?view=html&voted=${outcome.kind}&return=${encodeURIComponent(back)}`);
        return;
      }
      if (outcome.kind === 'accepted') {
        ctx.status = 201;
        ctx.body = { data: outcome.results, message: 'Cảm ơn bạn đã bình chọn.' };
        return;
      }
      const [status, message] = MESSAGES[outcome.kind];
      return fail(ctx, status, message, 'results' in outcome ? { results: outcome.results } : {});
    },

    async results(koaCtx: unknown) {
      const ctx = koaCtx as WriteContext & { query: Record<string, unknown> };
      const documentId = documentIdParam.safeParse(ctx.params.documentId);
      const results = documentId.success ? await voting().results(documentId.data) : null;
      if (!results) return fail(ctx, 404, MESSAGES['not-found'][1]);
      ctx.set('Cache-Control', 'public, max-age=5');
      if (ctx.query.view === 'html') {
        ctx.set('Content-Type', 'text/html; charset=utf-8');
        ctx.set('Cache-Control', 'no-store');
        const back = String(ctx.query.return ?? '');
        ctx.body = resultsPage(results, String(ctx.query.voted ?? ''), isSiteUrl(back) ? back : '');
        return;
      }
      ctx.body = { data: results };
    },
  };
});
