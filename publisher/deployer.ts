/**
 * Each build goes to a fresh directory under `buildsDir`; only a build that passes the sanity
 * check is switched in, by renaming a new symlink over `currentLink` (atomic on POSIX). The
 * previous site keeps serving through any failure; the newest KEEP builds are kept.
 */
import { mkdir, readdir, readFile, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, type SiteBuildSummary } from './site-build.ts';
import { readLayers, resolveFile } from './layers.ts';
import { ProcessGroup, run, startProcess } from './lib/processes.ts';
import { type ReaderLoad, yieldWhenBusy } from './reader-load.ts';

/** Versions kept on disk (and the full builds their overlays stand on). */
export const KEEP = 3;

/** Maps the build's search fragments in a low-priority child (search-fragments-process.ts). */
const MAP_FRAGMENTS = path.join(import.meta.dirname, 'search-fragments-process.ts');

export interface DeployResult extends SiteBuildSummary {
  id: string;
}

const REQUIRED = ['index.html', 'rss.xml', 'sitemap-index.xml', '404.html', 'pagefind/pagefind.js'];
/** Only draft previews carry this attribute (site/src/pages/preview/); a static build never may. */
export const DRAFT_MARKER = 'data-draft-preview';

/** Cheap checks that a version (a build, or an overlay on one) is a whole site: the files readers and feed readers hit first. */
export async function sanityCheck(dir: string, forbidden: readonly string[] = [DRAFT_MARKER]): Promise<void> {
  const layers = await readLayers(dir);
  const files = new Map<string, string>();
  for (const file of REQUIRED) {
    const found = await resolveFile(layers, file);
    const info = found ? await stat(found).catch(() => null) : null;
    if (!found || !info || info.size === 0) throw new Error(`sanity check: ${file} is missing or empty`);
    files.set(file, found);
  }
  const home = await readFile(files.get('index.html')!, 'utf8');
  if (!home.includes('<html lang="vi"')) throw new Error('sanity check: the home page is not the site layout');
  for (const file of ['index.html', 'rss.xml']) {
    const text = file === 'index.html' ? home : await readFile(files.get(file)!, 'utf8');
    for (const marker of forbidden) if (text.includes(marker)) throw new Error(`sanity check: ${file} contains the draft marker ${marker}`);
  }
}

export async function currentBuild(currentLink: string): Promise<string | null> {
  return readlink(currentLink).catch(() => null);
}

export interface BuiltVersion extends DeployResult {
  dir: string;
  /** Lets pruning remove it again: call once it is live (or given up). */
  unpin(): void;
}

/**
 * Builds that are not live yet and that pruning must leave alone: a full build under way in the
 * background, or finished and waiting to be switched in. Incremental publishes go on meanwhile,
 * each pruning all but the newest KEEP versions, and a build that started before them is older.
 */
const pinned = new Set<string>();

/** Keeps build `id` from being pruned until the returned function is called. */
export function pinBuild(id: string): () => void {
  pinned.add(id);
  return () => pinned.delete(id);
}

/**
 * A full build into a fresh directory, not yet live (switchLive checks it whole), pinned until
 * unpinned; its steps' processes join `group` when given.
 */
export async function buildVersion(opts: { buildsDir: string; env: NodeJS.ProcessEnv; group?: ProcessGroup }): Promise<BuiltVersion> {
  await mkdir(opts.buildsDir, { recursive: true });
  const id = newBuildId();
  const dir = path.join(opts.buildsDir, id);
  const unpin = pinBuild(id);
  try {
    const summary = await buildSite(dir, opts.env, undefined, opts.group);
    await run('search-map', process.execPath, [MAP_FRAGMENTS, dir], { cwd: import.meta.dirname, output: { quiet: true }, group: opts.group });
    return { ...summary, id, dir, unpin };
  } catch (err) {
    unpin();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A full build, switched in. */
export async function deploy(opts: SwitchOptions & { env: NodeJS.ProcessEnv; group?: ProcessGroup }): Promise<BuiltVersion> {
  const version = await buildVersion(opts);
  try {
    await switchLive(opts, version.dir);
  } catch (err) {
    await rm(version.dir, { recursive: true, force: true });
    throw err;
  } finally {
    version.unpin();
  }
  return version;
}

/** A fresh build directory name: builds sort by the time they were made. */
export const newBuildId = () => new Date().toISOString().replace(/[:.]/g, '-');

export interface SwitchOptions {
  buildsDir: string;
  currentLink: string;
  forbidden?: readonly string[];
  /** The static server's requests: removing old builds gives way while readers are busy. */
  readers?: ReaderLoad;
  /** READERS_BUSY_RPS (reader-load.ts). */
  env?: NodeJS.ProcessEnv;
}

/** Checks a whole build directory and makes it the live site (atomic rename of the symlink). */
export async function switchLive(opts: SwitchOptions, dir: string): Promise<void> {
  await sanityCheck(dir, opts.forbidden);
  const tmpLink = `${opts.currentLink}.${process.pid}.tmp`;
  await rm(tmpLink, { force: true });
  await symlink(path.relative(path.dirname(opts.currentLink), dir), tmpLink);
  await rename(tmpLink, opts.currentLink);
  prune(opts);
}

/**
 * Removes all but the newest KEEP builds, in the background: a build is tens of thousands of
 * files (hundreds of thousands at archive scale) and deleting them must not delay a publish.
 * GNU rm does it in C; a build still being served finishes its requests (open files survive).
 * It is background work like a full build, and gives way to readers the same way: at nice 19,
 * and paused most of the time while they are busy (reader-load.ts). At 200,000 articles removing
 * a build's 460,000 files and folders at normal priority took 2 s of CPU out of a 10-second
 * readers' window, plus the kernel's journal work (bench publish, 2026-11-30).
 */
let pruning: Promise<void> = Promise.resolve();
function prune(opts: SwitchOptions): void {
  const { buildsDir, currentLink } = opts;
  pruning = pruning
    .then(async () => {
      const live = await currentBuild(currentLink);
      // The publisher's directory may be gone (a throwaway one, removed at the end of a test).
      const builds = (await readdir(buildsDir).catch(() => [] as string[]))
        .filter((b) => !b.startsWith('.'))
        .sort()
        .reverse();
      // The kept versions, and the full builds their overlays stand on.
      const keep = new Set<string>(pinned);
      for (const dir of [...builds.slice(0, KEEP), ...(live ? [path.basename(live)] : [])]) {
        keep.add(dir);
        keep.add(path.basename((await readLayers(path.join(buildsDir, dir))).base));
      }
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
