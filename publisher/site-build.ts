/**
 * One full build of the static site into a directory: a preflight read of the CMS, Astro in a
 * child process, Pagefind over its output, then the brotli/gzip twins of every text file; each step timed and its
 * peak memory measured. The publisher's full builds and `scripts/build-site.ts` both run this.
 */
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { siteRoot } from './lib/paths.ts';
import { ARTICLE_FILES_GLOB } from '../site/src/lib/urls.ts';
import { BUILD_ENV } from '../site/src/lib/site-config.ts';
import { precompressTree } from './precompress.ts';
import { runMeasured, type StartOptions } from './lib/processes.ts';

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

/**
 * Pagefind writes each page's text to a file of its own unless told to bundle them: 20,000 small
 * files at 20,000 articles, most of its system time on this VM's disk (paired on one build's
 * pages: 16.4–21.0 s alone, 14.0–18.4 s bundled). A search fetches about twenty of them, so a
 * bounded number of bundles (≈20 pages each at 20,000 articles, ≈200 at 200,000, a few kilobytes
 * compressed) costs readers little. SEARCH_FRAGMENT_FILES overrides it (tests use 2).
 */
function searchFragmentFiles(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.SEARCH_FRAGMENT_FILES);
  return Number.isInteger(configured) && configured > 0 ? configured : 1000;
}

/** Pagefind's command line over a build's article pages, texts bundled into `fragmentFiles` files at most. */
export function searchIndexArgs(siteDir: string, fragmentFiles: number): string[] {
  const runner = path.join(siteRoot, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs');
  return [runner, '--site', siteDir, '--glob', ARTICLE_FILES_GLOB, '--max-fragments', String(fragmentFiles), '--silent'];
}

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
 * Builds the static site into `outDir` (Astro, then the Pagefind index), printing progress and a
 * summary. `env` carries STRAPI_URL / STRAPI_TOKEN / SITE_URL when they do not come from site/.env;
 * the steps' processes join `group` when given (the publisher pauses them for readers).
 */
export async function buildSite(
  outDir: string,
  env: NodeJS.ProcessEnv = {},
  output: StartOptions['output'] = { prefix: true },
  group?: StartOptions['group'],
): Promise<SiteBuildSummary> {
  const started = Date.now();
  await rm(outDir, { recursive: true, force: true });
  const failureFile = path.join(tmpdir(), `tintinh-build-failure-${process.pid}-${Date.now()}.txt`);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    [BUILD_ENV.outDir]: outDir,
    [BUILD_ENV.failureFile]: failureFile,
    ASTRO_TELEMETRY_DISABLED: '1',
  };
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
  // Pagefind reads the pages while the twins of every text file (pages, feeds, sitemaps, scripts)
  // are written beside it. Pagefind's own output (pagefind/) is compressed once it is written. It reads article pages alone: the others hold
  // nothing to index, yet it keeps every page it parses until the end (≈350 MB of its peak at
  // 20,000 articles). The summary's count of pages and feeds is taken meanwhile too.
  const since = (t: number) => (Date.now() - t) / 1000;
  const [pagefindRun, compressSeconds, count] = await Promise.all([
    runMeasured('pagefind', ...atLowPriority(process.execPath, searchIndexArgs(outDir, searchFragmentFiles(childEnv))), {
      cwd: siteRoot,
      env: childEnv,
      output,
      group,
    }).then((run) => ({ ...run, seconds: since(started) - astroSeconds })),
    precompressTree(outDir, { skip: ['pagefind'] }, { output, group }).then(() => since(started) - astroSeconds),
    countOutput(outDir),
  ]);
  await precompressTree(outDir, { under: 'pagefind' }, { output, group });
  const pagefindPeak = pagefindRun.peakRssBytes;
  const pagefindSeconds = pagefindRun.seconds;
  const summary = { outDir, ...count, seconds: (Date.now() - started) / 1000 };
  console.log(
    `[site] built ${summary.pages} pages, ${summary.feeds} feeds in ${summary.seconds.toFixed(1)} s (Astro ${astroSeconds.toFixed(0)} s${gibibytes(astroPeak)}, Pagefind ${pagefindSeconds.toFixed(0)} s${gibibytes(pagefindPeak)}, compression ${compressSeconds.toFixed(0)} s alongside it) → ${outDir}`,
  );
  return summary;
}
