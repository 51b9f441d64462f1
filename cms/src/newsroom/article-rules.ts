/**
 * The newsroom's rules on articles, as a Document Service middleware: review states a role may
 * set and who may schedule, approval and the correction date at publish (both the server's,
 * whatever a save sends), and the publication log (publish, unpublish, delete, schedule,
 * correction: who, when, which story, title before and after). Also keeps the log itself
 * read-only.
 */
import type { Core } from '@strapi/strapi';
import { currentActor } from './actor';
import { correctionDate, correctionNote } from './corrections';
import { guardPublicationLog, recordPublication, type LogEntry } from './publication-log';
import { APPROVED, checkReporterScheduling, checkReviewChange } from './review';

const ARTICLE = 'api::article.article';

interface ArticleVersion {
  title?: string | null;
  correction?: string | null;
  correctedAt?: string | null;
  scheduledAt?: string | null;
  reviewState?: string | null;
}

async function version(strapi: Core.Strapi, documentId: string, status: 'draft' | 'published'): Promise<ArticleVersion | null> {
  const found = await strapi.documents(ARTICLE).findOne({ documentId, status, fields: ['title', 'correction', 'correctedAt', 'scheduledAt', 'reviewState'] });
  return (found as ArticleVersion | null) ?? null;
}

/** What a publish puts live: a story, or a new correction note on it. */
function publishEntry(documentId: string, live: ArticleVersion | null, draft: ArticleVersion | null): LogEntry {
  const note = correctionNote(draft?.correction);
  const corrected = live !== null && note !== '' && note !== correctionNote(live.correction);
  return {
    action: corrected ? 'Đính chính' : 'Đăng',
    articleDocumentId: documentId,
    titleBefore: live?.title ?? null,
    titleAfter: draft?.title ?? null,
    detail: corrected ? note : null,
  };
}

export function registerNewsroomRules(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const uid = context.uid as string;
    const action = context.action as string;
    guardPublicationLog(uid, action);
    if (uid !== ARTICLE) return next();
    const params = context.params as { documentId?: string; status?: string; data?: Record<string, unknown> };
    const documentId = params.documentId;
    const data = params.data;

    let entry: LogEntry | null = null;
    if ((action === 'create' || action === 'update') && data) {
      const draft = documentId ? await version(strapi, documentId, 'draft') : null;
      const label = String(data.title ?? draft?.title ?? documentId ?? 'bài mới');
      const actor = await currentActor(strapi);
      checkReviewChange(actor, data.reviewState, draft?.reviewState ?? 'Nháp', label);
      checkReporterScheduling(actor, data.scheduledAt, draft?.scheduledAt, label);
      // The correction date is the server's: a save keeps the stored one, whatever it sends.
      data.correctedAt = draft?.correctedAt ?? null;
      if (params.status === 'published') {
        const live = documentId ? await version(strapi, documentId, 'published') : null;
        data.reviewState = APPROVED;
        data.correctedAt = correctionDate(live, 'correction' in data ? data.correction : draft?.correction);
        entry = publishEntry(documentId ?? '', live, { ...draft, ...(data as ArticleVersion) });
      } else if (typeof data.scheduledAt === 'string' && data.scheduledAt !== draft?.scheduledAt) {
        // Before: what readers see now (nothing for a story not yet out); after: what will go out.
        const live = documentId ? await version(strapi, documentId, 'published') : null;
        entry = { action: 'Hẹn giờ', articleDocumentId: documentId ?? '', titleBefore: live?.title ?? null, titleAfter: label, detail: data.scheduledAt };
      }
    } else if (documentId && (action === 'publish' || action === 'unpublish' || action === 'delete')) {
      const [draft, live] = await Promise.all([version(strapi, documentId, 'draft'), version(strapi, documentId, 'published')]);
      if (action === 'publish') {
        // Publishing approves, and dates a new correction: the draft (which the publish copies) says so.
        await strapi.db.query(ARTICLE).updateMany({
          where: { documentId, publishedAt: null },
          data: { reviewState: APPROVED, correctedAt: correctionDate(live, draft?.correction) },
        });
        entry = publishEntry(documentId, live, draft);
      } else if (action === 'unpublish') {
        if (live) entry = { action: 'Gỡ', articleDocumentId: documentId, titleBefore: live.title ?? null, titleAfter: null };
      } else {
        entry = { action: 'Xóa', articleDocumentId: documentId, titleBefore: live?.title ?? draft?.title ?? null, titleAfter: null };
      }
    }

    const result = await next();
    if (entry) {
      // A create has no id until now.
      const id = entry.articleDocumentId || (result as { documentId?: string } | null)?.documentId || '';
      if (id) await recordPublication(strapi, { ...entry, articleDocumentId: id });
    }
    return result;
  });
}
