/**
 * The project's own tables (beside Strapi's), named once, and the one type for the query builder
 * that reads and writes them. Their definitions live in database/migrations/, frozen as they were
 * made: a migration never changes when a service does.
 */
import type { Core, UID } from '@strapi/strapi';

/** Strapi's Knex connection (or a transaction on it). */
export type Knex = Core.Strapi['db']['connection'];

export const TABLES = {
  /** One row per accepted poll vote (api/poll/services/vote-ledger.ts). */
  votes: 'tt_poll_votes',
  /** Per-option vote counters, kept by a trigger on `votes`. */
  voteCounts: 'tt_poll_counts',
  /** Views per article per hour, for the most-read box (api/reads/services/read-store.ts). */
  reads: 'tt_article_reads',
  /** Old public paths of moved articles and categories (redirects/redirect-store.ts). */
  redirects: 'tt_redirects',
} as const;

export const isPostgres = (knex: Knex): boolean => knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';

/**
 * Runs `fn` on the current transaction when there is one (a publish runs inside the Document
 * Service's transaction; a second connection would wait on it forever with SQLite), else in a
 * transaction of its own. Strapi types its transaction as Knex's own Transaction type, which is
 * the same query builder: the one place that says so.
 */
export function inTransaction<T>(strapi: Core.Strapi, fn: (db: Knex) => Promise<T>): Promise<T> {
  return strapi.db.transaction(({ trx }) => fn(trx as unknown as Knex)) as Promise<T>;
}

/** The column Strapi maps an attribute of a content type to, from its metadata (never hard-coded). */
export function columnOf(strapi: Core.Strapi, uid: UID.ContentType, attribute: string): string {
  const meta = strapi.db.metadata.get(uid).attributes[attribute];
  const columnName = meta && 'columnName' in meta ? meta.columnName : undefined;
  if (typeof columnName !== 'string') throw new Error(`${uid} has no column for ${attribute}`);
  return columnName;
}
