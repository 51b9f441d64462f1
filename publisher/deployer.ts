/**
 * Full builds: each goes to a fresh folder under `buildsDir`, gets its redirect map for nginx and
 * its search map, shares every file unchanged since the live tree with it (build-links.ts), and is
 * switched in, once whole (the sanity check), by renaming a new `current` link over the old one
 * (atomic on POSIX). Incremental publishes then change that tree in place (live-tree.ts). The
 * previous tree stays on disk for requests still under way; older ones are removed in the
 * background, giving way to readers.
 */
import { mkdir, readdir, readFile, readlink, realpath, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, type SiteBuildSummary } from './site-build.ts';
import { ProcessGroup, run, startProcess } from './lib/processes.ts';
import { siteProcessEnv } from './lib/site-process-env.ts';
import { REDIRECTS_MAP, redirectsMap } from './nginx-site.ts';
import { type ReaderLoad, yieldWhenBusy } from './reader-load.ts';
import { CHANGES_FILE, changesSchema, type BuildChanges } from './build-links.ts';
import { META_FILE } from '../site/src/lib/archive-search/layout.ts';
import { SEARCH_DIR, SHARDS_FILE } from './search-index.ts';

/** Trees kept on disk: the live one and the one before it (requests under way may still read it). */
export const KEEP = 2;

const LINK_UNCHANGED = path.join(import.meta.dirname, 'build-links-process.ts');

export interface DeployResult extends SiteBuildSummary {
  id: string;
}

const REQUIRED = ['index.html', 'rss.xml', 'sitemap-index.xml', '404.html', `${SEARCH_DIR}/${META_FILE}`, SHARDS_FILE, REDIRECTS_MAP];
/** Beside the builds (dot-named: never pruned as a build): each year's search index, by content (search-index.ts). */
const SEARCH_SHARD_CACHE = '.search-shards';
/** Only draft previews carry this attribute (site/src/pages/preview/); a static build never may. */
export const DRAFT_MARKER = 'data-draft-preview';

/** Cheap checks that a tree is a whole site: the files readers and feed readers hit first. */
export async function sanityCheck(dir: string, forbidden: readonly string[] = [DRAFT_MARKER]): Promise<void> {
  for (const file of REQUIRED) {
    const info = await stat(path.join(dir, file)).catch(() => null);
    if (!info?.isFile() || (info.size === 0 && file !== REDIRECTS_MAP)) throw new Error(`sanity check: ${file} is missing or empty`);
  }
  const home = await readFile(path.join(dir, 'index.html'), 'utf8');
  if (!home.includes('<html lang="vi"')) throw new Error('sanity check: the home page is not the site layout');
  for (const file of ['index.html', 'rss.xml']) {
    const text = file === 'index.html' ? home : await readFile(path.join(dir, file), 'utf8');
    for (const marker of forbidden) if (text.includes(marker)) throw new Error(`sanity check: ${file} contains the draft marker ${marker}`);
  }
}

export async function currentBuild(currentLink: string): Promise<string | null> {
  return readlink(currentLink).catch(() => null);
}

/** Writes a tree's redirect map for nginx from its moved-paths.json (the site's table of old paths). */
export async function writeRedirectsMap(dir: string): Promise<void> {
  const moved = JSON.parse(await readFile(path.join(dir, 'moved-paths.json'), 'utf8').catch(() => '{}')) as Record<string, string>;
  await mkdir(path.dirname(path.join(dir, REDIRECTS_MAP)), { recursive: true });
  await writeFile(path.join(dir, REDIRECTS_MAP), redirectsMap(moved));
}

export interface BuiltVersion extends DeployResult {
  dir: string;
  /** Lets pruning remove it again: call once it is live (or given up). */
  unpin(): void;
}

/**
 * Builds that are not live yet and that pruning must leave alone: a full build under way in the
 * background, or finished and waiting to be switched in.
 */
const pinned = new Set<string>();

/** Keeps build `id` from being pruned until the returned function is called. */
export function pinBuild(id: string): () => void {
  pinned.add(id);
  return () => pinned.delete(id);
}

/**
 * A full build into a fresh folder, not yet live (switchLive checks it whole), pinned until
 * unpinned; its steps' processes join `group` when given.
 */
export async function buildVersion(opts: { buildsDir: string; env: NodeJS.ProcessEnv; group?: ProcessGroup }): Promise<BuiltVersion> {
  await mkdir(opts.buildsDir, { recursive: true });
  const id = newBuildId();
  const dir = path.join(opts.buildsDir, id);
  const unpin = pinBuild(id);
  try {
    const summary = await buildSite(dir, opts.env, undefined, opts.group, path.join(opts.buildsDir, SEARCH_SHARD_CACHE));
    await writeRedirectsMap(dir);
    return { ...summary, id, dir, unpin };
  } catch (err) {
    unpin();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Shares `dir`'s files that equal the live tree's with it and answers what differs (for the
 * caches); everything, when nothing is live yet.
 */
export async function changesAgainstLive(dir: string, currentLink: string, group?: ProcessGroup): Promise<BuildChanges | 'all'> {
  const live = await realpath(currentLink).catch(() => null);
  if (!live) return 'all';
  await run('link-unchanged', process.execPath, [LINK_UNCHANGED, dir, live], {
    cwd: import.meta.dirname,
    env: siteProcessEnv(process.env),
    output: { quiet: true },
    group,
  });
  return changesSchema.parse(JSON.parse(await readFile(path.join(dir, CHANGES_FILE), 'utf8')));
}

/** A fresh build folder name: builds sort by the time they were made. */
export const newBuildId = () => new Date().toISOString().replace(/[:.]/g, '-');

export interface SwitchOptions {
  buildsDir: string;
  currentLink: string;
  forbidden?: readonly string[];
  /** The servers' requests: removing old builds gives way while readers are busy. */
  readers?: ReaderLoad;
  /** READERS_BUSY_RPS (reader-load.ts). */
  env?: NodeJS.ProcessEnv;
}

/** Checks a whole build folder and makes it the live tree (atomic rename of the link). */
export async function switchLive(opts: SwitchOptions, dir: string): Promise<void> {
  await sanityCheck(dir, opts.forbidden);
  const tmpLink = `${opts.currentLink}.${process.pid}.tmp`;
  await rm(tmpLink, { force: true });
  await symlink(path.relative(path.dirname(opts.currentLink), dir), tmpLink);
  await rename(tmpLink, opts.currentLink);
  prune(opts);
}

/**
 * Removes all but the newest KEEP trees (and the live and pinned ones), in the background: a tree
 * is tens of thousands of files (hundreds of thousands at archive scale) and deleting them must
 * not delay a publish. GNU rm does it in C; a tree still being served finishes its requests (open
 * files survive). It is background work like a full build, and gives way to readers the same way:
 * at nice 19, and paused most of the time while they are busy (reader-load.ts). At 200,000
 * articles removing a tree at normal priority took 2 s of CPU out of a 10-second readers' window
 * (bench publish, 2026-11-30).
 */
let pruning: Promise<void> = Promise.resolve();
function prune(opts: SwitchOptions): void {
  const { buildsDir, currentLink } = opts;
  pruning = pruning
    .then(async () => {
      const live = await currentBuild(currentLink);
      // The publisher's folder may be gone (a throwaway one, removed at the end of a test).
      const builds = (await readdir(buildsDir).catch(() => [] as string[]))
        .filter((b) => !b.startsWith('.'))
        .sort()
        .reverse();
      const keep = new Set<string>([...pinned, ...builds.slice(0, KEEP), ...(live ? [path.basename(live)] : [])]);
      const old = builds.filter((b) => !keep.has(b));
      if (old.length === 0) return;
      const group = new ProcessGroup();
      const stopYielding = yieldWhenBusy(opts.readers, group, opts.env ?? {});
      try {
        // Not run(): its memory sampling reads /proc every half second in the server's process.
        const removal = startProcess('prune', 'nice', ['-n', '19', 'rm', '-rf', ...old.map((b) => path.join(buildsDir, b))], {
          cwd: buildsDir,
          output: { quiet: true },
          group,
        });
        const code = await removal.exited;
        // Stopped (the publisher shutting down): what is left goes at the next switch.
        if (code !== 0 && code !== null) throw new Error(`rm exited with code ${code}`);
      } finally {
        stopYielding();
      }
    })
    .catch((err: unknown) => console.error(`[publisher] pruning old builds failed: ${err instanceof Error ? err.message : String(err)}`));
}

/** Resolves once old builds queued for removal are gone (tests, shutdown). */
export const prunedBuilds = () => pruning;
