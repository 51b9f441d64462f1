/**
 * The admin's search box, diacritic- and case-blind on SQLite and PostgreSQL alike. SQLite's LIKE
 * folds ASCII case only and nothing folds diacritics, so "vinh loi" or "VĨNH LỢI" found none of the
 * stories titled "Vĩnh Lợi". A type with an `adminSearch` column (content-types: the article) keeps
 * there the folded text of the fields it names; Strapi's search (`_q`) reads that column alone
 * (the model marks the others unsearchable), and the query is folded the same way on its way in.
 *
 * Kept in step by the database layer (after every create and update, whoever writes: the
 * Document Service, a publish, the scheduler), and filled at start for rows written before the
 * column existed or by a bulk import.
 */
import type { Core, UID } from '@strapi/strapi';
import { adminSearchText, contentTypes, foldForSearch } from '@tintinh/content-types';

interface SearchedType {
  uid: UID.ContentType;
  table: string;
  field: string;
  column: string;
  from: readonly string[];
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const SEARCHED: SearchedType[] = contentTypes.flatMap((t) =>
  t.adminSearch
    ? [{ uid: t.uid as UID.ContentType, table: t.collectionName, field: t.adminSearch.field, column: snake(t.adminSearch.field), from: t.adminSearch.from }]
    : [],
);

/** Rows filled per statement batch at start. */
const BACKFILL_BATCH = 1000;

export function registerAdminSearch(strapi: Core.Strapi): void {
  for (const type of SEARCHED) {
    const keep = async (result: unknown) => {
      if (typeof result !== 'object' || result === null || !('id' in result)) return;
      const entry: Record<string, unknown> = Object.fromEntries(Object.entries(result));
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
  // What is typed is folded like what is kept: `_q` reaches the database as the column holds text.
  strapi.documents.use(async (ctx, next) => {
    const params: unknown = ctx.params;
    if (SEARCHED.some((t) => t.uid === ctx.uid) && typeof params === 'object' && params !== null && '_q' in params && typeof params._q === 'string') {
      Object.assign(params, { _q: foldForSearch(params._q) });
    }
    return next();
  });
}

/** Fills the search column where it is empty (rows from before it existed, or a bulk import). */
export async function backfillAdminSearch(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  for (const type of SEARCHED) {
    let filled = 0;
    // In id order from where the last batch ended: each batch reads only rows not yet seen.
    for (let lastId = 0; ; ) {
      const rows: Array<Record<string, unknown>> = await knex(type.table)
        .select(['id', ...type.from.map(snake)])
        .whereNull(type.column)
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(BACKFILL_BATCH);
      if (rows.length === 0) break;
      lastId = Number(rows[rows.length - 1]?.id);
      await knex.transaction(async (trx) => {
        for (const row of rows) {
          const entry = Object.fromEntries(type.from.map((name) => [name, row[snake(name)]]));
          await trx(type.table)
            .where({ id: row.id })
            .update({ [type.column]: adminSearchText(type.from, entry) });
        }
      });
      filled += rows.length;
    }
    if (filled > 0) strapi.log.info(`[admin-search] filled the search column of ${filled} ${type.table}`);
  }
}
