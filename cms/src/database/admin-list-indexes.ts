/**
 * Indexes for the admin's article list at archive scale. The list reads draft rows (every story
 * has one: `published_at IS NULL`), sorted by a column, ten at a time, with a count; its search
 * (a LIKE on the folded search column, search/admin-search.ts) and the review-queue filter add a
 * condition on one narrow column. Without an index each request sorted or scanned all 200,000 rows
 * with their bodies (0.6 s a query on SQLite, two queries a request). Partial indexes on the draft
 * rows, each in an order the list asks for and holding the searched and filtered columns, let both
 * databases walk ten entries for a page and count a search or a filter from the index alone
 * (SQLite and PostgreSQL both take partial indexes; Strapi's schema `indexes` key has no WHERE,
 * hence this file).
 *
 * Made at every start when missing. An index's name says what it holds (its sort column and a
 * hash of its definition), so a changed definition is a new index, and the ones no longer wanted
 * (same prefix, another name) are dropped. Strapi's schema sync leaves alone indexes it did not
 * make. On PostgreSQL they are built CONCURRENTLY (editors keep saving while a first start after
 * an upgrade builds them) by one instance at a time, under an advisory lock; a build that died
 * half-way leaves an invalid index, which the next start drops and builds again.
 */
import { createHash } from 'node:crypto';
import type { Core, UID } from '@strapi/strapi';
import { article } from '@tintinh/content-types';
import { articleListView } from '../bootstrap/admin-views';
import { columnOf, isPostgres, type Knex } from './tables';

/** The attribute the list sorts by, and its direction as the list first asks for it. */
interface ListOrder {
  sortBy: string;
  order: 'ASC' | 'DESC';
}

/**
 * What the search and the review-queue filter read, and the draft marker (constant in a partial
 * index, but without it SQLite reads each row to check it): a search or a filter is then
 * answered from an index without reading a row.
 */
const COVERED = ['reviewState', 'searchText', 'publishedAt'] as const;

/**
 * The default sort and the sortable columns of the list view editors use (title and the dates).
 * Every one holds the covered columns: the databases count from whichever index is smallest, and
 * a narrow one would send that count to every row (0.3 s at 200,000 on SQLite).
 */
export const ARTICLE_LIST_ORDERS: readonly ListOrder[] = [
  { sortBy: articleListView.sortBy, order: articleListView.sortOrder },
  { sortBy: 'title', order: 'ASC' },
  { sortBy: 'updatedAt', order: 'DESC' },
  { sortBy: 'datePublished', order: 'DESC' },
];

/** Every index this file makes starts so; any other index of that prefix is a retired one. */
const PREFIX = 'articles_drafts_';
/** Any number: the advisory lock that lets one instance at a time build the indexes. */
const BUILD_LOCK = 7_302_551;

interface IndexDefinition {
  name: string;
  sql: string;
  bindings: string[];
}

function definitions(strapi: Core.Strapi): { table: string; wanted: IndexDefinition[] } {
  const uid = article.uid as UID.ContentType;
  const table = strapi.db.metadata.get(uid).tableName;
  const column = (name: string) => columnOf(strapi, uid, name);
  const publishedAt = column('publishedAt');
  const wanted = ARTICLE_LIST_ORDERS.map(({ sortBy, order }) => {
    // The id breaks ties as Strapi's own order does (`…, id ASC`), so the index gives the order whole.
    const columns = [column(sortBy), 'id', ...COVERED.map(column)];
    const list = columns.map((_, i) => (i === 0 ? `?? ${order}` : '??')).join(', ');
    const shape = `${order} ${columns.join(',')} WHERE ${publishedAt} IS NULL`;
    const name = `${PREFIX}${column(sortBy)}_${createHash('sha256').update(shape).digest('hex').slice(0, 8)}`;
    return { name, sql: `ON ?? (${list}) WHERE ?? IS NULL`, bindings: [table, ...columns, publishedAt] };
  });
  return { table, wanted };
}

export async function ensureAdminListIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  const { table, wanted } = definitions(strapi);
  if (isPostgres(knex)) await ensureOnPostgres(knex, table, wanted);
  else await ensureOnSqlite(knex, table, wanted);
}

async function ensureOnSqlite(knex: Knex, table: string, wanted: IndexDefinition[]): Promise<void> {
  const rows: Array<{ name: string }> = await knex.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name LIKE ?", [
    table,
    `${PREFIX}%`,
  ]);
  const names = new Set(wanted.map((w) => w.name));
  for (const { name } of rows) if (!names.has(name)) await knex.raw('DROP INDEX IF EXISTS ??', [name]);
  for (const w of wanted) await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ${w.sql}`, [w.name, ...w.bindings]);
}

async function ensureOnPostgres(knex: Knex, table: string, wanted: IndexDefinition[]): Promise<void> {
  // CONCURRENTLY runs outside a transaction, and the lock belongs to a session: one connection.
  const connection: unknown = await knex.client.acquireConnection();
  const on = async <T>(sql: string, bindings: readonly (string | number)[] = []): Promise<T[]> => (await knex.raw(sql, bindings).connection(connection)).rows;
  try {
    await on('SELECT pg_advisory_lock(?)', [BUILD_LOCK]);
    try {
      const present = await on<{ name: string; valid: boolean }>(
        `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
          WHERE t.relname = ? AND pg_table_is_visible(t.oid) AND c.relname LIKE ?`,
        [table, `${PREFIX}%`],
      );
      const names = new Set(wanted.map((w) => w.name));
      // Retired definitions, and builds that died half-way (they would never become usable).
      for (const p of present) if (!names.has(p.name) || !p.valid) await on('DROP INDEX CONCURRENTLY IF EXISTS ??', [p.name]);
      for (const w of wanted) await on(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ?? ${w.sql}`, [w.name, ...w.bindings]);
    } finally {
      await on('SELECT pg_advisory_unlock(?)', [BUILD_LOCK]);
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}
