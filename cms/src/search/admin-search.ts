/**
 * The admin's search box, diacritic- and case-blind on SQLite and PostgreSQL alike. SQLite's LIKE
 * folds ASCII case only and nothing folds diacritics, so "vinh loi" or "VĨNH LỢI" found none of the
 * stories titled "Vĩnh Lợi". A type with an `adminSearch` column (content-types: the article) keeps
 * there the folded text of the fields it names; the list's search (`_q`) becomes a filter on that
 * column alone, the query folded the same way on its way in.
 *
 * Kept in step by the database layer (after every create and update, whoever writes: the
 * Document Service, a publish, the scheduler), and filled at start for rows written before the
 * column existed or by a bulk import.
 */
import type { Core, UID } from '@strapi/strapi';
import { adminSearchText, contentTypes, foldForSearch } from '@tintinh/content-types';
import { columnOf } from '../database/tables';

interface SearchedType {
  uid: UID.ContentType;
  field: string;
  from: readonly string[];
}

const SEARCHED: SearchedType[] = contentTypes.flatMap((t) => (t.adminSearch ? [{ uid: t.uid as UID.ContentType, ...t.adminSearch }] : []));

/** A type's table and the columns of its fields, as Strapi maps them. */
function columnsOf(strapi: Core.Strapi, type: SearchedType) {
  const column = (name: string) => columnOf(strapi, type.uid, name);
  return { table: strapi.db.metadata.get(type.uid).tableName, field: column(type.field), from: type.from.map((name) => [name, column(name)] as const) };
}

/** Rows filled per statement batch at start. */
const BACKFILL_BATCH = 1000;

export function registerAdminSearch(strapi: Core.Strapi): void {
  for (const type of SEARCHED) {
    const keep = async (result: unknown) => {
      if (typeof result !== 'object' || result === null || !('id' in result)) return;
      let entry: Record<string, unknown> = Object.fromEntries(Object.entries(result));
      // A write that selected only some fields answers only those: read the row whole.
      if (type.from.some((name) => !(name in entry)) || !(type.field in entry)) {
        const row: unknown = await strapi.db.query(type.uid).findOne({ where: { id: entry.id } });
        if (typeof row !== 'object' || row === null) return;
        entry = Object.fromEntries(Object.entries(row));
      }
      const wanted = adminSearchText(type.from, entry);
      // Writing it triggers this again, with nothing left to change.
      if (entry[type.field] === wanted) return;
      await strapi.db.query(type.uid).update({ where: { id: entry.id }, data: { [type.field]: wanted } });
    };
    strapi.db.lifecycles.subscribe({
      models: [type.uid],
      afterCreate: (event) => keep(event.result),
      afterUpdate: (event) => keep(event.result),
    });
  }
  strapi.documents.use(async (ctx, next) => {
    const type = SEARCHED.find((t) => t.uid === ctx.uid);
    const params: unknown = ctx.params;
    if (!type || typeof params !== 'object' || params === null) return next();
    // What is typed is folded like what is kept, and asked of that column alone with a plain
    // LIKE. Strapi's own `_q` would also match the id, documentId and locale, and on PostgreSQL
    // with ILIKE: three times the work of LIKE over already folded text (0.45 s a search at
    // 200,000 articles), for matches no editor types.
    if ('_q' in params) {
      // Anything but a string (`_q[]=x`) is not a search: dropped, never passed to Strapi's own.
      const typed = typeof params._q === 'string' ? foldForSearch(params._q) : '';
      Reflect.deleteProperty(params, '_q');
      if (typed !== '') {
        const byColumn = { [type.field]: { $contains: typed } };
        const filters = 'filters' in params && params.filters ? { $and: [params.filters, byColumn] } : byColumn;
        Object.assign(params, { filters });
      }
    }
    // The column is the CMS's own: whatever a caller sends for it is dropped (the lifecycle above
    // would overwrite it anyway, in the same transaction).
    if ('data' in params && typeof params.data === 'object' && params.data !== null && type.field in params.data) {
      Object.assign(params, { data: Object.fromEntries(Object.entries(params.data).filter(([name]) => name !== type.field)) });
    }
    return next();
  });
}

/** Fills the search column where it is empty (rows from before it existed, or a bulk import). */
export async function backfillAdminSearch(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  for (const type of SEARCHED) {
    const columns = columnsOf(strapi, type);
    let filled = 0;
    // In id order from where the last batch ended: each batch reads only rows not yet seen.
    for (let lastId = 0; ; ) {
      const rows: Array<Record<string, unknown>> = await knex(columns.table)
        .select(['id', ...columns.from.map(([, column]) => column)])
        .whereNull(columns.field)
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(BACKFILL_BATCH);
      if (rows.length === 0) break;
      lastId = Number(rows[rows.length - 1]?.id);
      await knex.transaction(async (trx) => {
        for (const row of rows) {
          const entry = Object.fromEntries(columns.from.map(([name, column]) => [name, row[column]]));
          await trx(columns.table)
            .where({ id: row.id })
            .update({ [columns.field]: adminSearchText(type.from, entry) });
        }
      });
      filled += rows.length;
    }
    if (filled > 0) strapi.log.info(`[admin-search] filled the search column of ${filled} rows of ${columns.table}`);
  }
}
