/**
 * Decides, for each batch of CMS changes, how the live site catches up: an incremental publish
 * (the render host applies the changes and renders the routes they touch) when every change in
 * the batch is one it can apply, a full build otherwise, and after any failure (the render host's
 * data may then be ahead of the live site: only a full build puts the two back in step).
 *
 * Invariants: one update runs at a time (the scheduler calls `run` serially); the render host, when
 * there is one, holds the data of the live build plus exactly the changes published since.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { deploy } from './deployer.ts';
import { closeFreshSearch, FreshPages } from './fresh-search.ts';
import { deployIncremental } from './incremental-deploy.ts';
import { startRenderHost, type RenderHost } from './render-host-process.ts';
import type { SiteChange } from './webhook-event.ts';

export interface UpdateReport {
  kind: 'full' | 'incremental';
  id: string;
  /** Pages of a full build; routes written again by an incremental publish. */
  pages: number;
  seconds: number;
}

export interface SiteUpdaterOptions {
  buildsDir: string;
  currentLink: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Build incrementally at all (tests compare both paths; an operator can switch it off). */
  incremental?: boolean;
}

export class SiteUpdater {
  private pending: SiteChange[] = [];
  private fullRequested = true;
  private host: RenderHost | null = null;
  private recoveryDue = false;
  private readonly fresh = new FreshPages();

  private readonly opts: SiteUpdaterOptions;

  constructor(opts: SiteUpdaterOptions) {
    this.opts = opts;
  }

  /** A change the render host can apply. */
  change(change: SiteChange): void {
    this.pending.push(change);
  }

  /** Something only a full build shows (or the first build). */
  requestFull(): void {
    this.fullRequested = true;
  }

  /**
   * True once after a failed incremental publish: the render host's data may be ahead of the live
   * site, and a full build should run now rather than wait for the next change.
   */
  takeRecovery(): boolean {
    const due = this.recoveryDue;
    this.recoveryDue = false;
    return due;
  }

  /** Brings the live site up to date with everything requested so far. */
  async run(): Promise<UpdateReport> {
    const changes = this.pending.splice(0);
    if (!this.fullRequested && this.host && changes.length > 0) {
      try {
        return await this.incremental(this.host, changes);
      } catch (err) {
        this.opts.log(`incremental publish failed, a full build follows: ${err instanceof Error ? err.message : String(err)}`);
        this.fullRequested = true;
        this.recoveryDue = true;
        throw err;
      }
    }
    if (!this.fullRequested && changes.length === 0) return { kind: 'incremental', id: '', pages: 0, seconds: 0 };
    return this.full();
  }

  private async incremental(host: RenderHost, changes: SiteChange[]): Promise<UpdateReport> {
    const started = Date.now();
    const answer = await host.apply(changes);
    const applySeconds = (Date.now() - started) / 1000;
    if (answer.kind === 'full') {
      this.opts.log(`full build: ${answer.reason}`);
      return this.full();
    }
    this.fresh.record(answer.render, answer.remove);
    const result = await deployIncremental({ ...this.opts, host, render: answer.render, remove: answer.remove, beforeSwitch: (dir) => this.fresh.write(dir) });
    const steps = Object.entries({ apply: applySeconds, ...result.steps }).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
    this.opts.log(`incremental: ${changes.length} change(s), ${result.rendered} written, ${result.removed} removed (${steps} s)`);
    return { kind: 'incremental', id: result.id, pages: result.rendered, seconds: (Date.now() - started) / 1000 };
  }

  private async full(): Promise<UpdateReport> {
    this.fullRequested = false;
    // Changes that arrive from here on are read by this build or applied after it.
    this.pending = [];
    const result = await deploy(this.opts).catch((err: unknown) => {
      this.fullRequested = true;
      throw err;
    });
    // The new build's own index holds everything up to its read of the CMS.
    this.fresh.clear();
    if (this.opts.incremental !== false) await this.replaceHost();
    return { kind: 'full', id: result.id, pages: result.pages, seconds: result.seconds };
  }

  private async replaceHost(): Promise<void> {
    const old = this.host;
    this.host = null;
    await old?.stop();
    const live = await realpath(this.opts.currentLink);
    try {
      this.host = await startRenderHost(live, this.opts.env, this.opts.log);
    } catch (err) {
      // Without a host every change takes a full build: slower, still correct.
      this.opts.log(`no render host for ${path.basename(live)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async close(): Promise<void> {
    await this.host?.stop();
    this.host = null;
    await closeFreshSearch();
  }
}
