/**
 * One full build of the static site into a directory: a preflight read of the CMS, Astro in a
 * child process, the search index in another beside it (from the documents Astro writes once it
 * has read the CMS), then the brotli/gzip twins; each step timed and its peak memory measured. The publisher's full builds and `scripts/build-site.ts` both run this.
 */
import { access, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { siteRoot } from '../lib/paths.ts';
import { SEARCH_DOCUMENTS_FILE } from '../../site/src/lib/search-document.ts';
import { precompressTree } from './precompress.ts';
import { run, runMeasured, type StartOptions } from '../lib/processes.ts';

export interface SiteBuildSummary {
  outDir: string;
  pages: number;
  feeds: number;
  seconds: number;
}

/**
 * Asks the CMS for one category with the site token before building, so an unreachable CMS or a
 * refused token fails in seconds with one line instead of an Astro stack trace.
 */
export async function preflight(strapiUrl: string, token: string): Promise<void> {
  const url = new URL('/api/categories?pagination[pageSize]=1', strapiUrl);
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw new Error(`the CMS at ${strapiUrl} is unreachable (${cause})`);
  }
  if (res.status === 401 || res.status === 403)
    throw new Error(`the CMS at ${strapiUrl} refused the site token (HTTP ${res.status}); check STRAPI_TOKEN in site/.env`);
  if (!res.ok) throw new Error(`the CMS at ${strapiUrl} answered HTTP ${res.status}`);
}

/**
 * The build holds the whole archive in memory: Astro reached 6.3 GiB resident at 200,000
 * articles, while Node's default heap limit is ≈4.2 GiB here. Give it most of the machine unless
 * SITE_BUILD_HEAP_MB says otherwise.
 */
function buildHeapMegabytes(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.SITE_BUILD_HEAP_MB);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return Math.max(4096, Math.floor((totalmem() / 2 ** 20) * 0.6));
}

const gibibytes = (bytes: number | null) => (bytes === null ? '' : ` at ${(bytes / 2 ** 30).toFixed(1)} GiB peak`);

async function countFiles(dir: string, test: (name: string) => boolean): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile() && test(e.name)) n++;
  return n;
}

const INDEXER = path.join(import.meta.dirname, 'search-index-process.ts');
const FOLLOWER = path.join(import.meta.dirname, 'precompress-follow.ts');
const since = (t: number) => (Date.now() - t) / 1000;

/** Resolves true once `file` exists, or false once `done` has settled without it. */
async function appears(file: string, done: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    const finished = settled;
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      return true;
    if (finished) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Builds the static site into `outDir` (Astro, and the search index beside it), printing progress
 * and a summary. `env` carries STRAPI_URL / STRAPI_TOKEN / SITE_URL when they do not come from
 * site/.env.
 */
export async function buildSite(outDir: string, env: NodeJS.ProcessEnv = {}, output: StartOptions['output'] = { prefix: true }): Promise<SiteBuildSummary> {
  const started = Date.now();
  await rm(outDir, { recursive: true, force: true });
  const failureFile = path.join(tmpdir(), `tintinh-build-failure-${process.pid}-${Date.now()}.txt`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, SITE_OUT_DIR: outDir, SITE_FAILURE_FILE: failureFile, ASTRO_TELEMETRY_DISABLED: '1' };
  const astroEnv = { ...childEnv, NODE_OPTIONS: `${childEnv.NODE_OPTIONS ?? ''} --max-old-space-size=${buildHeapMegabytes(childEnv)}`.trim() };
  const astro = runMeasured('astro', process.execPath, [path.join(siteRoot, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--silent'], {
    cwd: siteRoot,
    env: astroEnv,
    output,
  });
  // Astro writes the search documents once it has read the CMS, before it renders: the index is
  // made, and the article pages compressed as they are written, on the core the render leaves.
  const work = await mkdtemp(path.join(tmpdir(), 'tintinh-build-'));
  const astroDone = path.join(work, 'astro-done');
  const madeFrom = path.join(work, 'made-from.json');
  const documents = path.join(outDir, SEARCH_DOCUMENTS_FILE);
  const found = appears(documents, astro);
  const search = found.then(async (ok) => {
    if (!ok) return null;
    const at = Date.now();
    const run = await runMeasured('search', process.execPath, [INDEXER, documents, path.join(outDir, 'pagefind')], { cwd: siteRoot, env: childEnv, output });
    return { ...run, seconds: since(at) };
  });
  const follow = found.then(async (ok) => {
    if (ok) await run('compress', process.execPath, [FOLLOWER, documents, outDir, astroDone, madeFrom], { cwd: siteRoot, output });
    return ok;
  });
  // Awaited below; handled now, so a failure while Astro still runs is not an unhandled rejection.
  for (const p of [search, follow]) p.catch(() => undefined);
  let astroPeak: number | null = null;
  let timing: string;
  try {
    try {
      astroPeak = (await astro).peakRssBytes;
    } catch (err) {
      // The build has failed: let the processes beside it end first.
      await writeFile(astroDone, '');
      await Promise.allSettled([search, follow]);
      // The site names the reason (an invalid entry, an unreachable CMS) rather than just the exit code.
      const reason = await readFile(failureFile, 'utf8').catch(() => '');
      throw reason ? new Error(reason) : err;
    } finally {
      await rm(failureFile, { force: true });
    }
    await writeFile(astroDone, '');
    const astroSeconds = since(started);
    await stat(path.join(outDir, 'index.html'));
    // The rest of the pages, and any article page whose twins were made from a partial file.
    const followed = await follow;
    await precompressTree(outDir, { skip: ['pagefind'] }, { output, ...(followed ? { madeFrom } : {}) });
    const compressSeconds = since(started) - astroSeconds;
    const indexed = await search;
    if (!indexed) throw new Error(`the build wrote no search documents (${documents})`);
    await rm(documents, { force: true });
    await precompressTree(outDir, { under: 'pagefind' }, { output });
    timing = `Astro ${astroSeconds.toFixed(0)} s${gibibytes(astroPeak)}, search index ${indexed.seconds.toFixed(0)} s${gibibytes(indexed.peakRssBytes)} beside it, compression ${compressSeconds.toFixed(0)} s after it`;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const summary = {
    outDir,
    pages: await countFiles(outDir, (n) => n.endsWith('.html')),
    feeds: await countFiles(outDir, (n) => n === 'rss.xml'),
    seconds: since(started),
  };
  console.log(`[site] built ${summary.pages} pages, ${summary.feeds} feeds in ${summary.seconds.toFixed(1)} s (${timing}) → ${outDir}`);
  return summary;
}
