/**
 * The vote ledger of a running CMS, read and written with SQL from outside Strapi: a benchmark
 * fills it with a million votes, and a test or a benchmark audits it (rows in the ledger against
 * the counters readers are shown).
 */
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { TABLES } from '../../cms/src/database/tables.ts';

const VOTES = TABLES.votes;
const COUNTS = TABLES.voteCounts;

export interface LedgerAccess {
  seed(poll: string, optionKeys: string[], votes: number): Promise<void>;
  /** Rows in the ledger and the counters' sum, for one poll. */
  audit(poll: string): Promise<{ ledger: number; counters: number }>;
  close(): Promise<void>;
}

/** Opens the database named by a CMS's environment (DATABASE_URL, else DATABASE_FILENAME). */
export async function openLedger(env: NodeJS.ProcessEnv): Promise<LedgerAccess> {
  if (env.DATABASE_URL) return postgresAccess(env.DATABASE_URL);
  if (env.DATABASE_FILENAME) return sqliteAccess(env.DATABASE_FILENAME);
  throw new Error('openLedger: neither DATABASE_URL nor DATABASE_FILENAME is set');
}

function sqliteAccess(file: string): LedgerAccess {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA busy_timeout = 10000');
  return {
    async seed(poll, keys, votes) {
      // The ledger's trigger counts every seeded row, as it counts a reader's vote.
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO ${VOTES} (poll_document_id, option_key, voter_hash, ip_hash, created_at)
         SELECT ?, json_extract(?, '$[' || (i % CAST(? AS INTEGER)) || ']'), 'seed-' || i, 'seed', ? FROM n`,
      ).run(votes, poll, JSON.stringify(keys), keys.length, Date.now());
      // A ledger grows vote by vote, checkpointed as it goes: fold the seed's log in now, so the
      // next measurement does not pay for one huge checkpoint.
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    },
    async audit(poll) {
      const ledger = db.prepare(`SELECT COUNT(*) AS n FROM ${VOTES} WHERE poll_document_id = ?`).get(poll);
      const counters = db.prepare(`SELECT COALESCE(SUM(votes), 0) AS n FROM ${COUNTS} WHERE poll_document_id = ?`).get(poll);
      return { ledger: Number(ledger?.n), counters: Number(counters?.n) };
    },
    async close() {
      db.close();
    },
  };
}

async function postgresAccess(url: string): Promise<LedgerAccess> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async seed(poll, keys, votes) {
      // A million trigger calls updating the same few counter rows in one transaction take
      // minutes on PostgreSQL: seed with triggers off, then add the same counts in one statement.
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `INSERT INTO ${VOTES} (poll_document_id, option_key, voter_hash, ip_hash, created_at)
         SELECT $1, ($2::text[])[1 + i % $3], 'seed-' || i, 'seed', now() FROM generate_series(1, $4) AS i`,
        [poll, keys, keys.length, votes],
      );
      await client.query(
        `INSERT INTO ${COUNTS} AS c (poll_document_id, option_key, shard, votes)
         SELECT poll_document_id, option_key, 0, COUNT(*) FROM ${VOTES} WHERE poll_document_id = $1 AND voter_hash LIKE 'seed-%'
         GROUP BY poll_document_id, option_key
         ON CONFLICT (poll_document_id, option_key, shard) DO UPDATE SET votes = c.votes + excluded.votes`,
        [poll],
      );
      await client.query('COMMIT');
      await client.query(`VACUUM ANALYZE ${VOTES}`);
      await client.query(`VACUUM ANALYZE ${COUNTS}`);
    },
    async audit(poll) {
      const ledger = await client.query(`SELECT COUNT(*) AS n FROM ${VOTES} WHERE poll_document_id = $1`, [poll]);
      const counters = await client.query(`SELECT COALESCE(SUM(votes), 0) AS n FROM ${COUNTS} WHERE poll_document_id = $1`, [poll]);
      return { ledger: Number(ledger.rows[0].n), counters: Number(counters.rows[0].n) };
    },
    close: () => client.end(),
  };
}
