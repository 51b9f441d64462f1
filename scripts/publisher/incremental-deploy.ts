/**
 * An incremental publish: a new build directory made of hard links to the live one (no bytes
 * copied), the few routes a change touched written again by the render host, the routes it
 * removed deleted, and the result switched in like a full build. A file is always unlinked before
 * it is written, so the live build behind the links is never modified: a failure leaves it whole.
 */
import { execFile } from 'node:child_process';
import { mkdir, realpath, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { outputFile } from '../../site/src/lib/urls.ts';
import { compressFile, eachLimited } from '../lib/precompress.ts';
import { newBuildId, switchLive } from './deployer.ts';
import type { RenderHost } from './render-host-process.ts';

const exec = promisify(execFile);
const RENDER_CONCURRENCY = 4;

export interface IncrementalResult {
  id: string;
  rendered: number;
  removed: number;
  seconds: number;
  /** Where the time went, in seconds: link farm, render + write + compress, search, switch. */
  steps: Record<'link' | 'render' | 'search' | 'switch', number>;
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
async function removeEmptyDirs(root: string, dir: string): Promise<void> {
  for (let d = dir; d.startsWith(`${root}${path.sep}`); d = path.dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return; // not empty (or gone): its parents are not empty either
    }
  }
}

export async function deployIncremental(opts: {
  buildsDir: string;
  currentLink: string;
  host: RenderHost;
  render: readonly string[];
  remove: readonly string[];
  /** Last step before the switch (the fresh search index), with the new build's directory. */
  beforeSwitch?: (dir: string) => Promise<void>;
}): Promise<IncrementalResult> {
  const started = Date.now();
  const live = await realpath(opts.currentLink);
  const id = newBuildId();
  const dir = path.join(opts.buildsDir, id);
  const steps = { link: 0, render: 0, search: 0, switch: 0 };
  let mark = Date.now();
  const lap = (step: keyof typeof steps) => {
    steps[step] = (Date.now() - mark) / 1000;
    mark = Date.now();
  };
  try {
    // GNU cp makes the link farm in C, far faster than a walk from here.
    await exec('cp', ['-al', live, dir]);
    lap('link');
    for (const route of opts.remove) {
      const file = path.join(dir, outputFile(route));
      await Promise.all(['', '.br', '.gz'].map((ext) => rm(`${file}${ext}`, { force: true })));
      await removeEmptyDirs(dir, path.dirname(file));
    }
    await eachLimited(opts.render, RENDER_CONCURRENCY, async (route) => {
      const bytes = await opts.host.render(route);
      const file = path.join(dir, outputFile(route));
      await mkdir(path.dirname(file), { recursive: true });
      await rm(file, { force: true });
      await writeFile(file, bytes);
      await compressFile(file, bytes);
    });
    lap('render');
    await opts.beforeSwitch?.(dir);
    lap('search');
    await switchLive(opts, dir);
    lap('switch');
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { id, rendered: opts.render.length, removed: opts.remove.length, seconds: (Date.now() - started) / 1000, steps };
}
