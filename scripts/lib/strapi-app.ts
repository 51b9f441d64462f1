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
  /** The HTTP server, mounted without listening (for the route list). */
  server: { mount(): { listRoutes(): Array<{ methods: string[]; path: string }> } };
  destroy(): Promise<void>;
}

/** Loads the built Strapi app from cms/ (run `strapi build` first) without listening on a port. */
export async function loadStrapi(): Promise<StrapiApp> {
  process.chdir(cmsRoot);
  process.env.NODE_ENV ??= 'production';
  process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
  const requireFromCms = createRequire(path.join(cmsRoot, 'package.json'));
  const { createStrapi } = requireFromCms('@strapi/strapi') as {
    createStrapi(o: { appDir: string; distDir: string }): { load(): Promise<StrapiApp> };
  };
  const app = createStrapi({ appDir: cmsRoot, distDir: path.join(cmsRoot, 'dist') });
  return app.load();
}
