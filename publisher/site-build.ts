/**
 * One full build of the static site into a directory: a preflight read of the CMS, Astro in a
 * child process, the search index of its article pages, then the brotli/gzip twins of every text file; each step timed and its
 * peak memory measured. The publisher's full builds and `scripts/build-site.ts` both run this.
 */
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { siteRoot } from './lib/paths.ts';
import { BUILD_ENV } from '../site/src/lib/site-config.ts';
import { precompressTree } from './precompress.ts';
import { runMeasured, type StartOptions } from './lib/processes.ts';
import { siteProcessEnv } from './lib/site-process-env.ts';
import { SEARCH_DIR, type ShardReport } from './search-index.ts';
import { z } from 'zod';

export interface SiteBuildSummary {
  outDir: string;
  pages: number;
  feeds: number;
  seconds: number;
  /** The steps' times and the peak resident memory of their largest process. */
  steps: { astroSeconds: number; astroPeakBytes: number | null; searchSeconds: number; searchPeakBytes: number | null };
  /** The search step, shard by shard (search-index.ts). */
  search: ShardReport[];
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

const SEARCH_INDEX_PROCESS = path.join(import.meta.dirname, 'search-index-process.ts');
const shardReportsSchema = z.array(
  z.object({ shard: z.string(), pages: z.number(), reused: z.boolean(), seconds: z.number(), peakRssBytes: z.number().nullable() }),
);

/**
 * A full build's steps run at a lower CPU priority (nice 10), every thread of them: the publisher
 * runs full builds in the background while its static server answers readers, and readers come
 * first (with the server answering pages from memory, an equal share left it at 45 % of its idle
 * throughput during a 20,000-article build, 2026-11-29). Alone on the machine a build loses nothing.
 * `nice` rather than os.setPriority from inside: Linux keeps a priority per thread, and Node's
 * helper threads (garbage collection, the thread pool) exist before any script runs.
 */
function atLowPriority(command: string, args: string[]): [string, string[]] {
  return ['nice', ['-n', '10', command, ...args]];
}

const gibibytes = (bytes: number | null) => (bytes === null ? '' : ` at ${(bytes / 2 ** 30).toFixed(1)} GiB peak`);

/** Pages and feeds in a build, in one walk of it (23,000 directories at 20,000 articles). */
async function countOutput(dir: string): Promise<{ pages: number; feeds: number }> {
  const count = { pages: 0, feeds: 0 };
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    if (e.name.endsWith('.html')) count.pages++;
    else if (e.name === 'rss.xml') count.feeds++;
  }
  return count;
}

/**
 * Builds the static site into `outDir` (Astro, then the search index), printing progress and a
 * summary. `env` carries STRAPI_URL / STRAPI_TOKEN / SITE_URL when they do not come from site/.env;
 * the steps' processes join `group` when given (the publisher pauses them for readers); the
 * search shards of earlier builds are reused from `searchCacheDir` when given.
 */
export async function buildSite(
  outDir: string,
  env: NodeJS.ProcessEnv = {},
  output: StartOptions['output'] = { prefix: true },
  group?: StartOptions['group'],
  searchCacheDir?: string,
): Promise<SiteBuildSummary> {
  const started = Date.now();
  await rm(outDir, { recursive: true, force: true });
  const failureFile = path.join(tmpdir(), `tintinh-build-failure-${process.pid}-${Date.now()}.txt`);
  const childEnv = siteProcessEnv(process.env, {
    ...env,
    [BUILD_ENV.outDir]: outDir,
    [BUILD_ENV.failureFile]: failureFile,
    ASTRO_TELEMETRY_DISABLED: '1',
  });
  const astroEnv = { ...childEnv, NODE_OPTIONS: `${childEnv.NODE_OPTIONS ?? ''} --max-old-space-size=${buildHeapMegabytes(childEnv)}`.trim() };
  let astroPeak: number | null = null;
  try {
    astroPeak = (
      await runMeasured('astro', ...atLowPriority(process.execPath, [path.join(siteRoot, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--silent']), {
        cwd: siteRoot,
        env: astroEnv,
        output,
        group,
      })
    ).peakRssBytes;
  } catch (err) {
    // The site names the reason (an invalid entry, an unreachable CMS) rather than just the exit code.
    const reason = await readFile(failureFile, 'utf8').catch(() => '');
    throw reason ? new Error(reason) : err;
  } finally {
    await rm(failureFile, { force: true });
  }
  const astroSeconds = (Date.now() - started) / 1000;
  await stat(path.join(outDir, 'index.html'));
  // The search index is made from the article pages while the twins of every text file (pages,
  // feeds, sitemaps, scripts) are written beside it; its own output (search/) is compressed once
  // it is written. The summary's count of pages and feeds is taken meanwhile too.
  const since = (t: number) => (Date.now() - t) / 1000;
  const reportFile = path.join(tmpdir(), `tintinh-search-report-${process.pid}-${Date.now()}.json`);
  const searchArgs = [SEARCH_INDEX_PROCESS, outDir, reportFile, ...(searchCacheDir ? [searchCacheDir] : [])];
  const [searchRun, compressSeconds, count] = await Promise.all([
    runMeasured('search', ...atLowPriority(process.execPath, searchArgs), { cwd: import.meta.dirname, env: childEnv, output, group }).then((run) => ({
      ...run,
      seconds: since(started) - astroSeconds,
    })),
    precompressTree(outDir, { skip: [SEARCH_DIR] }, { output, group }).then(() => since(started) - astroSeconds),
    countOutput(outDir),
  ]);
  const search = shardReportsSchema.parse(JSON.parse(await readFile(reportFile, 'utf8')));
  await rm(reportFile, { force: true });
  await precompressTree(outDir, { under: SEARCH_DIR }, { output, group });
  const steps = { astroSeconds, astroPeakBytes: astroPeak, searchSeconds: searchRun.seconds, searchPeakBytes: searchRun.peakRssBytes };
  const summary = { outDir, ...count, seconds: (Date.now() - started) / 1000, steps, search };
  const reused = search.filter((r) => r.reused).length;
  console.log(
    `[site] built ${summary.pages} pages, ${summary.feeds} feeds in ${summary.seconds.toFixed(1)} s (Astro ${astroSeconds.toFixed(0)} s${gibibytes(astroPeak)}, search ${searchRun.seconds.toFixed(0)} s${gibibytes(searchRun.peakRssBytes)} over ${search.length} shards, ${reused} unchanged, compression ${compressSeconds.toFixed(0)} s alongside it) → ${outDir}`,
  );
  return summary;
}
