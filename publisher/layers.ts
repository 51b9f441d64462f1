/**
 * A version of the site is either a full build, or an overlay on one: a small directory holding
 * the files written since that build (`.base` names the build) and the list of files removed
 * since (`.removed`). An incremental publish copies the previous overlay (hard links, as many as
 * files changed since the last full build) instead of the whole build, so its cost does not grow
 * with the archive. Whoever reads a version (the static server, the sanity check, the tests)
 * resolves a file in the overlay first, then, unless removed, in the build.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const BASE_FILE = '.base';
export const REMOVED_FILE = '.removed';

export interface SiteLayers {
  /** The version's own directory: the overlay, or the full build itself. */
  top: string;
  /** The full build underneath (the same as `top` for a full build). */
  base: string;
  /** Files (relative paths) of the base that this version no longer has. */
  removed: ReadonlySet<string>;
}

export async function readLayers(dir: string): Promise<SiteLayers> {
  const base = await readFile(path.join(dir, BASE_FILE), 'utf8').catch(() => null);
  if (base === null) return { top: dir, base: dir, removed: new Set() };
  const removed = JSON.parse(await readFile(path.join(dir, REMOVED_FILE), 'utf8').catch(() => '[]')) as string[];
  return { top: dir, base: path.resolve(dir, base.trim()), removed: new Set(removed) };
}

const isFile = async (file: string) => (await stat(file).catch(() => null))?.isFile() ?? false;

/** Where a version's file (relative path) lives, or null when the version has no such file. */
export async function resolveFile(layers: SiteLayers, rel: string): Promise<string | null> {
  if (layers.top !== layers.base && (await isFile(path.join(layers.top, rel)))) return path.join(layers.top, rel);
  if (layers.removed.has(rel)) return null;
  return (await isFile(path.join(layers.base, rel))) ? path.join(layers.base, rel) : null;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** Every file of a version (relative path → where it lives), the layers' own bookkeeping left out. */
export async function listFiles(layers: SiteLayers): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const rel of await filesUnder(layers.base)) if (!layers.removed.has(rel)) files.set(rel, path.join(layers.base, rel));
  if (layers.top !== layers.base) {
    for (const rel of await filesUnder(layers.top)) if (rel !== BASE_FILE && rel !== REMOVED_FILE) files.set(rel, path.join(layers.top, rel));
  }
  return files;
}
