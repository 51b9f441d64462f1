/**
 * What a new full build changes against the live tree, worked out file by file before it goes
 * live: each file whose bytes equal the live tree's is replaced by a hard link to that file (with
 * its twins), so the two trees share it, and the rest is listed. The list is what the switch
 * purges from the shared caches (not everything), and the shared files are what rsync's
 * --link-dest recognises on the remote edges (same size and time), so a full build sends the
 * edges only what changed. Runs in a child process at a lower priority (build-links-process.ts):
 * at archive scale it reads both trees.
 */
import { link, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TWINS } from './live-tree.ts';

/** Beside a build: what it changes against the tree that was live when it was made. */
export const CHANGES_FILE = '.changes.json';
export const changesSchema = z.object({ against: z.string(), changed: z.array(z.string()), removed: z.array(z.string()) });
export type BuildChanges = z.infer<typeof changesSchema>;

const isTwin = (rel: string) => TWINS.some((t) => rel.endsWith(t));

/** The files of a tree (relative), twins and dot-named bookkeeping left out. */
async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((rel) => !isTwin(rel) && !/(^|\/)\./.test(rel));
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  if (!sa?.isFile() || !sb?.isFile() || sa.size !== sb.size) return false;
  if (sa.ino === sb.ino && sa.dev === sb.dev) return true;
  const [x, y] = await Promise.all([readFile(a), readFile(b)]);
  return x.equals(y);
}

/** Replaces `file` with a hard link to `to` (a rename over it: never a moment without the file). */
async function linkOver(to: string, file: string): Promise<void> {
  const temp = `${file}.link-${process.pid}`;
  await rm(temp, { force: true });
  await link(to, temp);
  await rename(temp, file);
}

/** Links `dir`'s files that equal `live`'s to them; lists the rest and what `live` has that `dir` lacks. */
export async function linkUnchanged(dir: string, live: string): Promise<BuildChanges> {
  const [files, liveFiles] = await Promise.all([filesOf(dir), filesOf(live)]);
  const changed: string[] = [];
  for (const rel of files) {
    const [mine, theirs] = [path.join(dir, rel), path.join(live, rel)];
    if (!(await sameBytes(mine, theirs))) {
      changed.push(rel);
      continue;
    }
    await linkOver(theirs, mine);
    for (const twin of TWINS) {
      if ((await stat(theirs + twin).catch(() => null)) && (await stat(mine + twin).catch(() => null))) await linkOver(theirs + twin, mine + twin);
    }
  }
  const present = new Set(files);
  const result = { against: live, changed, removed: liveFiles.filter((rel) => !present.has(rel)) };
  await writeFile(path.join(dir, CHANGES_FILE), JSON.stringify(result));
  return result;
}
