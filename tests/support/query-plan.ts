/**
 * How a test CMS's database would run a query: SQLite's `EXPLAIN QUERY PLAN` or PostgreSQL's
 * `EXPLAIN`, as text, one step a line. A suite's tables are small, where PostgreSQL would read a
 * table whole or sort it whatever its indexes; sequential scans and sorts are turned off for the
 * plan so that it shows whether an index can answer the query in its order at all, which is what
 * an archive-sized table needs.
 * Placeholders are `?` on both databases.
 */
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { TestCms } from './test-cms.ts';

export async function queryPlan(cms: TestCms, sql: string, bindings: Array<string | number>): Promise<string> {
  const url = cms.env.DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      await client.query('SET enable_sort = off');
      let n = 0;
      const res = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql.replace(/\?/g, () => `$${++n}`)}`, bindings);
      return res.rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await client.end();
    }
  }
  const file = cms.env.DATABASE_FILENAME;
  if (!file) throw new Error('the test CMS names no database');
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...bindings)
      .map((row) => String(row.detail))
      .join('\n');
  } finally {
    db.close();
  }
}
