/**
 * Indexes for the admin's article list at archive scale. The list reads draft rows (every story
 * has one: `published_at IS NULL`), sorted by a column, ten at a time, with a count; its search
 * (`_q`) and the review-queue filter add conditions on a few narrow columns. Without an index each
 * request sorted or scanned all 200,000 rows with their bodies (0.6 s a query on SQLite, two
 * queries a request). Partial indexes on the draft rows, each in the order the list asks for and
 * holding the searched and filtered columns, let both databases walk ten entries for a page and
 * count a search or a filter from the index alone (SQLite and PostgreSQL both take partial indexes;
 * Strapi's schema `indexes` key has no WHERE, hence this file).
 *
 * Made at every start when missing (by name: a changed definition needs a new name). Strapi's
 * schema sync leaves alone indexes it did not make.
 * On PostgreSQL the first start after an upgrade builds them under a lock that holds article writes
 * for a few seconds at 200,000 articles; later starts find them.
 */
import type { Core, UID } from '@strapi/strapi';
import { article } from '@tintinh/content-types';
import { articleListView } from '../bootstrap/admin-views';
import { isPostgres } from './tables';

interface ListIndex {
  name: string;
  /** The attribute the list sorts by, and its direction in the list's default. */
  sortBy: string;
  order: 'ASC' | 'DESC';
}

/**
 * What `_q` and the review-queue filter read: the search column and what Strapi searches beside
 * it, so a search or a filter is answered from an index without reading a row.
 */
const COVERED = ['reviewState', 'searchText', 'documentId', 'locale'] as const;

/**
 * The default sort and the sortable columns of the list view editors use (title and the dates).
 * Every one holds the searched and filtered columns: the databases count from whichever index is
 * smallest, and a narrow one would send that count to every row (0.3 s at 200,000 on SQLite).
 */
export const ARTICLE_LIST_INDEXES: readonly ListIndex[] = [
  { name: 'articles_drafts_default_idx', sortBy: articleListView.sortBy, order: articleListView.sortOrder },
  { name: 'articles_drafts_title_idx', sortBy: 'title', order: 'ASC' },
  { name: 'articles_drafts_updated_idx', sortBy: 'updatedAt', order: 'DESC' },
  { name: 'articles_drafts_date_idx', sortBy: 'datePublished', order: 'DESC' },
];

export async function ensureAdminListIndexes(strapi: Core.Strapi): Promise<void> {
  const meta = strapi.db.metadata.get(article.uid as UID.ContentType);
  const column = (name: string): string => {
    const attribute = meta.attributes[name];
    const columnName = attribute && 'columnName' in attribute ? attribute.columnName : undefined;
    if (typeof columnName !== 'string') throw new Error(`admin list indexes: ${article.uid} has no column for ${name}`);
    return columnName;
  };
  const knex = strapi.db.connection;
  const publishedAt = column('publishedAt');
  for (const index of ARTICLE_LIST_INDEXES) {
    // The id breaks ties as Strapi's own order does (`…, id ASC`), so the index gives the order whole.
    // The draft marker too, constant in the index: without it SQLite reads each row to check it.
    const columns = [column(index.sortBy), 'id', ...COVERED.map(column), publishedAt];
    const list = columns.map((_, i) => (i === 0 ? `?? ${index.order}` : '??')).join(', ');
    try {
      await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (${list}) WHERE ?? IS NULL`, [index.name, meta.tableName, ...columns, publishedAt]);
    } catch (err) {
      // Two instances starting together on PostgreSQL: the one that lost the race finds it made.
      if (!(await knex.schema.hasTable(meta.tableName)) || !(await indexExists(strapi, index.name))) throw err;
    }
  }
}

async function indexExists(strapi: Core.Strapi, name: string): Promise<boolean> {
  const knex = strapi.db.connection;
  const rows: unknown = isPostgres(knex)
    ? (await knex.raw('SELECT 1 FROM pg_indexes WHERE indexname = ?', [name])).rows
    : await knex.raw("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [name]);
  return Array.isArray(rows) && rows.length > 0;
}
