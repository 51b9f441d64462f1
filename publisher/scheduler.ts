/**
 * Runs publishes one at a time, each as soon as it can. A request when nothing runs starts one at
 * once (on the next turn of the event loop, so requests made together are one): the first change
 * of a quiet period is never held back waiting for more. Requests that arrive while one runs are
 * all taken by the next, which starts as soon as it ends. A burst costs as many publishes as it
 * takes to keep up, never a wait for quiet; two never run at once.
 */
export interface SchedulerStatus {
  state: 'idle' | 'building';
  /** Requests received since the last build started. */
  queued: number;
  /** A change arrived during the running build: one more build follows. */
  rebuildAfterCurrent: boolean;
  builds: number;
}

export class RebuildScheduler {
  private state: SchedulerStatus['state'] = 'idle';
  private starting = false;
  private queued = 0;
  private again = false;
  private builds = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  private readonly build: () => Promise<void>;

  constructor(build: () => Promise<void>) {
    this.build = build;
  }

  request(): void {
    if (this.stopped) return;
    this.queued++;
    if (this.state === 'building') {
      this.again = true;
      return;
    }
    if (this.starting) return;
    this.starting = true;
    setImmediate(() => void this.run());
  }

  status(): SchedulerStatus {
    return { state: this.starting ? 'building' : this.state, queued: this.queued, rebuildAfterCurrent: this.again, builds: this.builds };
  }

  /** Resolves when no build is running or about to start. */
  idle(): Promise<void> {
    if (this.state === 'idle' && !this.starting) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** No build starts after this (one running finishes). */
  stop(): void {
    this.stopped = true;
  }

  private async run() {
    this.starting = false;
    for (;;) {
      this.state = 'building';
      this.queued = 0;
      this.again = false;
      this.builds++;
      try {
        await this.build();
      } catch {
        // the build reports its own failure; the scheduler only keeps order
      }
      if (!this.again || this.stopped) break;
    }
    this.state = 'idle';
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
