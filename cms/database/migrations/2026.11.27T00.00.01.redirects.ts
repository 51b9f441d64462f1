/**
 * Old public paths of moved articles and categories (see src/redirects/redirect-store.ts),
 * frozen as made on 2026-11-27. Created only when missing, for databases made before migrations
 * existed.
 */
import type { Knex } from '../../src/database/tables';

export async function up(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable('tt_redirects')) return;
  await knex.schema.createTable('tt_redirects', (t) => {
    t.increments('id');
    t.string('from_path', 400).notNullable().unique();
    t.string('target_type', 16).notNullable();
    t.string('target_document_id', 64).notNullable();
    t.timestamp('created_at').notNullable();
  });
}
