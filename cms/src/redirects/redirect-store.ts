/**
 * Old public paths of articles and categories whose slug (or category) changed, so the site can
 * keep answering them with a redirect, like WordPress's old-slug redirects.
 */
import type { Core } from '@strapi/strapi';
import { inTransaction, TABLES } from '../database/tables';

const REDIRECTS_TABLE = TABLES.redirects;
export type RedirectTarget = 'article' | 'category';
export interface RedirectRecord {
  from: string;
  type: RedirectTarget;
  documentId: string;
}

/** Records `from` → document; a path that is live again (`liveNow`) stops redirecting. */
export async function recordRedirect(strapi: Core.Strapi, from: string, type: RedirectTarget, documentId: string, liveNow: string) {
  await inTransaction(strapi, async (db) => {
    await db(REDIRECTS_TABLE).whereIn('from_path', [from, liveNow]).delete();
    if (from !== liveNow) await db(REDIRECTS_TABLE).insert({ from_path: from, target_type: type, target_document_id: documentId, created_at: new Date() });
  });
}

export async function listRedirects(strapi: Core.Strapi): Promise<RedirectRecord[]> {
  const rows = (await strapi.db.connection(REDIRECTS_TABLE).select('from_path', 'target_type', 'target_document_id').orderBy('id')) as Array<{
    from_path: string;
    target_type: RedirectTarget;
    target_document_id: string;
  }>;
  return rows.map((r) => ({ from: r.from_path, type: r.target_type, documentId: r.target_document_id }));
}
