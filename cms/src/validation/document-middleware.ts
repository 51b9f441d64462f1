import type { Core, UID } from '@strapi/strapi';
import { contentTypeByUid, requiredLinks } from '@tintinh/content-types';
import { newOptionKey } from '../api/poll/services/voting';
import { trackMoves } from '../redirects/track-moves';
import { projectService } from '../services';
import { SLUGGED, applySlugRules, checkPublishable, checkWrittenFields, type Data } from './entry-rules';

/** The draft with the required links the publish check reads (a category, poll options). */
async function loadDraft(strapi: Core.Strapi, uid: string, documentId: string): Promise<Data | null> {
  const type = contentTypeByUid(uid);
  const populate = type ? requiredLinks(type) : [];
  const found = await strapi.documents(uid as UID.ContentType).findOne({ documentId, status: 'draft', populate } as never);
  return (found as Data | null) ?? null;
}

/**
 * Vote counts and option keys belong to the server: whatever an editor's save sends, an existing
 * option keeps its stored key and count, and a new option gets a fresh key and 0 votes.
 */
function prepareOptions(options: Data[], existing: Data | null) {
  const stored = new Map<unknown, Data>();
  for (const o of (existing?.options as Data[] | undefined) ?? []) stored.set(o.id, o);
  for (const o of options) {
    if (!o || typeof o !== 'object') continue;
    const previous = o.id !== undefined ? stored.get(o.id) : undefined;
    o.key = (previous?.key as string | undefined) || newOptionKey();
    o.votes = (previous?.votes as number | undefined) ?? 0;
  }
}

/** Document Service actions after which a cached published poll may be wrong. */
const POLL_CHANGES = new Set(['update', 'publish', 'unpublish', 'delete', 'discardDraft']);

/** Hooks the newsroom's entry rules into every Document Service write. */
export function registerEntryRules(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    const uid = context.uid as string;
    const action = context.action as string;
    const params = context.params as { data?: Data; documentId?: string; status?: string };
    if (!uid.startsWith('api::')) return next();

    if ((action === 'create' || action === 'update') && params.data) {
      const data = params.data;
      const existing = action === 'update' && params.documentId ? await loadDraft(strapi, uid, params.documentId) : null;
      const label = String(data.title ?? data.name ?? existing?.title ?? existing?.name ?? params.documentId ?? 'new entry');
      checkWrittenFields(uid, data, label);
      if (uid === 'api::poll.poll' && Array.isArray(data.options)) prepareOptions(data.options as Data[], existing);
      const slugged = SLUGGED.find((t) => t.uid === uid);
      if (slugged) await applySlugRules(strapi, slugged, data, params.documentId, existing ?? undefined);
      if (params.status === 'published') {
        checkPublishable(uid, { ...(existing ?? {}), ...data }, label);
        if (uid === 'api::article.article' && !data.datePublished && !existing?.datePublished) data.datePublished = new Date().toISOString();
      }
    }

    if (action === 'publish' && params.documentId) {
      const draft = await loadDraft(strapi, uid, params.documentId);
      if (draft) {
        checkPublishable(uid, draft, String(draft.title ?? draft.question ?? params.documentId));
        if (uid === 'api::article.article' && !draft.datePublished) {
          // The first publication fixes the dateline; later re-publishes keep it.
          await strapi.db.query(uid as UID.ContentType).updateMany({
            where: { documentId: params.documentId, publishedAt: null },
            data: { datePublished: new Date() },
          });
        }
      }
    }
    const result = await trackMoves(strapi, uid, action, params.documentId, async () => next());
    if (uid === 'api::poll.poll' && params.documentId && POLL_CHANGES.has(action)) {
      const voting = projectService(strapi, 'api::poll.voting');
      voting.forgetPoll(params.documentId);
      if (action === 'publish') await voting.syncCounts(params.documentId);
    }
    return result;
  });
}
