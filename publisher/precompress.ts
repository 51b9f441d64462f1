/**
 * Compressed twins beside every text file of a build (pages, feeds, sitemaps, the search index,
 * scripts): brotli (.br) and gzip (.gz), so a static server answers Accept-Encoding from files
 * (nginx's brotli_static and gzip_static, or the embedded server) and never compresses per
 * request. Written once per file: by a full build for the whole tree, by an incremental publish
 * for the files it writes. Always in child processes (precompress-process.ts) at a lower CPU
 * priority: readers' servers come first.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { run, type StartOptions } from './lib/processes.ts';

export const COMPRESSIBLE = /\.(html|xml|txt|json|css|js|mjs|svg|bin)$/;
/** Smaller files gain nothing from compression. */
export const MIN_BYTES = 512;
// Brotli quality 5 still beats gzip -9 on size and is ≈20× faster than quality 9, which mattered
// at archive scale (quality 9 took ≈13 ms per page: 40 minutes for 200,000 pages).
export const BROTLI_OPTIONS = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } };
const GZIP_OPTIONS = { level: 6 };
/** Files per child process: below this one process does it all (node starts in ≈50 ms). */
const FILES_PER_CHILD = 1000;

/** A twin written from scratch: never through an existing hard link shared with another build. */
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

/** The text files of a build (or of one folder of it) that get twins, in a stable order. */
export async function compressibleFiles(dir: string, opts: TreeOptions = {}): Promise<string[]> {
  const root = path.join(dir, opts.under ?? '');
  const skipped = ['.server', ...(opts.skip ?? [])];
  return (await readdir(root, { withFileTypes: true, recursive: true }))
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
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
 * Twins for `files`: one child process per core (fewer for a few files, or as `processes` says),
 * each taking every n-th file of one list.
 */
export async function compressFiles(files: readonly string[], opts: CompressOptions = {}): Promise<void> {
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
