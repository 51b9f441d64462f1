import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { siteRoot } from './paths.ts';
import { run, type StartOptions } from './processes.ts';

export interface SiteBuildSummary {
  outDir: string;
  pages: number;
  feeds: number;
  images: number;
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
  if (res.status === 401 || res.status === 403) throw new Error(`the CMS at ${strapiUrl} refused the site token (HTTP ${res.status}); check STRAPI_TOKEN in site/.env`);
  if (!res.ok) throw new Error(`the CMS at ${strapiUrl} answered HTTP ${res.status}`);
}

const COMPRESSIBLE = /\.(html|xml|txt|json|css|js|mjs|svg)$/;

/**
 * Writes .br and .gz beside every text file once per build, so the static server can answer
 * Accept-Encoding without compressing on each request. The server part (.server/) is skipped.
 */
async function precompress(dir: string): Promise<void> {
  const files = (await readdir(dir, { withFileTypes: true, recursive: true })).filter(
    (e) => e.isFile() && COMPRESSIBLE.test(e.name) && !path.relative(dir, e.parentPath).startsWith('.server'),
  );
  for (const e of files) {
    const file = path.join(e.parentPath, e.name);
    const data = await readFile(file);
    if (data.length < 512) continue;
    await writeFile(`${file}.br`, brotliCompressSync(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }));
    await writeFile(`${file}.gz`, gzipSync(data, { level: 9 }));
  }
}

async function countFiles(dir: string, test: (name: string) => boolean): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile() && test(e.name)) n++;
  return n;
}

/**
 * Builds the static site into `outDir` (Astro, then the Pagefind index), printing progress and a
 * summary. `env` carries STRAPI_URL / STRAPI_TOKEN / SITE_URL when they do not come from site/.env.
 */
export async function buildSite(outDir: string, env: NodeJS.ProcessEnv = {}, output: StartOptions['output'] = { prefix: true }): Promise<SiteBuildSummary> {
  const started = Date.now();
  await rm(outDir, { recursive: true, force: true });
  const childEnv = { ...process.env, ...env, SITE_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1' };
  const log = path.join(tmpdir(), `tintinh-astro-${process.pid}-${Date.now()}.log`);
  try {
    await run('astro', process.execPath, [path.join(siteRoot, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--silent'], {
      cwd: siteRoot,
      env: childEnv,
      output: 'quiet' in output ? output : { prefix: true, tee: log },
    });
  } catch (err) {
    // Surface the reason (an invalid entry, an unreachable CMS) rather than just the exit code.
    const text = await readFile(log, 'utf8').catch(() => '');
    const reason = /(Invalid [\w-]+ ".*|CMS request failed: .*)/.exec(text)?.[1];
    throw reason ? new Error(reason) : err;
  } finally {
    await rm(log, { force: true });
  }
  await run('pagefind', process.execPath, [path.join(siteRoot, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs'), '--site', outDir, '--silent'], { cwd: siteRoot, env: childEnv, output });
  await stat(path.join(outDir, 'index.html'));
  await precompress(outDir);
  const summary = {
    outDir,
    pages: await countFiles(outDir, (n) => n.endsWith('.html')),
    feeds: await countFiles(outDir, (n) => n === 'rss.xml'),
    // Images are served by the CMS from its stored formats; the build encodes none.
    images: 0,
    seconds: (Date.now() - started) / 1000,
  };
  console.log(`[site] built ${summary.pages} pages, ${summary.feeds} feeds, ${summary.images} images encoded in ${summary.seconds.toFixed(1)} s → ${outDir}`);
  return summary;
}
