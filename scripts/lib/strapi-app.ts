import { createRequire } from 'node:module';
import path from 'node:path';
import type { Knex } from '../../cms/src/database/tables.ts';
import { cmsRoot } from './paths.ts';

/**
 * The slice of Strapi's API the operator scripts use. Scripts run Strapi in-process (no HTTP
 * server) so imports go through the Document Service, with the same rules as the admin.
 */
export interface DocumentApi {
  findFirst(params: Record<string, unknown>): Promise<Record<string, unknown> | null>;
  findMany(params: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  count(params: Record<string, unknown>): Promise<number>;
  create(params: Record<string, unknown>): Promise<Record<string, unknown>>;
  update(params: Record<string, unknown>): Promise<Record<string, unknown>>;
  publish(params: Record<string, unknown>): Promise<unknown>;
}

export interface StrapiApp {
  documents(uid: string): DocumentApi;
  db: {
    query(uid: string): {
      findOne(p: Record<string, unknown>): Promise<Record<string, unknown> | null>;
      findMany(p: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
      updateMany(p: Record<string, unknown>): Promise<unknown>;
    };
    transaction<T>(fn: () => Promise<T>): Promise<T>;
    connection: Knex;
  };
  service(name: 'api::poll.voting'): { syncCounts(pollDocumentId: string): Promise<void> };
  plugin(name: string): { service(name: string): { upload(p: Record<string, unknown>): Promise<Array<Record<string, unknown>>> } };
  log: { info(m: string): void };
  eventHub: { on(event: string, listener: (payload: unknown) => void): void };
  /** The HTTP server, mounted without listening (for the route list). */
  server: { mount(): { listRoutes(): Array<{ methods: string[]; path: string }> } };
  destroy(): Promise<void>;
}

/** The counters of Knex's connection pool (tarn) that tell whether any query is still running. */
interface PoolCounters {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

function isPoolCounters(pool: unknown): pool is PoolCounters {
  return (
    typeof pool === 'object' &&
    pool !== null &&
    'numUsed' in pool &&
    typeof pool.numUsed === 'function' &&
    'numPendingAcquires' in pool &&
    typeof pool.numPendingAcquires === 'function' &&
    'numPendingCreates' in pool &&
    typeof pool.numPendingCreates === 'function'
  );
}

const IDLE_CHECKS = 3;
const IDLE_CHECK_MS = 25;
const IDLE_WAIT_LIMIT_MS = 30_000;

/**
 * Stops a script's Strapi once its database is idle. Strapi's Document Service emits entry
 * events (`entry.publish`, …) after the commit without awaiting them, and each one first reads
 * the entry back with every relation populated: destroying Strapi right after the last write
 * pulls the pool from under those reads, and the script dies after its work is done (seen on
 * PostgreSQL: "Timeout acquiring a connection" from an event's populate, exit code 1). The
 * pool is idle when no connection is in use or awaited over a few checks in a row (the event's
 * read starts a microtask after the commit, well within one check).
 */
export async function closeStrapi(strapi: StrapiApp): Promise<void> {
  const client: unknown = strapi.db.connection.client;
  const pool = typeof client === 'object' && client !== null && 'pool' in client ? client.pool : undefined;
  if (isPoolCounters(pool)) {
    const deadline = Date.now() + IDLE_WAIT_LIMIT_MS;
    for (let idle = 0; idle < IDLE_CHECKS && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_CHECK_MS));
      const busy = pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates();
      idle = busy === 0 ? idle + 1 : 0;
    }
  }
  await strapi.destroy();
}

/**
 * `require` as the CMS resolves packages, with this process set up as Strapi expects to be run:
 * from cms/, in production mode, without telemetry.
 */
export function requireFromCms(): NodeJS.Require {
  process.chdir(cmsRoot);
  process.env.NODE_ENV ??= 'production';
  process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
  return createRequire(path.join(cmsRoot, 'package.json'));
}

/** Loads the built Strapi app from cms/ (run `strapi build` first) without listening on a port. */
export async function loadStrapi(): Promise<StrapiApp> {
  const { createStrapi } = requireFromCms()('@strapi/strapi') as {
    createStrapi(o: { appDir: string; distDir: string }): { load(): Promise<StrapiApp> };
  };
  const app = createStrapi({ appDir: cmsRoot, distDir: path.join(cmsRoot, 'dist') });
  return app.load();
}
