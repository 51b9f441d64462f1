/** Hourly view counters of the most-read box (see src/api/reads/services/read-store.ts). */
import { ensureReadsTable } from '../../src/api/reads/services/read-store';
import type { Knex } from '../../src/api/poll/services/vote-ledger';

export async function up(knex: Knex): Promise<void> {
  await ensureReadsTable(knex);
}
