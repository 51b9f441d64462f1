/**
 * The poll vote ledger (tt_poll_votes), its per-option counters (tt_poll_counts) and the trigger
 * that keeps them equal (see src/api/poll/services/vote-ledger.ts). Strapi runs each migration
 * once, before its own schema sync, and records it in strapi_migrations. The definitions are
 * frozen here as they were made on 2026-11-27: a later change is a new migration. Creating only
 * what is missing keeps databases made before migrations existed (the tables were then created
 * at bootstrap) working. Counters made for an existing ledger start from its COUNTs, under a lock
 * that holds back votes from other instances until the trigger counts them.
 */
import type { Knex } from '../../src/database/tables';

const COUNT_SHARDS = 16;

// Statement-level: a batch of votes moves each option's counter once, in one order (so two
// batches never wait on each other crosswise), on one shard picked per statement. A deletion
// adds a negative amount to a shard: shards may go below zero, their sum stays exact.
const POSTGRES_TRIGGER = `
CREATE OR REPLACE FUNCTION tt_poll_votes_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tt_poll_counts AS c (poll_document_id, option_key, shard, votes)
  SELECT d.poll_document_id, d.option_key, s.shard, d.n
  FROM (SELECT poll_document_id, option_key, CASE WHEN TG_OP = 'INSERT' THEN COUNT(*) ELSE -COUNT(*) END AS n
        FROM changed GROUP BY poll_document_id, option_key) AS d
  CROSS JOIN (SELECT floor(random() * ${COUNT_SHARDS})::int AS shard) AS s
  ORDER BY d.poll_document_id, d.option_key
  ON CONFLICT (poll_document_id, option_key, shard) DO UPDATE SET votes = c.votes + excluded.votes;
  RETURN NULL;
END $$;
CREATE TRIGGER tt_poll_votes_counted_insert AFTER INSERT ON tt_poll_votes
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tt_poll_votes_count();
CREATE TRIGGER tt_poll_votes_counted_delete AFTER DELETE ON tt_poll_votes
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tt_poll_votes_count();`;

const SQLITE_TRIGGERS = [
  `CREATE TRIGGER IF NOT EXISTS tt_poll_votes_count_insert AFTER INSERT ON tt_poll_votes BEGIN
    INSERT INTO tt_poll_counts (poll_document_id, option_key, shard, votes)
    VALUES (NEW.poll_document_id, NEW.option_key, 0, 1)
    ON CONFLICT (poll_document_id, option_key, shard) DO UPDATE SET votes = votes + 1;
  END`,
  `CREATE TRIGGER IF NOT EXISTS tt_poll_votes_count_delete AFTER DELETE ON tt_poll_votes BEGIN
    INSERT INTO tt_poll_counts (poll_document_id, option_key, shard, votes)
    VALUES (OLD.poll_document_id, OLD.option_key, 0, -1)
    ON CONFLICT (poll_document_id, option_key, shard) DO UPDATE SET votes = votes - 1;
  END`,
];

export async function up(knex: Knex): Promise<void> {
  const postgres = knex.client.config.client === 'postgres' || knex.client.config.client === 'pg';
  await knex.transaction(async (trx) => {
    if (!(await trx.schema.hasTable('tt_poll_votes'))) {
      await trx.schema.createTable('tt_poll_votes', (t) => {
        t.increments('id');
        t.string('poll_document_id', 64).notNullable();
        t.string('option_key', 32).notNullable();
        t.string('voter_hash', 64).notNullable();
        t.string('ip_hash', 64).notNullable();
        t.timestamp('created_at').notNullable();
        t.unique(['poll_document_id', 'voter_hash'], { indexName: 'tt_poll_votes_voter_uq' });
        t.index(['poll_document_id', 'option_key'], 'tt_poll_votes_option_idx');
      });
    }
    if (await trx.schema.hasTable('tt_poll_counts')) return;
    if (postgres) await trx.raw('LOCK TABLE tt_poll_votes IN SHARE ROW EXCLUSIVE MODE');
    await trx.schema.createTable('tt_poll_counts', (t) => {
      t.string('poll_document_id', 64).notNullable();
      t.string('option_key', 32).notNullable();
      t.integer('shard').notNullable();
      t.bigInteger('votes').notNullable();
      t.unique(['poll_document_id', 'option_key', 'shard'], { indexName: 'tt_poll_counts_uq' });
    });
    await trx.raw(
      `INSERT INTO tt_poll_counts (poll_document_id, option_key, shard, votes)
       SELECT poll_document_id, option_key, 0, COUNT(*) FROM tt_poll_votes GROUP BY poll_document_id, option_key`,
    );
    if (postgres) await trx.raw(POSTGRES_TRIGGER);
    else for (const sql of SQLITE_TRIGGERS) await trx.raw(sql);
  });
}
