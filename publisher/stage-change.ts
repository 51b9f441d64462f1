/**
 * An incremental publish's files, made before anything goes live: the render host renders each
 * route it named (link targets first, as it orders them), each file is written to a staging folder
 * beside the live trees (same file system: going live is a rename), and its twins are compressed
 * there. The result is a TreeChange (live-tree.ts) that the delivery applies to every edge.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { outputFile } from '../site/src/lib/urls.ts';
import { eachLimited } from './each-limited.ts';
import type { TreeChange } from './live-tree.ts';
import { compressInWorker } from './compress-worker.ts';
import type { RenderHost } from './render-host-process.ts';

const RENDER_CONCURRENCY = 4;

/** A fresh staging folder under `stagingRoot`. */
export async function stagingFolder(stagingRoot: string): Promise<string> {
  await mkdir(stagingRoot, { recursive: true });
  return mkdtemp(path.join(stagingRoot, 'publish-'));
}

/** Writes `bytes` at `rel` in the staging folder. */
export async function stageFile(staging: string, rel: string, bytes: Buffer | string): Promise<void> {
  const file = path.join(staging, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

/** Compresses the staged `files` (those big enough get twins) and answers which got them. */
export async function compressStaged(staging: string, files: readonly string[]): Promise<Set<string>> {
  await compressInWorker(files.map((rel) => path.join(staging, rel)));
  return new Set(files.filter((rel) => existsSync(path.join(staging, `${rel}.br`))));
}

/**
 * Renders `render` (site routes, in the order they go live) into `staging` and lists `remove`'s
 * files: the change one publish makes to the site, not yet compressed.
 */
export async function stageRoutes(
  host: RenderHost,
  staging: string,
  render: readonly string[],
  remove: readonly string[],
): Promise<Omit<TreeChange, 'twinned'>> {
  await eachLimited(render, RENDER_CONCURRENCY, async (route) => stageFile(staging, outputFile(route), await host.render(route)));
  return { staging, write: render.map(outputFile), remove: remove.map(outputFile) };
}

/**
 * Leaves out of `files.write` each staged file whose bytes equal the tree's: a neighbour whose
 * related list came out the same, a sitemap file the change did not reach. Nothing to rename,
 * copy to the edges or purge for those.
 */
export async function dropUnchanged(tree: string, files: { staging: string; write: string[] }): Promise<void> {
  const same = await Promise.all(
    files.write.map(async (rel) => {
      const [mine, live] = await Promise.all([readFile(path.join(files.staging, rel)), readFile(path.join(tree, rel)).catch(() => null)]);
      return live !== null && mine.equals(live);
    }),
  );
  const unchanged = files.write.filter((_, i) => same[i]);
  await Promise.all(unchanged.map((rel) => rm(path.join(files.staging, rel))));
  files.write = files.write.filter((_, i) => !same[i]);
}
