/**
 * Compressed twins beside the text files of a build that are not pages (feeds, sitemaps, the
 * search index, scripts), so the static server answers Accept-Encoding without compressing on each
 * request: brotli (.br) and gzip (.gz). Pages get none: the static server compresses a page when it
 * is first asked for (page-compression.ts). Written once per file: by a full build for
 * the whole tree, by an incremental publish for the files it rewrote. Always in child processes
 * (precompress-process.ts) at a lower CPU priority: the static server shares the publisher's
 * process, and zlib's thread pool there would be the one readers wait on.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { run, type StartOptions } from './lib/processes.ts';

const COMPRESSIBLE = /\.(html|xml|txt|json|css|js|mjs|svg)$/;
/** Smaller files gain nothing from compression. */
export const MIN_BYTES = 512;
// Brotli quality 5 still beats gzip -9 on size and is ≈20× faster than quality 9, which mattered
// at archive scale (quality 9 took ≈13 ms per page: 40 minutes for 200,000 pages).
export const BROTLI_OPTIONS = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } };
const GZIP_OPTIONS = { level: 6 };
/**
 * Pages are compressed on demand by the static server (page-compression.ts), so they get no twins:
 * at 20,000 articles their brotli twins alone took 13–18 s of a full build beside Pagefind, for
 * pages mostly never read before the next build. (Before that, gzip twins of pages had gone the
 * same way: compression took 25.6 and 31.1 s with them, 15.5 and 13.3 s without, 2026-11-28.)
 */
const PAGE = /\.html$/;
/** Files per child process: below this one process does it all (node starts in ≈50 ms). */
const FILES_PER_CHILD = 1000;

/** A twin written from scratch: never through an existing hard link shared with the live build. */
function writeTwin(file: string, data: Buffer): void {
  try {
    writeFileSync(file, data, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    rmSync(file);
    writeFileSync(file, data, { flag: 'wx' });
  }
}

/**
 * Writes (or removes) the twins of one file from its current content, synchronously: zlib's async
 * calls cost ≈2.5× the CPU of the same work (thread hand-offs, a fresh encoder per call).
 */
export function compressFileSync(file: string): void {
  if (!COMPRESSIBLE.test(file)) return;
  const content = readFileSync(file);
  if (content.length < MIN_BYTES) {
    for (const twin of [`${file}.br`, `${file}.gz`]) rmSync(twin, { force: true });
    return;
  }
  writeTwin(`${file}.br`, brotliCompressSync(content, BROTLI_OPTIONS));
  writeTwin(`${file}.gz`, gzipSync(content, GZIP_OPTIONS));
}

export interface TreeOptions {
  /** Only this folder of the build. */
  under?: string;
  /** Folders of the build left out (besides the server part, .server/). */
  skip?: readonly string[];
}

/** The text files of a build (or of one folder of it) that get twins, pages left out, in a stable order. */
export async function compressibleFiles(dir: string, opts: TreeOptions = {}): Promise<string[]> {
  const root = path.join(dir, opts.under ?? '');
  const skipped = ['.server', ...(opts.skip ?? [])];
  return (await readdir(root, { withFileTypes: true, recursive: true }))
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name) && !PAGE.test(e.name))
    .filter((e) => !skipped.some((s) => path.relative(dir, e.parentPath).split(path.sep)[0] === s))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const CHILD = path.join(import.meta.dirname, 'precompress-process.ts');

export interface CompressOptions {
  output?: StartOptions['output'];
  /** At most this many child processes; one per core unless said. */
  processes?: number;
  group?: StartOptions['group'];
}

/**
 * Twins for `all` (pages: none, and any old ones removed): one child process per core (fewer for a few files, or as `processes` says),
 * each taking every n-th file of one list.
 */
export async function compressFiles(all: readonly string[], opts: CompressOptions = {}): Promise<void> {
  // Pages only lose any twins they had (a page written over a hard-linked copy of a build from
  // before pages were compressed on demand): no process to start for that.
  for (const page of all.filter((f) => PAGE.test(f))) await Promise.all([`${page}.br`, `${page}.gz`].map((twin) => rm(twin, { force: true })));
  const files = all.filter((f) => !PAGE.test(f));
  if (files.length === 0) return;
  const work = await mkdtemp(path.join(tmpdir(), 'tintinh-compress-'));
  try {
    const list = path.join(work, 'files.json');
    await writeFile(list, JSON.stringify(files));
    const shards = Math.max(1, Math.min(opts.processes ?? availableParallelism(), Math.ceil(files.length / FILES_PER_CHILD)));
    await Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        run('compress', process.execPath, [CHILD, list, String(shard), String(shards)], {
          cwd: import.meta.dirname,
          output: opts.output ?? { prefix: true },
          group: opts.group,
        }),
      ),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Twins for every text file of a build (or of one folder of it). */
export async function precompressTree(dir: string, tree: TreeOptions = {}, opts: CompressOptions = {}): Promise<void> {
  await compressFiles(await compressibleFiles(dir, tree), opts);
}
