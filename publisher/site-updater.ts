/**
 * Keeps the live site up to date. Articles, comments, the poll and weather notes are published
 * incrementally: the render host applies the change and renders the routes it touches, the files
 * are staged and compressed, and the delivery applies the change to the live tree in place and to
 * every edge, then purges the caches (delivery.ts). A sidebar change renders the home page and
 * asks for a consolidation (consolidation.ts). A full build (at start, for changes that reach every
 * page: a category, a tag, media; and consolidations) runs in the background while incremental
 * publishes go on; when it is done, the changes published meanwhile are applied to it by a new
 * render host, and it is switched in whole, everywhere.
 *
 * Invariants: `run` is called serially (by the scheduler) and is the only thing that changes the
 * live site; the render host holds the data of the live tree; every change published while a
 * background build runs is replayed onto that build before it goes live.
 */
import { readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { urlsOf } from './caches.ts';
import { buildVersion, changesAgainstLive, switchLive, type BuiltVersion } from './deployer.ts';
import { ConsolidationPolicy, type ConsolidationOptions } from './consolidation.ts';
import type { Delivery } from './delivery.ts';
import { closeCompressWorker } from './compress-worker.ts';
import { FreshPages, type StagedFiles } from './fresh-search.ts';
import { applyChange, type TreeChange } from './live-tree.ts';
import { REDIRECTS_MAP, redirectsMap } from './nginx-site.ts';
import { startRenderHost, type RenderHost } from './render-host-process.ts';
import { compressStaged, dropUnchanged, stageFile, stageRoutes, stagingFolder } from './stage-change.ts';
import type { SiteChange } from './webhook-event.ts';
import { type ReaderLoad, yieldWhenBusy } from './reader-load.ts';
import { ProcessGroup } from './lib/processes.ts';
import type { BuildChanges } from './build-links.ts';

export interface UpdateReport {
  kind: 'full' | 'incremental';
  id: string;
  /** Pages of a full build; files written again by an incremental publish. */
  pages: number;
  seconds: number;
  /** Why a full build ran (the first build, a change that reaches every page, a consolidation, a recovery). */
  reason?: string;
}

export interface SiteUpdaterOptions {
  buildsDir: string;
  currentLink: string;
  /** Where publishes are staged: on the same file system as the builds (going live is a rename). */
  stagingDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Build incrementally at all (default true); false: every change takes a full build. */
  incremental?: boolean;
  /** Asks for a `run` (a background build finished and waits to be switched in). */
  wake: () => void;
  /** When consolidations run (delays and counts; the defaults suit a newsroom). */
  consolidation?: Pick<ConsolidationOptions, 'delayMs' | 'afterPublishes'>;
  /** Readers' requests: background builds give way while they are busy (reader-load.ts). */
  readers?: ReaderLoad;
  /** Brings every version to every edge and purges the caches. */
  delivery: Delivery;
}

interface BackgroundBuild {
  startedAt: string;
  reason: string;
  /** Changes published incrementally since the build started reading the CMS. */
  replay: SiteChange[];
  done: Promise<void>;
  outcome: { version: BuiltVersion; changes: BuildChanges | 'all' } | { error: unknown } | null;
}

/** A change staged for the live tree, with the URLs it changes and whether it moved a redirect. */
interface Staged {
  change: TreeChange;
  /** Routes the render host wrote again. */
  rendered: number;
  paths: string[];
  reload: boolean;
  consolidate: boolean;
  sidebarClock: RenderHost['sidebarClock'];
  seconds: Record<'apply' | 'render' | 'search' | 'compress', number>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class SiteUpdater {
  private pending: SiteChange[] = [];
  private fullRequested = true;
  /** Why the next full build runs (the last request wins; they are all brought in by it). */
  private fullReason = 'the first build since the publisher started';
  private host: RenderHost | null = null;
  private background: BackgroundBuild | null = null;
  private recoveryDue = false;
  private closed = false;
  private readonly fresh = new FreshPages();
  private readonly opts: SiteUpdaterOptions;
  private readonly consolidation: ConsolidationPolicy;

  constructor(opts: SiteUpdaterOptions) {
    this.opts = opts;
    this.consolidation = new ConsolidationPolicy({
      ...opts.consolidation,
      due: (reason) => {
        if (this.closed) return;
        this.opts.log(`consolidation due: ${reason}`);
        this.requestFull(`consolidation: ${reason}`);
        this.opts.wake();
      },
      tick: (change) => {
        if (this.closed) return;
        this.change(change);
        this.opts.wake();
      },
    });
  }

  /** A change the render host can apply. */
  change(change: SiteChange): void {
    this.pending.push(change);
  }

  /** Something only a full build shows; `reason` is reported with the build. */
  requestFull(reason: string): void {
    this.fullRequested = true;
    this.fullReason = reason;
  }

  /** True once after a failed incremental publish: a full build should run now. */
  takeRecovery(): boolean {
    const due = this.recoveryDue;
    this.recoveryDue = false;
    return due;
  }

  /** The background build under way, if any (resolves when it has finished). */
  backgroundBuild(): { startedAt: string; reason: string; done: Promise<void> } | null {
    return this.background;
  }

  /** When a consolidation waiting for its delay starts (null: none waits). */
  consolidationDueAt(): string | null {
    return this.consolidation.dueAt();
  }

  /** What is still to come without a new request: a background build or a waiting consolidation. */
  unfinished(): Promise<void> | null {
    return this.background?.done ?? this.consolidation.waiting();
  }

  /** Brings the live site up to date with everything requested so far. */
  async run(): Promise<UpdateReport | null> {
    if (this.closed) return null;
    const changes = this.pending.splice(0);
    if (this.background) this.background.replay.push(...changes);
    if (this.background?.outcome) return this.finishBackground(this.background);
    // No render host (the first build, or after a failure): a full build now, blocking.
    if (!this.host || this.opts.incremental === false) {
      if (!this.fullRequested && changes.length === 0 && this.host) return null;
      if (!this.fullRequested) this.fullReason = this.host ? 'incremental publishing is off' : 'no render host to publish onto';
      return this.full();
    }
    if (this.fullRequested && !this.background) this.startBackground();
    return changes.length > 0 ? this.incremental(this.host, changes) : null;
  }

  private async incremental(host: RenderHost, changes: SiteChange[]): Promise<UpdateReport> {
    const started = Date.now();
    try {
      const tree = await realpath(this.opts.currentLink);
      const staged = await this.stage(host, changes, tree, this.fresh);
      // Asked for now, before it shows anywhere: whoever sees the new sidebar sees the consolidation due.
      this.afterStaged(staged);
      const delivering = Date.now();
      await this.opts.delivery.publish(tree, staged.change, staged.paths, staged.reload);
      const steps = Object.entries({ ...staged.seconds, deliver: (Date.now() - delivering) / 1000 })
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ');
      this.opts.log(`incremental: ${changes.length} change(s), ${staged.change.write.length} written, ${staged.change.remove.length} removed (${steps} s)`);
      this.consolidation.published();
      return { kind: 'incremental', id: path.basename(tree), pages: staged.rendered, seconds: (Date.now() - started) / 1000 };
    } catch (err) {
      // The host's data (and the tree) may now be ahead of the edges: only a full build puts them in step.
      this.opts.log(`incremental publish failed, a full build follows: ${message(err)}`);
      await this.dropHost();
      this.requestFull(`recovery: an incremental publish failed (${message(err)})`);
      this.recoveryDue = true;
      throw err;
    }
  }

  /**
   * Applies `changes` in `host` and stages what they change in the tree `tree`: the routes the host
   * names, rendered (link targets first); the search index's files (fresh-search.ts); the redirect
   * map when the moved paths changed; every written file's twins.
   */
  private async stage(host: RenderHost, changes: SiteChange[], tree: string, fresh: FreshPages): Promise<Staged> {
    let mark = Date.now();
    const lap = () => {
      const seconds = (Date.now() - mark) / 1000;
      mark = Date.now();
      return seconds;
    };
    const answer = await host.apply(changes);
    if (answer.kind === 'full') throw new Error(`the render host asks for a full build: ${answer.reason}`);
    const apply = lap();
    fresh.record(answer.render, answer.remove);
    const staging = await stagingFolder(this.opts.stagingDir);
    const routes = await stageRoutes(host, staging, answer.render, answer.remove);
    const files: StagedFiles = { staging, write: [...routes.write], remove: [...routes.remove] };
    const render = lap();
    await fresh.stage(tree, files);
    const search = lap();
    await dropUnchanged(tree, files);
    // nginx reloads (every edge) only when the moved paths really changed.
    const reload = files.write.includes('moved-paths.json');
    if (reload) {
      const moved = JSON.parse(await readFile(path.join(staging, 'moved-paths.json'), 'utf8')) as Record<string, string>;
      await stageFile(staging, REDIRECTS_MAP, redirectsMap(moved));
      files.write.push(REDIRECTS_MAP);
    }
    const twinned = await compressStaged(staging, files.write);
    const compress = lap();
    return {
      change: { ...files, twinned },
      rendered: answer.render.length,
      paths: urlsOf([...files.write, ...files.remove]),
      reload,
      consolidate: answer.consolidate,
      sidebarClock: answer.sidebarClock,
      seconds: { apply, render, search, compress },
    };
  }

  private afterStaged(staged: Staged): void {
    if (staged.consolidate) this.consolidation.sidebarChanged();
    this.consolidation.setClock(staged.sidebarClock);
  }

  /** A blocking full build (nothing else can be published meanwhile). */
  private async full(): Promise<UpdateReport> {
    this.fullRequested = false;
    const reason = this.fullReason;
    this.consolidation.fullBuildStarted();
    // Changes that arrive from here on are read by this build or applied after it.
    this.pending = [];
    try {
      const version = await buildVersion(this.opts);
      try {
        const changes = await changesAgainstLive(version.dir, this.opts.currentLink);
        await this.goLive(version, changes);
      } finally {
        version.unpin();
      }
      // The new build's own index holds everything up to its read of the CMS.
      this.fresh.clear();
      if (this.opts.incremental !== false) await this.replaceHost(version.dir);
      return { kind: 'full', id: version.id, pages: version.pages, seconds: version.seconds, reason };
    } catch (err) {
      this.requestFull(`retry: the last full build failed (${message(err)})`);
      throw err;
    }
  }

  /** Switches a whole build in locally, then on every edge, and purges what it changed. */
  private async goLive(version: BuiltVersion, changes: BuildChanges | 'all', alsoChanged: readonly string[] = []): Promise<void> {
    const mapOf = (dir: string) => readFile(path.join(dir, REDIRECTS_MAP), 'utf8').catch(() => null);
    const mapBefore = await mapOf(this.opts.currentLink);
    await switchLive(this.opts, version.dir);
    const paths = changes === 'all' ? 'all' : urlsOf([...changes.changed, ...changes.removed, ...alsoChanged]);
    await this.opts.delivery.switched(version.dir, version.id, paths, mapBefore !== (await mapOf(version.dir)));
  }

  private startBackground(): void {
    this.fullRequested = false;
    this.consolidation.fullBuildStarted();
    const build: BackgroundBuild = { startedAt: new Date().toISOString(), reason: this.fullReason, replay: [], outcome: null, done: Promise.resolve() };
    // Readers are being served meanwhile: the build reads the CMS a page at a time (SITE_READ_AHEAD,
    // site-config.ts) and is paused for most of the time while readers are busy (reader-load.ts).
    const group = new ProcessGroup();
    const stopYielding = yieldWhenBusy(this.opts.readers, group, this.opts.env);
    build.done = buildVersion({ ...this.opts, group, env: { ...this.opts.env, SITE_READ_AHEAD: '0' } })
      .then(async (version) => {
        // Shared with the live tree while the publishes go on: a file they replace later is a new
        // file there (a rename), and this build gets its own replay before it goes live.
        const changes = await changesAgainstLive(version.dir, this.opts.currentLink, group).catch((err: unknown) => {
          version.unpin();
          throw err;
        });
        return { version, changes };
      })
      .finally(stopYielding)
      .then(
        (outcome) => {
          build.outcome = outcome;
        },
        (error: unknown) => {
          build.outcome = { error };
        },
      )
      .then(() => {
        if (!this.closed) this.opts.wake();
      });
    this.background = build;
    this.opts.log(`full build started in the background (${build.reason})`);
  }

  /** Switches in a finished background build, with the changes published while it ran. */
  private async finishBackground(build: BackgroundBuild): Promise<UpdateReport> {
    this.background = null;
    const outcome = build.outcome!;
    if ('error' in outcome) {
      // What it was to bring in is still to come: the next change starts another.
      this.requestFull(`retry: the last full build failed (${message(outcome.error)})`);
      throw outcome.error;
    }
    const { version, changes } = outcome;
    const started = Date.now();
    try {
      const host = await startRenderHost(version.dir, this.opts.env, this.opts.log);
      const fresh = new FreshPages();
      try {
        let replayed: readonly string[] = [];
        let staged: Staged | null = null;
        if (build.replay.length > 0) {
          // Not live yet: applied to the new tree directly, then switched in whole.
          staged = await this.stage(host, build.replay, version.dir, fresh);
          applyChange(version.dir, staged.change);
          await rm(staged.change.staging, { recursive: true, force: true });
          replayed = [...staged.change.write, ...staged.change.remove];
        }
        await this.goLive(version, changes, replayed);
        if (staged) this.afterStaged(staged);
        else this.consolidation.setClock(host.sidebarClock);
        const old = this.host;
        this.host = host;
        this.fresh.adopt(fresh);
        await old?.stop();
      } catch (err) {
        await host.stop();
        throw err;
      }
      this.opts.log(
        `full build ${version.id} live with ${build.replay.length} change(s) published while it ran (${((Date.now() - started) / 1000).toFixed(1)} s to catch up)`,
      );
      return { kind: 'full', id: version.id, pages: version.pages, seconds: version.seconds, reason: build.reason };
    } finally {
      // Live now, or given up: either way pruning decides.
      version.unpin();
    }
  }

  private async replaceHost(dir: string): Promise<void> {
    await this.dropHost();
    try {
      this.host = await startRenderHost(await realpath(dir), this.opts.env, this.opts.log);
      this.consolidation.setClock(this.host.sidebarClock);
    } catch (err) {
      // Without a host every change takes a full build: slower, still correct.
      this.opts.log(`no render host for ${path.basename(dir)}: ${message(err)}`);
    }
  }

  private async dropHost(): Promise<void> {
    const old = this.host;
    this.host = null;
    await old?.stop();
  }

  /** Stops the render host. A background build is not waited for: its process is stopped with the others. */
  async close(): Promise<void> {
    this.closed = true;
    this.consolidation.close();
    await this.dropHost();
    await closeCompressWorker();
  }
}
