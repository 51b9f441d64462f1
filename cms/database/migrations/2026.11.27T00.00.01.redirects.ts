/**
 * Old public paths of moved articles and categories (see src/redirects/redirect-store.ts).
 * Created only when missing, for databases made before migrations existed.
 */
import { ensureRedirectsTable } from '../../src/redirects/redirect-store';
import type { Knex } from '../../src/api/poll/services/vote-ledger';

export async function up(knex: Knex): Promise<void> {
  await ensureRedirectsTable(knex);
}
