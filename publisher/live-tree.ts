/**
 * The live site is one directory tree of ordinary files, each text file with its `.br` and `.gz`
 * twins, that any static server serves as it is (nginx, a CDN's origin pull, an rsync'd copy). A
 * full build is a new tree switched in by renaming a symlink (deployer.ts); an incremental publish
 * changes the live tree in place, file by file, each by one atomic rename from a staging folder
 * on the same file system, so a reader never gets half a file, and in an order that keeps every
 * state in between coherent:
 * 1. written files, link targets first (a new story's page before the listings that link to it),
 *    each file's twins before the file itself (a server looks the plain file up first);
 * 2. removed files last: by then no page links to them. Each is unlinked before its twins, so it
 *    is a 404 at once for every client.
 * The same change goes to remote edges as a shell script run in the edge's tree (remoteScript).
 */
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

export const TWINS = ['.br', '.gz'] as const;

/** One publish's change to a tree: the files it writes (staged) and the files it removes. */
export interface TreeChange {
  /** Holds each written file (and its twins, when it has them) at its relative path. */
  staging: string;
  /** Written files, relative paths, in the order they go live. */
  write: readonly string[];
  /** Which written files have twins in the staging folder (the others lose any they had). */
  twinned: ReadonlySet<string>;
  /** Removed files, relative paths. */
  remove: readonly string[];
}

/** A relative path the tree may hold: no escape, no shell metacharacters (remote scripts quote it, still). */
export function checkRelative(rel: string): string {
  if (!/^[A-Za-z0-9._\-/]+$/.test(rel) || rel.split('/').some((s) => s === '..' || s === '') || rel.startsWith('/')) {
    throw new Error(`not a path of the site's tree: ${JSON.stringify(rel)}`);
  }
  return rel;
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

/** Applies `change` to the tree at `tree` (a build folder), in the order above. */
export async function applyChange(tree: string, change: TreeChange): Promise<void> {
  for (const rel of change.write.map(checkRelative)) {
    const target = path.join(tree, rel);
    await mkdir(path.dirname(target), { recursive: true });
    for (const twin of TWINS) {
      if (change.twinned.has(rel)) await rename(path.join(change.staging, rel + twin), target + twin);
      else await rm(target + twin, { force: true });
    }
    await rename(path.join(change.staging, rel), target);
  }
  for (const rel of change.remove.map(checkRelative)) {
    const target = path.join(tree, rel);
    await rm(target, { force: true });
    for (const twin of TWINS) await rm(target + twin, { force: true });
    await removeEmptyDirs(tree, path.dirname(target));
  }
}

const q = (s: string) => `'${s}'`;

/**
 * The same change as a POSIX shell script for a remote edge: run in the edge's tree, with the
 * staged files already copied to `staging` there. Stops at the first failure (the publisher then
 * brings the edge back in step with a whole-tree sync).
 */
export function remoteScript(tree: string, staging: string, change: Omit<TreeChange, 'staging'>): string {
  const lines = ['set -e', `cd ${q(tree)}`, `S=${q(staging)}`];
  const dirs = new Set<string>();
  for (const rel of change.write.map(checkRelative)) {
    const dir = path.posix.dirname(rel);
    if (dir !== '.' && !dirs.has(dir)) {
      dirs.add(dir);
      lines.push(`mkdir -p ${q(dir)}`);
    }
    for (const twin of TWINS) lines.push(change.twinned.has(rel) ? `mv -f "$S"/${q(rel + twin)} ${q(rel + twin)}` : `rm -f ${q(rel + twin)}`);
    lines.push(`mv -f "$S"/${q(rel)} ${q(rel)}`);
  }
  for (const rel of change.remove.map(checkRelative)) {
    lines.push(`rm -f ${q(rel)} ${TWINS.map((t) => q(rel + t)).join(' ')}`);
    const dir = path.posix.dirname(rel);
    if (dir !== '.') lines.push(`rmdir -p ${q(dir)} 2>/dev/null || true`);
  }
  lines.push('rm -rf "$S"');
  return `${lines.join('\n')}\n`;
}
