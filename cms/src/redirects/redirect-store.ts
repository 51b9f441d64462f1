/**
 * Old public paths of articles and categories whose slug (or category) changed, so the site can
 * keep answering them with a redirect, like WordPress's old-slug redirects.
 */
import type { Core } from '@strapi/strapi';

export const REDIRECTS_TABLE = 'tt_redirects';
export type RedirectTarget = 'article' | 'category';
export interface RedirectRecord {
  from: string;
  type: RedirectTarget;
  documentId: string;
}

type Knex = Core.Strapi['db']['connection'];

export async function ensureRedirectsTable(knex: Knex) {
  if (await knex.schema.hasTable(REDIRECTS_TABLE)) return;
  await knex.schema.createTable(REDIRECTS_TABLE, (t) => {
    t.increments('id');
    t.string('from_path', 400).notNullable().unique();
    t.string('target_type', 16).notNullable();
    t.string('target_document_id', 64).notNullable();
    t.timestamp('created_at').notNullable();
  });
}

/** Records `from` → document; a path that is live again (`liveNow`) stops redirecting. */
export async function recordRedirect(strapi: Core.Strapi, from: string, type: RedirectTarget, documentId: string, liveNow: string) {
  await strapi.db.transaction(async ({ trx }) => {
    const db = trx as unknown as Knex;
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
