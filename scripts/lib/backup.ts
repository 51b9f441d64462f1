/**
 * Backup and restore of a whole newsroom: Strapi's own data transfer (`strapi export`, content,
 * uploaded files and configuration) plus the project's tables it does not know (vote ledger,
 * moved-URL redirects, see scripts/project-tables.ts), in one tar file. Restoring into an
 * instance on another database (SQLite to PostgreSQL) is how a newsroom moves.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baseStrapiEnv, strapiBin } from './cms.ts';
import { cmsRoot, repoRoot } from './paths.ts';
import { run, type StartOptions } from '../../publisher/lib/processes.ts';

const STRAPI_ARCHIVE = 'strapi.tar.gz';
const PROJECT_TABLES = 'project-tables.jsonl';

async function inWorkDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tintinh-backup-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs scripts/project-tables.ts on the CMS configured by `env`. */
function projectTables(mode: 'export' | 'import', file: string, env: NodeJS.ProcessEnv, output: StartOptions['output']): Promise<void> {
  return run('project-tables', process.execPath, [path.join(repoRoot, 'scripts', 'project-tables.ts'), mode, '--file', file], { cwd: repoRoot, env, output });
}

/** Writes the backup of the CMS configured by `env` (its database, upload folder) to `file`. */
export async function backupCms(file: string, env: NodeJS.ProcessEnv, output: StartOptions['output'] = { prefix: true }): Promise<void> {
  const target = path.resolve(file);
  const cmsEnv = { ...baseStrapiEnv(), ...env };
  await inWorkDir(async (dir) => {
    await run('strapi-export', process.execPath, [strapiBin, 'export', '--no-encrypt', '--file', path.join(dir, 'strapi')], {
      cwd: cmsRoot,
      env: cmsEnv,
      output,
    });
    await projectTables('export', path.join(dir, PROJECT_TABLES), cmsEnv, output);
    await run('tar', 'tar', ['-cf', target, '-C', dir, STRAPI_ARCHIVE, PROJECT_TABLES], { cwd: dir, output });
  });
}

/**
 * Replaces everything in the CMS configured by `env` with the backup in `file`. Run it with that
 * CMS stopped: the import rewrites its tables under it.
 */
export async function restoreCms(file: string, env: NodeJS.ProcessEnv, output: StartOptions['output'] = { prefix: true }): Promise<void> {
  const source = path.resolve(file);
  if (!(await stat(source).catch(() => null))?.isFile()) throw new Error(`restore: no backup file at ${source}`);
  const cmsEnv = { ...baseStrapiEnv(), ...env };
  await inWorkDir(async (dir) => {
    await run('tar', 'tar', ['-xf', source, '-C', dir, STRAPI_ARCHIVE, PROJECT_TABLES], { cwd: dir, output });
    await run('strapi-import', process.execPath, [strapiBin, 'import', '--force', '--file', path.join(dir, STRAPI_ARCHIVE)], {
      cwd: cmsRoot,
      env: cmsEnv,
      output,
    });
    await projectTables('import', path.join(dir, PROJECT_TABLES), cmsEnv, output);
  });
}
