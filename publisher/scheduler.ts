/**
 * Coalesces rebuild requests: a burst of changes becomes one build once things are quiet for
 * `quietMs` (but never later than `maxWaitMs` after the first request); a change during a build
 * schedules exactly one more build after it; two builds never run at once.
 */
export interface SchedulerStatus {
  state: 'idle' | 'waiting' | 'building';
  /** Requests received since the last build started. */
  queued: number;
  /** A change arrived during the running build: one more build follows. */
  rebuildAfterCurrent: boolean;
  builds: number;
}

export class RebuildScheduler {
  private state: SchedulerStatus['state'] = 'idle';
  private queued = 0;
  private again = false;
  private builds = 0;
  private firstRequestAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: Array<() => void> = [];
  private readonly build: () => Promise<void>;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;

  constructor(build: () => Promise<void>, opts: { quietMs?: number; maxWaitMs?: number } = {}) {
    this.build = build;
    this.quietMs = opts.quietMs ?? 1500;
    this.maxWaitMs = opts.maxWaitMs ?? 10_000;
  }

  request(): void {
    this.queued++;
    if (this.state === 'building') {
      this.again = true;
      return;
    }
    if (this.state === 'idle') {
      this.state = 'waiting';
      this.firstRequestAt = Date.now();
    }
    this.arm();
  }

  status(): SchedulerStatus {
    return { state: this.state, queued: this.queued, rebuildAfterCurrent: this.again, builds: this.builds };
  }

  /** Resolves when no build is running or waiting. */
  idle(): Promise<void> {
    if (this.state === 'idle') return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm() {
    if (this.timer) clearTimeout(this.timer);
    const deadline = this.firstRequestAt + this.maxWaitMs;
    const wait = Math.max(0, Math.min(this.quietMs, deadline - Date.now()));
    this.timer = setTimeout(() => void this.run(), wait);
  }

  private async run() {
    this.timer = null;
    this.state = 'building';
    this.queued = 0;
    this.builds++;
    try {
      await this.build();
    } catch {
      // the build reports its own failure; the scheduler only keeps order
    }
    if (this.again) {
      this.again = false;
      this.state = 'waiting';
      this.firstRequestAt = Date.now();
      this.arm();
      return;
    }
    this.state = 'idle';
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
