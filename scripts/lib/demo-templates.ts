/**
 * Demo content imported once per test run. Every suite starts its own throwaway CMS, most with a
 * few demo articles, and importing them loads Strapi in-process and resizes the demo photos:
 * ≈9 s of this 2-core machine each time, twice the CMS's own start. When the run sets
 * TINTINH_TEST_TEMPLATES (tests/global-setup.ts), the first import of N articles on a database
 * kind is kept (the SQLite file or a PostgreSQL template database, and the uploads) and later
 * starts copy it. A template is imported without any suite's settings: what a suite's settings
 * change (accounts, the publisher webhook, the site token) its own CMS start applies, as after a
 * restored backup. Without the variable (benches, an operator) nothing is kept.
 */
import { cp, copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { copyDatabase, dropDatabase } from './throwaway-postgres.ts';
import { isAlive } from '../../publisher/lib/processes.ts';

export const TEMPLATES_ENV = 'TINTINH_TEST_TEMPLATES';

type Kind = 'sqlite' | 'postgres';

const marker = z.object({ kind: z.enum(['sqlite', 'postgres']), articles: z.number(), database: z.string().nullable() });
type Marker = z.infer<typeof marker>;

const templatesDir = () => process.env[TEMPLATES_ENV] || null;
const keyOf = (kind: Kind, articles: number) => `${kind}-${articles}`;

/** Where a fresh CMS's content lives: its SQLite file or PostgreSQL database, and its uploads. */
export interface CmsStore {
  sqliteFile: string | null;
  database: string | null;
  uploadsDir: string;
}

/** The kept import for `kind` and `articles`, or null (none kept yet, or templates are off). */
export async function findDemoTemplate(kind: Kind, articles: number): Promise<{ database: string | null; restoreFiles(into: CmsStore): Promise<void> } | null> {
  const dir = templatesDir();
  if (!dir) return null;
  const home = path.join(dir, keyOf(kind, articles));
  const text = await readFile(path.join(home, 'template.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  const found: Marker = marker.parse(JSON.parse(text));
  return {
    database: found.database,
    async restoreFiles(into) {
      if (into.sqliteFile) {
        await copyFile(path.join(home, 'cms.db'), into.sqliteFile);
        await copyFile(path.join(home, 'cms.db-wal'), `${into.sqliteFile}-wal`).catch(() => undefined);
      }
      await cp(path.join(home, 'uploads'), into.uploadsDir, { recursive: true });
    },
  };
}

type Template = NonNullable<Awaited<ReturnType<typeof findDemoTemplate>>>;

/** How long a suite waits for another's import of the demo it needs before it gives up. */
const CLAIM_WAIT_MS = 10 * 60_000;

/**
 * The kept import for `kind` and `articles`, or the right to make it: while one suite imports a
 * demo, another that needs the same one waits for it instead of importing it too (a run saw the
 * 12-article demo imported twice at once, ≈12 s of CPU each). The right is a file holding its
 * maker's PID, linked into place whole (so never seen empty); `release` gives it up whether the
 * template was kept or not, and a maker that died gives it up by dying.
 */
export async function claimDemoTemplate(kind: Kind, articles: number): Promise<{ template: Template } | { release(): Promise<void> }> {
  const dir = templatesDir();
  if (!dir) return { release: async () => undefined };
  const lock = path.join(dir, `${keyOf(kind, articles)}.making`);
  const release = () => rm(lock, { force: true });
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    const template = await findDemoTemplate(kind, articles);
    if (template) return { template };
    if (await takeLock(lock)) {
      // The maker before may have kept it and let go between the look above and the lock.
      const kept = await findDemoTemplate(kind, articles);
      if (!kept) return { release };
      await release();
      return { template: kept };
    }
    const maker = Number(await readFile(lock, 'utf8').catch(() => ''));
    if (maker > 0 && !isAlive(maker)) await release();
    else if (Date.now() > deadline) throw new Error(`waited ${CLAIM_WAIT_MS / 60_000} min for process ${maker} to import the demo ${keyOf(kind, articles)}`);
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Makes `lock` holding this process's PID, whole, unless it exists; whether it did. */
async function takeLock(lock: string): Promise<boolean> {
  const draft = `${lock}.${process.pid}-${Date.now()}`;
  await writeFile(draft, String(process.pid));
  try {
    await link(draft, lock);
    return true;
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(draft, { force: true });
  }
}

/** Keeps what was just imported into `store` as the template for `kind` and `articles` (when templates are on). */
export async function keepDemoTemplate(kind: Kind, articles: number, store: CmsStore): Promise<void> {
  const dir = templatesDir();
  if (!dir) return;
  const home = path.join(dir, keyOf(kind, articles));
  // Made aside and renamed into place: two suites making the same template at once both finish.
  const making = `${home}.${process.pid}-${Date.now()}`;
  await mkdir(making, { recursive: true });
  const database = store.database ? `tintinh_template_${path.basename(making).replace(/[^a-z0-9]/gi, '_')}`.toLowerCase() : null;
  try {
    // The marker first: a run cut short between here and the rename still drops the database.
    const kept: Marker = { kind, articles, database };
    await writeFile(path.join(making, 'template.json'), JSON.stringify(kept));
    if (store.sqliteFile) {
      // The import has closed the database; a write-ahead log it left goes with it.
      for (const suffix of ['', '-wal']) {
        await copyFile(`${store.sqliteFile}${suffix}`, path.join(making, `cms.db${suffix}`)).catch((err: unknown) => {
          if (!(suffix && err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
        });
      }
    }
    await cp(store.uploadsDir, path.join(making, 'uploads'), { recursive: true });
    if (store.database && database) await copyDatabase(store.database, database);
    await rename(making, home);
  } catch (err) {
    await rm(making, { recursive: true, force: true });
    if (database) await dropDatabase(database);
    // Another suite kept the same template first: theirs serves.
    if (!(err instanceof Error && 'code' in err && (err.code === 'ENOTEMPTY' || err.code === 'EEXIST'))) throw err;
  }
}

/** Drops every template kept (or half made) in `dir`, their databases too, and the directory. */
export async function dropDemoTemplates(dir: string): Promise<void> {
  try {
    const drops = (await readdir(dir).catch(() => [] as string[])).map(async (entry) => {
      const text = await readFile(path.join(dir, entry, 'template.json'), 'utf8').catch(() => null);
      const database = text === null ? null : marker.parse(JSON.parse(text)).database;
      if (database) await dropDatabase(database);
    });
    const failed = (await Promise.allSettled(drops)).filter((r) => r.status === 'rejected');
    if (failed.length > 0)
      console.error(`[templates] ${failed.length} template database(s) could not be dropped: ${failed.map((f) => String(f.reason)).join('; ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
