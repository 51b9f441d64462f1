/**
 * `npm run backup -- --out <file.tar>` and `npm run restore -- --from <file.tar>`: the operator's
 * commands, on the CMS that `npm start` runs (cms/.env: DATABASE_URL for PostgreSQL, else the
 * SQLite file). Restore with the CMS stopped.
 */
import { parseArgs } from 'node:util';
import { backupCms, restoreCms } from '../lib/backup.ts';

export async function backup(args: string[]): Promise<void> {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const { values } = parseArgs({ args, options: { out: { type: 'string', default: `tintinh-backup-${stamp}.tar` } } });
  await backupCms(values.out, {});
  console.log(`[backup] written to ${values.out}`);
}

export async function restore(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' } } });
  if (!values.from) throw new Error('usage: npm run restore -- --from <backup.tar>');
  await restoreCms(values.from, {});
  console.log(`[restore] ${values.from} restored; start the CMS, then rebuild the site`);
}
