/**
 * Hourly view counters of the most-read box (see src/api/reads/services/read-store.ts), frozen
 * as made on 2026-11-27. Created only when missing, for databases made before migrations existed.
 */
import type { Knex } from '../../src/database/tables';

export async function up(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable('tt_article_reads')) return;
  await knex.schema.createTable('tt_article_reads', (t) => {
    t.string('document_id', 40).notNullable();
    t.integer('hour').notNullable();
    t.integer('views').notNullable();
    t.primary(['document_id', 'hour']);
    t.index(['hour'], 'tt_article_reads_hour_idx');
  });
}
