/**
 * An incremental publish: a new overlay on the last full build (layers.ts) holding every file
 * written since it, the routes this change touched written by the render host, the routes it
 * removed listed as removed, and the result switched in like a full build. Files are unlinked
 * before they are written: the live overlay shares them by hard link and is never modified, so a
 * failure leaves it whole.
 */
import { execFile } from 'node:child_process';
import { mkdir, realpath, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { outputFile } from '../site/src/lib/urls.ts';
import { eachLimited } from './each-limited.ts';
import { compressFiles } from './precompress.ts';
import { newBuildId, type SwitchOptions, switchLive } from './deployer.ts';
import { BASE_FILE, readLayers, REMOVED_FILE } from './layers.ts';
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

export async function deployIncremental(
  opts: SwitchOptions & {
    host: RenderHost;
    render: readonly string[];
    remove: readonly string[];
    /**
     * Last step before the switch (the fresh search index), with the new version's directory and
     * the full build under it; answers further files of that build to list as removed.
     */
    beforeSwitch?: (dir: string, base: string) => Promise<readonly string[]>;
    /** A full build to stand on instead of the live version (bringing a new build up to date). */
    onto?: string;
  },
): Promise<IncrementalResult> {
  const started = Date.now();
  const live = await readLayers(opts.onto ?? (await realpath(opts.currentLink)));
  const id = newBuildId();
  const dir = path.join(opts.buildsDir, id);
  const steps = { link: 0, render: 0, search: 0, switch: 0 };
  let mark = Date.now();
  const lap = (step: keyof typeof steps) => {
    steps[step] = (Date.now() - mark) / 1000;
    mark = Date.now();
  };
  try {
    // The new overlay starts as the live one (hard links: only what changed since the full build).
    if (live.top !== live.base) await exec('cp', ['-al', live.top, dir]);
    else await mkdir(dir);
    await rm(path.join(dir, BASE_FILE), { force: true });
    await writeFile(path.join(dir, BASE_FILE), path.relative(dir, live.base));
    const removed = new Set(live.removed);
    lap('link');
    for (const route of opts.remove) {
      const rel = outputFile(route);
      for (const ext of ['', '.br', '.gz']) {
        await rm(path.join(dir, `${rel}${ext}`), { force: true });
        removed.add(`${rel}${ext}`);
      }
      await removeEmptyDirs(dir, path.dirname(path.join(dir, rel)));
    }
    const written: Array<{ file: string; rel: string }> = [];
    await eachLimited(opts.render, RENDER_CONCURRENCY, async (route) => {
      const bytes = await opts.host.render(route);
      const rel = outputFile(route);
      const file = path.join(dir, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await rm(file, { force: true });
      await writeFile(file, bytes);
      written.push({ file, rel });
    });
    await compressFiles(written.map((w) => w.file));
    // The base's twins of the old content must not show through where the new file has none.
    for (const { file, rel } of written) {
      for (const ext of ['', '.br', '.gz']) {
        if (await stat(`${file}${ext}`).catch(() => null)) removed.delete(`${rel}${ext}`);
        else removed.add(`${rel}${ext}`);
      }
    }
    lap('render');
    for (const rel of (await opts.beforeSwitch?.(dir, live.base)) ?? []) removed.add(rel);
    await rm(path.join(dir, REMOVED_FILE), { force: true });
    await writeFile(path.join(dir, REMOVED_FILE), JSON.stringify([...removed]));
    lap('search');
    await switchLive(opts, dir);
    lap('switch');
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { id, rendered: opts.render.length, removed: opts.remove.length, seconds: (Date.now() - started) / 1000, steps };
}
