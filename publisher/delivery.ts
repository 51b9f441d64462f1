/**
 * Delivers each version of the live tree to every edge and purges every shared cache. The
 * publisher's own tree is the first edge (its nginx, or the embedded server, serves it); remote
 * edges (ssh-edge.ts) get the same change. A publish is live when it is on every edge that is up
 * and purged from every cache: an edge that fails does not hold the others back; it is marked
 * behind (shown on /_status with its lag), retried with a growing pause, and brought back by a
 * whole-tree sync of what is live then, after which every cache is purged (it may have served from
 * the edge while it lagged).
 *
 * Invariant: calls come from the one publish running at a time (the scheduler's); each edge's own
 * work (a publish, a catch-up) runs in that edge's queue, one thing at a time.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { PURGE_ALL_ABOVE, type SharedCache } from './caches.ts';
import type { SshEdge } from './edges/ssh-edge.ts';
import { applyChange, type TreeChange } from './live-tree.ts';

export interface EdgeStatus {
  name: string;
  /** in-step: has the live version; behind: missed one (down, or failed), catching up. */
  state: 'in-step' | 'behind';
  /** The version it has (the publisher's count of what went live since it started). */
  version: number;
  /** Versions it lags by, and since when. */
  lag: number;
  behindSince: string | null;
  lastError: string | null;
}

interface EdgeState {
  edge: SshEdge;
  version: number;
  behindSince: number | null;
  lastError: string | null;
  queue: Promise<void>;
  retry: NodeJS.Timeout | null;
  retryMs: number;
}

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 10_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class Delivery {
  private version = 0;
  private readonly edges: EdgeState[];
  private closed = false;
  /** The live tree, for catching up: the publisher's current build folder and its name. */
  private live: { dir: string; name: string } | null = null;

  private readonly caches: readonly SharedCache[];
  private readonly log: (line: string) => void;
  /** Run after a change wrote a new redirect map (the local nginx reload). */
  private readonly reloadLocal?: () => Promise<void>;

  constructor(edges: readonly SshEdge[], caches: readonly SharedCache[], log: (line: string) => void, reloadLocal?: () => Promise<void>) {
    this.caches = caches;
    this.log = log;
    this.reloadLocal = reloadLocal;
    this.edges = edges.map((edge) => ({
      edge,
      version: 0,
      behindSince: Date.now(),
      lastError: 'not synced yet',
      queue: Promise.resolve(),
      retry: null,
      retryMs: RETRY_FIRST_MS,
    }));
  }

  /**
   * A new whole tree is live locally (a full build): every edge gets it whole (each reloads its
   * nginx when the redirect map changed); the caches are purged.
   */
  async switched(dir: string, name: string, changedPaths: readonly string[] | 'all', redirectsChanged: boolean): Promise<void> {
    // The first tree since the publisher started: what a run before it changed (and may have died
    // before purging, killed mid-publish) is not known, so nothing cached can be trusted.
    if (this.version === 0) changedPaths = 'all';
    this.version++;
    this.live = { dir, name };
    const version = this.version;
    if (redirectsChanged) await this.reloadLocal?.();
    await Promise.all(this.edges.map((s) => this.enqueue(s, () => this.syncEdge(s, version))));
    await this.purge(changedPaths);
  }

  /**
   * An incremental change: applied to the local tree `tree` and to every edge in step (those behind
   * catch up whole instead), then purged from every cache. The staging folder is removed after.
   */
  async publish(tree: string, change: TreeChange, paths: readonly string[], reload: boolean): Promise<void> {
    this.version++;
    const version = this.version;
    const id = `${version}-${randomBytes(4).toString('hex')}`;
    try {
      // The edges in step take the change first: the local tree's renames consume the staged files.
      const inStep = this.edges.filter((s) => s.version === version - 1 && s.behindSince === null);
      await Promise.all(
        inStep.map((s) =>
          this.enqueue(s, () =>
            s.edge.apply(change, id, reload).then(
              () => this.inStep(s, version),
              (err: unknown) => this.fellBehind(s, err),
            ),
          ),
        ),
      );
      applyChange(tree, change);
      if (reload) await this.reloadLocal?.();
      // The others are brought to the whole live tree.
      await Promise.all(this.edges.filter((s) => !inStep.includes(s)).map((s) => this.enqueue(s, () => this.syncEdge(s, version))));
    } finally {
      await rm(change.staging, { recursive: true, force: true });
    }
    await this.purge(paths);
  }

  /** Each edge's state, for /_status. */
  status(): EdgeStatus[] {
    return this.edges.map((s) => ({
      name: s.edge.name,
      state: s.behindSince === null ? 'in-step' : 'behind',
      version: s.version,
      lag: this.version - s.version,
      behindSince: s.behindSince === null ? null : new Date(s.behindSince).toISOString(),
      lastError: s.lastError,
    }));
  }

  /** The version live on the publisher's own tree. */
  get liveVersion(): number {
    return this.version;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.edges) if (s.retry) clearTimeout(s.retry);
    await Promise.all(this.edges.map((s) => s.queue.catch(() => undefined)));
    await Promise.all(this.edges.map((s) => s.edge.close()));
  }

  private enqueue(s: EdgeState, work: () => Promise<void>): Promise<void> {
    const next = s.queue.then(work, work);
    s.queue = next.catch(() => undefined);
    return s.queue;
  }

  private async syncEdge(s: EdgeState, version: number): Promise<void> {
    const live = this.live;
    if (!live || this.closed) return;
    try {
      await s.edge.sync(live.dir, live.name);
      const caughtUp = s.behindSince !== null && s.version > 0;
      this.inStep(s, version);
      // While it lagged, a cache may have filled from it: nothing cached then can be trusted.
      if (caughtUp) await this.purge('all');
    } catch (err) {
      this.fellBehind(s, err);
    }
  }

  private inStep(s: EdgeState, version: number): void {
    if (s.behindSince !== null) this.log(`edge ${s.edge.name} in step again (version ${version})`);
    s.version = version;
    s.behindSince = null;
    s.lastError = null;
    s.retryMs = RETRY_FIRST_MS;
  }

  private fellBehind(s: EdgeState, err: unknown): void {
    s.behindSince ??= Date.now();
    s.lastError = message(err);
    this.log(`edge ${s.edge.name} is behind (${s.lastError}); retrying in ${s.retryMs / 1000} s`);
    if (s.retry || this.closed) return;
    s.retry = setTimeout(() => {
      s.retry = null;
      s.retryMs = Math.min(RETRY_MAX_MS, s.retryMs * 2);
      void this.enqueue(s, () => (s.behindSince === null ? Promise.resolve() : this.syncEdge(s, this.version)));
    }, s.retryMs);
    s.retry.unref();
  }

  private async purge(paths: readonly string[] | 'all'): Promise<void> {
    const all = paths === 'all' || paths.length > PURGE_ALL_ABOVE;
    await Promise.all(this.caches.map((c) => (all ? c.purgeAll() : c.purge(paths as readonly string[]))));
  }
}
