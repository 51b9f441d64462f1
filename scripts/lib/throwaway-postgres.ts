/**
 * Throwaway PostgreSQL databases for tests and benches, on the server TEST_DATABASE_URL names:
 * made empty or as a copy of a template, dropped by whoever made them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** PostgreSQL refuses to copy a template while anyone (even another copy's check) is connected to it. */
const TEMPLATE_BUSY = '55006';

const databaseUrl = (admin: string, name: string) => {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
};

async function withAdmin<T>(admin: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway PostgreSQL database on the server named by TEST_DATABASE_URL, dropped afterwards;
 * empty, or a copy of `template` (a database made by copyDatabase). Returns null when
 * TEST_DATABASE_URL is not set (the suite then runs on SQLite only).
 */
export async function createThrowawayDatabase(opts: { template?: string } = {}): Promise<{ name: string; url: string; drop(): Promise<void> } | null> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return null;
  const name = `tintinh_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withAdmin(admin, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(opts.template ? `CREATE DATABASE ${name} TEMPLATE ${opts.template}` : `CREATE DATABASE ${name}`);
        return;
      } catch (err) {
        if (!(err instanceof pg.DatabaseError && err.code === TEMPLATE_BUSY) || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  });
  return {
    name,
    url: databaseUrl(admin, name),
    drop: () => dropDatabase(name),
  };
}

/** Copies database `from` (nobody connected to it) to a new database `to`, to serve as a template. */
export async function copyDatabase(from: string, to: string): Promise<void> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  await withAdmin(admin, (client) => client.query(`CREATE DATABASE ${to} TEMPLATE ${from}`));
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return;
  await withAdmin(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
