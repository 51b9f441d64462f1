/**
 * The poll vote ledger, its per-option counters and the trigger that keeps them equal (see
 * src/api/poll/services/vote-ledger.ts). Strapi runs each migration once, before its own schema
 * sync, and records it in strapi_migrations; creating only what is missing keeps databases made
 * before migrations existed (the tables were then created at bootstrap) working.
 */
import { ensureVoteLedger, type Knex } from '../../src/api/poll/services/vote-ledger';

export async function up(knex: Knex): Promise<void> {
  await ensureVoteLedger(knex);
}
