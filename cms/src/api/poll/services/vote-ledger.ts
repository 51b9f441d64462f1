/**
 * The vote ledger and its counters, in SQL. The ledger (`tt_poll_votes`) holds one row per
 * accepted vote with a unique (poll, voter) key: the truth. The counters (`tt_poll_counts`) are
 * kept by a database trigger on that ledger, so a counter moves in the same statement, and the
 * same transaction, as the row it counts: whatever inserts or deletes votes (a reader, a restore,
 * an operator), the counters cannot drift from the ledger, and reading results costs a few rows
 * instead of a COUNT over a million.
 *
 * On PostgreSQL each option's counter is split over COUNT_SHARDS rows picked at random, so
 * concurrent votes for the same option rarely wait on one row lock; a total is their SUM.
 * SQLite has one writer at a time and needs no shards.
 *
 * Votes are written in batches (createVoteRecorder): under load, the votes that arrive while
 * one INSERT is on its way go together in the next one, so a thousand votes a second cost a few
 * hundred statements and commits, not a thousand.
 *
 * The tables and the trigger are made by database/migrations/2026.11.27T00.00.00.vote-ledger.ts.
 */
import { isPostgres, type Knex, TABLES } from '../../../database/tables';

const VOTES_TABLE = TABLES.votes;
const COUNTS_TABLE = TABLES.voteCounts;

/**
 * SQLite's write-ahead log: readers no longer wait on the writer, and a commit appends to the log
 * instead of rewriting the database file, which is what lets one file take a thousand votes a
 * second. synchronous=NORMAL is SQLite's recommended setting with WAL: a committed transaction
 * survives a crash of the process; only a power loss may undo the last few.
 */
export async function tuneSqlite(knex: Knex): Promise<void> {
  if (isPostgres(knex)) return;
  await knex.raw('PRAGMA journal_mode = WAL');
  await knex.raw('PRAGMA synchronous = NORMAL');
}

const INSERT_VOTES_SQLITE = `INSERT INTO ${VOTES_TABLE} (poll_document_id, option_key, voter_hash, ip_hash, created_at)
  SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), ?
  FROM json_each(?) WHERE true
  ON CONFLICT (poll_document_id, voter_hash) DO NOTHING
  RETURNING poll_document_id, voter_hash`;
const INSERT_VOTES_POSTGRES = `INSERT INTO ${VOTES_TABLE} (poll_document_id, option_key, voter_hash, ip_hash, created_at)
  SELECT p, o, v, i, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(p, o, v, i)
  ON CONFLICT (poll_document_id, voter_hash) DO NOTHING
  RETURNING poll_document_id, voter_hash`;

export interface Vote {
  pollDocumentId: string;
  optionKey: string;
  voterHash: string;
  ipHash: string;
}
interface InsertedRow {
  poll_document_id: string;
  voter_hash: string;
}
interface SqliteStatement {
  all(...params: unknown[]): unknown[];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface PostgresConnection {
  query(query: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
const isSqliteConnection = (c: unknown): c is SqliteConnection => typeof c === 'object' && c !== null && 'prepare' in c && typeof c.prepare === 'function';
const isPostgresConnection = (c: unknown): c is PostgresConnection => typeof c === 'object' && c !== null && 'query' in c && typeof c.query === 'function';
const isInsertedRow = (r: unknown): r is InsertedRow =>
  typeof r === 'object' && r !== null && 'poll_document_id' in r && 'voter_hash' in r && typeof r.voter_hash === 'string';
const sqliteInserts = new WeakMap<SqliteConnection, SqliteStatement>();
const voteKey = (pollDocumentId: string, voterHash: string) => `${pollDocumentId}\n${voterHash}`;

/**
 * Inserts a batch of votes in one statement; returns the keys of the votes stored (the others
 * were voters who had already voted). The statement runs prepared once per connection, on a
 * connection borrowed from knex's pool, so it still waits its turn behind a transaction.
 */
async function insertVotes(knex: Knex, votes: Vote[]): Promise<Set<string>> {
  const connection: unknown = await knex.client.acquireConnection();
  try {
    let rows: unknown[];
    if (isSqliteConnection(connection)) {
      const insert = sqliteInserts.get(connection) ?? connection.prepare(INSERT_VOTES_SQLITE);
      sqliteInserts.set(connection, insert);
      rows = insert.all(Date.now(), JSON.stringify(votes.map((v) => [v.pollDocumentId, v.optionKey, v.voterHash, v.ipHash])));
    } else if (isPostgresConnection(connection)) {
      const columns = [votes.map((v) => v.pollDocumentId), votes.map((v) => v.optionKey), votes.map((v) => v.voterHash), votes.map((v) => v.ipHash)];
      rows = (await connection.query({ name: 'tt_record_votes', text: INSERT_VOTES_POSTGRES, values: columns })).rows;
    } else {
      throw new Error('recordVote: the database connection is neither better-sqlite3 nor pg');
    }
    return new Set(rows.filter(isInsertedRow).map((r) => voteKey(r.poll_document_id, r.voter_hash)));
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

const MAX_BATCH = 500;
const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * Records votes in batches. record() resolves true when the vote was stored, false when this
 * voter had already voted in this poll, and rejects when the batch could not be written (then
 * none of its votes was stored: one statement, one transaction).
 */
export function createVoteRecorder(knex: () => Knex) {
  let waiting: Array<{ vote: Vote; key: string; resolve: (stored: boolean) => void; reject: (err: unknown) => void }> = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule() {
    if (scheduled || inFlight >= MAX_BATCHES_IN_FLIGHT || waiting.length === 0) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush() {
    scheduled = false;
    const batch = waiting.slice(0, MAX_BATCH);
    waiting = waiting.slice(batch.length);
    // The same voter twice in one batch: the first goes to the database, the rest are duplicates.
    const first = new Map<string, Vote>();
    for (const { vote, key } of batch) if (!first.has(key)) first.set(key, vote);
    inFlight++;
    insertVotes(knex(), [...first.values()])
      .then((stored) => {
        for (const { vote, key, resolve } of batch) resolve(first.get(key) === vote && stored.has(key));
      })
      .catch((err: unknown) => {
        for (const { reject } of batch) reject(err);
      })
      .finally(() => {
        inFlight--;
        schedule();
      });
    schedule();
  }

  return {
    record(vote: Vote): Promise<boolean> {
      return new Promise((resolve, reject) => {
        waiting.push({ vote, key: voteKey(vote.pollDocumentId, vote.voterHash), resolve, reject });
        schedule();
      });
    },
  };
}

/** Votes per option key, from the counters. */
export async function countsByOption(knex: Knex, pollDocumentId: string): Promise<Map<string, number>> {
  const rows: Array<{ option_key: string; n: number | string }> = await knex(COUNTS_TABLE)
    .where({ poll_document_id: pollDocumentId })
    .groupBy('option_key')
    .select('option_key')
    .sum({ n: 'votes' });
  return new Map(rows.map((r) => [r.option_key, Number(r.n)]));
}
