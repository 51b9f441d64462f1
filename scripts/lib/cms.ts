import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cmsRoot, repoRoot } from './paths.ts';
import { generateStrapiSecrets } from './secrets.ts';
import { run, startProcess, waitForHttp, type RunningProcess, type StartOptions } from '../../publisher/lib/processes.ts';

export const strapiBin = path.join(cmsRoot, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
const buildStamp = path.join(cmsRoot, 'dist', '.tt-build-stamp');

async function hashTree(dir: string, hash: ReturnType<typeof createHash>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    // Paths relative to the checkout: the same sources hash alike wherever they are checked out.
    if (e.isDirectory()) await hashTree(p, hash);
    else hash.update(path.relative(repoRoot, p)).update(await readFile(p));
  }
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  // The committed typings too: a hand edit to them is found (or undone) by the next build.
  for (const dir of ['cms/src', 'cms/config', 'cms/types/generated', 'content-types/dist']) await hashTree(path.join(repoRoot, dir), hash);
  hash.update(await readFile(path.join(cmsRoot, 'package.json')));
  return hash.digest('hex');
}

/**
 * Compiles the content model (content-types/dist): the CMS, the site and the publisher import it,
 * so a fresh clone needs it before any of them loads.
 */
export async function buildContentTypes(output: StartOptions['output'] = { prefix: true }): Promise<void> {
  const contentTypes = path.join(repoRoot, 'content-types');
  const tsc = path.join(contentTypes, 'node_modules', 'typescript', 'bin', 'tsc');
  await run('content-types', process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: contentTypes, output });
}

/**
 * Regenerates the Strapi schemas from content-types (which the command runner, scripts/cli/main.ts,
 * has compiled before any command), or with `checkGenerated` (and in CI) only compares them, and
 * runs `strapi build` (TS and the ≈40 s admin bundle) and the typings only when a source or the
 * committed typings changed since the last build.
 */
export async function ensureCmsBuilt(output: StartOptions['output'] = { prefix: true }, opts: { checkGenerated?: boolean } = {}): Promise<void> {
  // Locally the schemas follow content-types; in CI (and under `npm run check`) a committed schema
  // that differs is an error (regenerating it there would make the drift test compare the files
  // with themselves).
  const checkGenerated = Boolean(process.env.CI) || opts.checkGenerated === true;
  const schemaMode = checkGenerated ? ['--check'] : [];
  await run('schemas', process.execPath, [path.join(repoRoot, 'scripts', 'gen-schemas.ts'), ...schemaMode], { cwd: repoRoot, output });
  const wanted = await sourceHash();
  const have = await readFile(buildStamp, 'utf8').catch(() => '');
  if (have === wanted && existsSync(path.join(cmsRoot, 'dist', 'build', 'index.html'))) return;
  console.log('[tt] building the CMS (TypeScript + admin panel, about a minute)…');
  // Loading the config needs secrets; the build embeds none, so throwaway ones do.
  const env = { ...generateStrapiSecrets(), ...baseStrapiEnv(), ENV_PATH: '/dev/null' };
  await run('cms-build', process.execPath, [strapiBin, 'build'], { cwd: cmsRoot, output, env });
  await ensureContentTypings(env, output, checkGenerated);
  // After the typings: a build that rewrote them is not built again for it next time.
  await writeFile(buildStamp, await sourceHash());
}

const TYPINGS_DIR = path.join(cmsRoot, 'types', 'generated');
const TYPINGS_FILES = ['contentTypes.d.ts', 'components.d.ts'];
/** Where scripts/cms-typings.ts writes them first (relative to cms/; it adds `generated/`). */
const TYPINGS_SCRATCH = path.join('.tmp', 'typings');

/**
 * Strapi's typings of our content types (cms/types/generated, committed so that `tsc` and editors
 * type the Document Service without a build). Regenerated after each build into a scratch folder
 * and moved over the committed ones only when they differ, whole: nothing reading them (an
 * editor, a type check) sees a half-written file. In CI (and under `npm run check`) a committed
 * copy that differs from what the schemas give is an error, as for the schemas, and nothing is
 * written.
 */
async function ensureContentTypings(env: NodeJS.ProcessEnv, output: StartOptions['output'], checkGenerated: boolean): Promise<void> {
  const scratch = path.join(cmsRoot, TYPINGS_SCRATCH, 'generated');
  await rm(scratch, { recursive: true, force: true });
  await run('cms-types', process.execPath, [path.join(repoRoot, 'scripts', 'cms-typings.ts'), TYPINGS_SCRATCH], { cwd: repoRoot, output, env });
  const differing: string[] = [];
  for (const file of TYPINGS_FILES) {
    const fresh = await readFile(path.join(scratch, file), 'utf8').catch(() => {
      throw new Error(`Strapi's typings were not written (${file}): see the cms-types output above`);
    });
    const committed = await readFile(path.join(TYPINGS_DIR, file), 'utf8').catch(() => '');
    if (fresh !== committed) differing.push(file);
  }
  if (differing.length > 0 && checkGenerated) {
    throw new Error(`cms/types/generated (${differing.join(', ')}) differs from what the schemas give: run \`npm test\` locally and commit the result`);
  }
  await mkdir(TYPINGS_DIR, { recursive: true });
  for (const file of differing) await rename(path.join(scratch, file), path.join(TYPINGS_DIR, file));
  await rm(path.join(cmsRoot, TYPINGS_SCRATCH), { recursive: true, force: true });
}

export interface CmsServer {
  readonly url: string;
  readonly process: RunningProcess;
  stop(): Promise<void>;
}

/** Environment every Strapi we start shares: no telemetry, no update checks, production mode. */
export function baseStrapiEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'none',
  };
}

/**
 * A larger young generation for the CMS: every request allocates a few short-lived objects
 * (Koa contexts, JSON), and the default 16 MiB semi-spaces made the collector run hundreds of
 * times a second under reader traffic. 64 MiB measured ~10-30 % more requests a second (votes and
 * /_health alike, `npm run bench votes`) for at most ~100 MiB more memory.
 */
export const CMS_NODE_FLAGS = ['--max-semi-space-size=64'];

/** Starts the built Strapi on `port` and waits for its health check. */
export async function startCms(opts: { port: number; env: NodeJS.ProcessEnv; output?: StartOptions['output']; timeoutMs?: number }): Promise<CmsServer> {
  const url = `http://127.0.0.1:${opts.port}`;
  const proc = startProcess('cms', process.execPath, [...CMS_NODE_FLAGS, strapiBin, 'start'], {
    cwd: cmsRoot,
    env: { ...baseStrapiEnv(), ...opts.env, HOST: '127.0.0.1', PORT: String(opts.port) },
    output: opts.output,
  });
  try {
    await waitForHttp(`${url}/_health`, opts.timeoutMs ?? 60_000, proc.exited);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url, process: proc, stop: () => proc.stop() };
}
