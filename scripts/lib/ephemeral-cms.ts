import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baseStrapiEnv, startCms, type CmsServer } from './cms.ts';
import { repoRoot } from './paths.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { run } from '../../publisher/lib/processes.ts';
import { generateStrapiSecrets } from './secrets.ts';
import { claimDemoTemplate, keepDemoTemplate } from './demo-templates.ts';
import { createThrowawayDatabase } from './throwaway-postgres.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

/** The databases an API suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const testDatabases: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** The first admin of every throwaway CMS. */
export const TEST_ADMIN = { email: 'editor@tintinh.test', password: 'Bien-Tap-2026' } as const;

export interface CorpusOptions {
  via?: 'bulk' | 'documents';
  offset?: number;
}

/** One route as Strapi lists it (scripts/list-routes.ts). */
export interface CmsRoute {
  method: string;
  path: string;
}

export interface TestCms {
  readonly url: string;
  /** Every route the CMS registers, when the start asked for them (`listRoutes`). */
  readonly routes: readonly CmsRoute[];
  readonly siteToken: string;
  readonly workDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Runs the demo import against this CMS's database; resolves with its output. */
  importDemo(articles?: number): Promise<string>;
  /** Runs the corpus generator against this CMS's database; resolves with its output. */
  generateCorpus(articles: number, options?: CorpusOptions): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real, throwaway Strapi (for a test suite or a benchmark): its own temporary SQLite file (or
 * PostgreSQL database), uploads folder, secrets and port; demo content imported before it
 * starts. stop() ends the server by PID and removes everything it made.
 */
export async function startTestCms(
  opts: {
    database?: DatabaseKind;
    demoArticles?: number;
    corpusArticles?: number;
    env?: NodeJS.ProcessEnv;
    /** Runs on the new database before the server starts (a restore, for instance). */
    beforeStart?: (env: NodeJS.ProcessEnv) => Promise<void>;
    /** Lists every route Strapi registers, from the app loaded on this database before it starts. */
    listRoutes?: boolean;
  } = {},
): Promise<TestCms> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'tintinh-test-'));
  const kind: DatabaseKind = opts.database ?? 'sqlite';
  // A demo another suite is importing right now is waited for, not imported twice.
  const claim = opts.demoArticles === undefined ? null : await claimDemoTemplate(kind, opts.demoArticles);
  const template = claim && 'template' in claim ? claim.template : null;
  const releaseClaim = async () => {
    if (claim && 'release' in claim) await claim.release();
  };
  const uploadsDir = path.join(workDir, 'public', 'uploads');
  const logFile = path.join(workDir, 'cms.log');
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> = null;
  let cms: CmsServer | null = null;
  try {
    database = kind === 'postgres' ? await createThrowawayDatabase({ template: template?.database ?? undefined }) : null;
    if (kind === 'postgres' && !database) throw new Error('TEST_DATABASE_URL is not set');
    await mkdir(uploadsDir, { recursive: true });
    const siteEnvFile = path.join(workDir, 'site.env');
    const sqliteFile = database ? null : path.join(workDir, 'cms.db');
    const store = { sqliteFile, database: database?.name ?? null, uploadsDir };
    // Everything but the suite's own settings: what the demo import runs with (demo-templates.ts).
    const baseEnv: NodeJS.ProcessEnv = {
      ...generateStrapiSecrets(),
      ENV_PATH: '/dev/null', // never read the developer's cms/.env
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      SITE_TOKEN_FILE: siteEnvFile,
      PUBLIC_DIR: path.join(workDir, 'public'),
      ...(database ? { DATABASE_URL: database.url } : { DATABASE_FILENAME: sqliteFile ?? '' }),
      // Generous limits unless a suite tests them: all test traffic comes from one address.
      RATE_LIMIT_POINTS: '100000',
      VOTES_PER_IP_PER_POLL: '100000',
      RATE_LIMIT_PREFIX: `tintinh-test-${path.basename(workDir)}`,
    };
    const env: NodeJS.ProcessEnv = { ...baseEnv, ...opts.env };
    // Operator scripts load Strapi in-process on the same database; their output is returned.
    const runScript = async (name: string, args: string[], scriptEnv = env) => {
      const out = path.join(workDir, `${name}-${Date.now()}.log`);
      try {
        await run(name, process.execPath, [path.join(repoRoot, 'scripts', `${name}.ts`), ...args], {
          cwd: repoRoot,
          env: { ...baseStrapiEnv(), ...scriptEnv },
          output: { file: out },
        });
      } catch (err) {
        // The work directory goes away with a failed start: keep the script's own words.
        const output = await readFile(out, 'utf8').catch(() => '');
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- ${name} output ---\n${output.slice(-3000)}`);
      }
      return readFile(out, 'utf8');
    };
    const importDemo = (articles = opts.demoArticles ?? 12) => runScript('import-demo', ['--articles', String(articles)]);
    const generateCorpus = (articles: number, options: CorpusOptions = {}) =>
      runScript('generate-corpus', [
        '--articles',
        String(articles),
        '--via',
        options.via ?? 'bulk',
        ...(options.offset === undefined ? [] : ['--offset', String(options.offset)]),
      ]);
    if (template) await template.restoreFiles(store);
    else if (opts.demoArticles !== undefined) {
      await runScript('import-demo', ['--articles', String(opts.demoArticles)], baseEnv);
      await keepDemoTemplate(kind, opts.demoArticles, store);
      await releaseClaim();
    }
    if (opts.corpusArticles) {
      await run('corpus', process.execPath, [path.join(repoRoot, 'scripts', 'generate-corpus.ts'), '--articles', String(opts.corpusArticles)], {
        cwd: repoRoot,
        env: { ...baseStrapiEnv(), ...env },
        output: { prefix: true },
      });
    }
    await opts.beforeStart?.(env);
    const routes: CmsRoute[] = opts.listRoutes
      ? (await runScript('list-routes', []))
          .split('\n')
          .filter((line) => line.startsWith('{"method"'))
          .map((line) => JSON.parse(line) as CmsRoute)
      : [];
    cms = await startCms({ port: await freePort(), env, output: { file: logFile } });
    const siteEnv = await readFile(siteEnvFile, 'utf8');
    const siteToken = /^STRAPI_TOKEN=(.+)$/m.exec(siteEnv)?.[1];
    if (!siteToken) throw new Error('the CMS did not write a site token');
    const server = cms;
    return {
      url: server.url,
      routes,
      siteToken,
      workDir,
      env,
      importDemo,
      generateCorpus,
      async stop() {
        await server.stop();
        await database?.drop();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await releaseClaim();
    await cms?.stop();
    await database?.drop();
    const log = await readFile(logFile, 'utf8').catch(() => '');
    await rm(workDir, { recursive: true, force: true });
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- cms log ---\n${log.slice(-3000)}`);
  }
}
