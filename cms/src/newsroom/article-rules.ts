/**
 * The newsroom's rules on articles, as a Document Service middleware, so every route that writes
 * a story passes through them (create, update, clone, publish and their bulk forms, and any
 * route a Strapi upgrade adds that uses the Document Service): review states a role may set and
 * who may schedule, approval and the correction date at publish (both the server's, whatever a
 * save sends), approval lost when a reporter changes an approved story, what a copy keeps, and
 * the publication log (publish, unpublish, delete, schedule, correction: who, when, which story,
 * title before and after). Also keeps the log itself read-only, and a copy of any entry readable
 * only by whoever may read its source.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentActor } from './actor';
import { readerView, returnToReview } from './approval';
import { freshCopy } from './clone-rules';
import { correctionDate, correctionNote } from './corrections';
import { mayReadDraft } from './draft-access';
import { guardPublicationLog, recordPublication, type LogEntry } from './publication-log';
import { APPROVED, checkReporterScheduling, checkReviewChange, isReporterOnly } from './review';

const ARTICLE = 'api::article.article';

interface ArticleVersion {
  title?: string | null;
  reviewNote?: string | null;
  datePublished?: string | null;
  correction?: string | null;
  correctedAt?: string | null;
  scheduledAt?: string | null;
  reviewState?: string | null;
}

async function version(strapi: Core.Strapi, documentId: string, status: 'draft' | 'published'): Promise<ArticleVersion | null> {
  const found = await strapi
    .documents(ARTICLE)
    .findOne({ documentId, status, fields: ['title', 'correction', 'correctedAt', 'scheduledAt', 'reviewState', 'reviewNote', 'datePublished'] });
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

/**
 * Strapi's clone checks `create` on the type and never `read` on the source: without this, anyone
 * who may write a story could copy (and so read) any draft. The CMS's own calls have no user.
 */
async function checkCloneSource(strapi: Core.Strapi, uid: string, documentId: string | undefined): Promise<void> {
  if ((await currentActor(strapi)).id === null || !documentId) return;
  if (!(await mayReadDraft(strapi, uid as UID.ContentType, documentId))) {
    throw new errors.ForbiddenError('Không sao chép được: bạn không có quyền đọc bài gốc.');
  }
}

export function registerNewsroomRules(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const uid = context.uid as string;
    const action = context.action as string;
    guardPublicationLog(uid, action);
    const params = context.params as { documentId?: string; status?: string; data?: Record<string, unknown> };
    if (action === 'clone' && uid.startsWith('api::')) await checkCloneSource(strapi, uid, params.documentId);
    if (uid !== ARTICLE) return next();
    const documentId = params.documentId;
    const data = params.data;

    let entry: LogEntry | null = null;
    /** The approved draft's reader view before a reporter's save (approval.ts); null: nothing to watch. */
    let approvedView: string | null = null;
    if (action === 'clone' && documentId) {
      const source = await version(strapi, documentId, 'draft');
      const copy = data ?? {};
      params.data = copy;
      const chosen = freshCopy(copy, { ...source });
      const label = String(copy.title ?? source?.title ?? documentId);
      const actor = await currentActor(strapi);
      checkReviewChange(actor, chosen.reviewState, 'Nháp', label);
      checkReporterScheduling(actor, chosen.scheduledAt, null, label);
      if (typeof copy.scheduledAt === 'string')
        entry = { action: 'Hẹn giờ', articleDocumentId: '', titleBefore: null, titleAfter: label, detail: copy.scheduledAt };
    } else if ((action === 'create' || action === 'update') && data) {
      const draft = documentId ? await version(strapi, documentId, 'draft') : null;
      const label = String(data.title ?? draft?.title ?? documentId ?? 'bài mới');
      const actor = await currentActor(strapi);
      checkReviewChange(actor, data.reviewState, draft?.reviewState ?? 'Nháp', label);
      checkReporterScheduling(actor, data.scheduledAt, draft?.scheduledAt, label);
      if (action === 'update' && documentId && draft?.reviewState === APPROVED && isReporterOnly(actor) && params.status !== 'published') {
        approvedView = await readerView(strapi, documentId);
      }
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
    if (approvedView !== null && documentId && (await readerView(strapi, documentId)) !== approvedView) {
      const state = await returnToReview(strapi, documentId);
      if (result && typeof result === 'object' && 'reviewState' in result) (result as { reviewState: unknown }).reviewState = state;
    }
    if (entry) {
      // A create has no id until now.
      const id = entry.articleDocumentId || (result as { documentId?: string } | null)?.documentId || '';
      if (id) await recordPublication(strapi, { ...entry, articleDocumentId: id });
    }
    return result;
  });
}
