import path from 'node:path';
import type { Core } from '@strapi/strapi';

/** The project's own tables are made by migrations in database/migrations/ (TypeScript, built to dist/). */
const MIGRATIONS = { useTypescriptMigrations: true };

/**
 * SQLite (better-sqlite3) is the embedded default; PostgreSQL, the production database, is
 * selected by DATABASE_URL. The SQLite file lives under cms/data/ unless DATABASE_FILENAME says.
 */
const databaseConfig = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database<'postgres'> | Core.Config.Database<'sqlite'> => {
  const url = env('DATABASE_URL', '');
  if (url) {
    const parsed = new URL(url);
    const postgres: Core.Config.Database<'postgres'> = {
      connection: {
        client: 'postgres',
        connection: {
          host: parsed.hostname,
          port: Number(parsed.port || 5432),
          database: decodeURIComponent(parsed.pathname.slice(1)),
          user: decodeURIComponent(parsed.username),
          password: decodeURIComponent(parsed.password),
          ssl: env.bool('DATABASE_SSL', false),
        },
        pool: { min: 0, max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
      settings: MIGRATIONS,
    };
    return postgres;
  }
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: path.resolve(env('DATABASE_FILENAME', path.join(process.cwd(), 'data', 'tintinh.db'))) },
      useNullAsDefault: true,
    },
    settings: MIGRATIONS,
  };
};

export default databaseConfig;
