/**
 * The project's own tables, which Strapi's data transfer (`strapi export`/`import`) does not
 * carry: the poll vote ledger and the moved-URL redirects. Written as JSON Lines, one row per
 * line, read back in a single transaction; the ledger's trigger rebuilds the vote counters from
 * the rows, so counts cannot come back different from the votes. Runs Strapi in-process against
 * the CMS's database (its migrations make the tables).
 *
 *   node scripts/project-tables.ts export --file tables.jsonl
 *   node scripts/project-tables.ts import --file tables.jsonl
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type Knex, TABLES as PROJECT_TABLES } from '../cms/src/database/tables.ts';
import { closeStrapi, loadStrapi } from './lib/strapi-app.ts';

const VOTES = PROJECT_TABLES.votes;
const REDIRECTS = PROJECT_TABLES.redirects;

const TABLES = {
  [VOTES]: z.strictObject({
    poll_document_id: z.string().min(1).max(64),
    option_key: z.string().min(1).max(32),
    voter_hash: z.string().min(1).max(64),
    ip_hash: z.string().min(1).max(64),
    created_at: z.iso.datetime(),
  }),
  [REDIRECTS]: z.strictObject({
    from_path: z.string().min(1).max(400),
    target_type: z.enum(['article', 'category']),
    target_document_id: z.string().min(1).max(64),
    created_at: z.iso.datetime(),
  }),
} as const;
type TableName = keyof typeof TABLES;
const TABLE_NAMES = Object.keys(TABLES) as TableName[];
const line = z.discriminatedUnion('table', [
  z.strictObject({ table: z.literal(VOTES), row: TABLES[VOTES] }),
  z.strictObject({ table: z.literal(REDIRECTS), row: TABLES[REDIRECTS] }),
]);
const PAGE = 5000;
const CHUNK = 500;

/** SQLite keeps knex timestamps as epoch milliseconds, PostgreSQL as timestamps. */
const isoDate = (value: unknown) =>
  new Date(typeof value === 'number' || typeof value === 'string' || value instanceof Date ? value : Number.NaN).toISOString();

async function exportTables(knex: Knex, file: string): Promise<Record<TableName, number>> {
  const out = createWriteStream(file);
  const counts = { [VOTES]: 0, [REDIRECTS]: 0 };
  for (const table of TABLE_NAMES) {
    const columns = Object.keys(TABLES[table].shape);
    for (let lastId = 0; ; ) {
      const rows = await knex(table)
        .select('id', ...columns)
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(PAGE);
      for (const { id, ...row } of rows) {
        lastId = Number(id);
        const record = line.parse({ table, row: { ...row, created_at: isoDate(row.created_at) } });
        if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
        counts[table]++;
      }
      if (rows.length < PAGE) break;
    }
  }
  out.end();
  await once(out, 'finish');
  return counts;
}

async function importTables(knex: Knex, file: string): Promise<Record<TableName, number>> {
  const counts = { [VOTES]: 0, [REDIRECTS]: 0 };
  await knex.transaction(async (trx) => {
    // Replace, not merge: the tables come back exactly as they were exported.
    for (const table of TABLE_NAMES) await trx(table).del();
    await trx(PROJECT_TABLES.voteCounts).del();
    const pending: Record<TableName, Array<Record<string, unknown>>> = { [VOTES]: [], [REDIRECTS]: [] };
    const flush = async (table: TableName) => {
      if (pending[table].length > 0) await trx(table).insert(pending[table]);
      pending[table] = [];
    };
    let n = 0;
    for await (const text of readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      n++;
      if (text.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(`${file}:${n}: not JSON`);
      }
      const parsed = line.safeParse(json);
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const { table, row } = parsed.data;
      pending[table].push({ ...row, created_at: new Date(row.created_at) });
      counts[table]++;
      if (pending[table].length >= CHUNK) await flush(table);
    }
    for (const table of TABLE_NAMES) await flush(table);
  });
  return counts;
}

const [command] = process.argv.slice(2);
const { values } = parseArgs({ args: process.argv.slice(3), options: { file: { type: 'string' } } });
if ((command !== 'export' && command !== 'import') || !values.file) {
  console.error('usage: node scripts/project-tables.ts export|import --file <tables.jsonl>');
  process.exit(2);
}
const strapi = await loadStrapi();
try {
  const knex = strapi.db.connection;
  if (command === 'export') {
    console.log(`[project-tables] exported ${JSON.stringify(await exportTables(knex, values.file))} to ${values.file}`);
  } else {
    console.log(`[project-tables] imported ${JSON.stringify(await importTables(knex, values.file))} from ${values.file}`);
    // The editors' per-option counts follow the rebuilt counters.
    const polls = await knex(VOTES).distinct('poll_document_id');
    for (const { poll_document_id } of polls) await strapi.service('api::poll.voting').syncCounts(String(poll_document_id));
  }
} finally {
  await closeStrapi(strapi);
}
