/** The publish scheduler's order (leading edge, one at a time, bursts folded into the next), on fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RebuildScheduler } from '../../publisher/scheduler.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A build that takes `ms` and records when each started and whether two ever overlapped. */
function fakeBuild(ms: number) {
  const log = { builds: 0, running: 0, overlapped: false, startedAt: [] as number[] };
  const build = async () => {
    log.running++;
    if (log.running > 1) log.overlapped = true;
    log.builds++;
    log.startedAt.push(Date.now());
    await sleep(ms);
    log.running--;
  };
  return { log, build };
}

describe('publish scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts the first change of a quiet period at once, not after a quiet window', async () => {
    const { log, build } = fakeBuild(50);
    const s = new RebuildScheduler(build);
    const t0 = Date.now();
    s.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.builds).toBe(1);
    expect(log.startedAt[0]! - t0).toBe(0);
    await vi.runAllTimersAsync();
    await s.idle();
    expect(log.builds).toBe(1);
  });

  it('folds requests made together into one build', async () => {
    const { log, build } = fakeBuild(50);
    const s = new RebuildScheduler(build);
    for (let i = 0; i < 20; i++) s.request();
    await vi.runAllTimersAsync();
    await s.idle();
    expect(log.builds).toBe(1);
  });

  it('runs exactly one more build for any number of changes during a build, right after it, never two at once', async () => {
    const { log, build } = fakeBuild(300);
    const s = new RebuildScheduler(build);
    s.request();
    await vi.advanceTimersByTimeAsync(80); // the first build is running
    for (let i = 0; i < 10; i++) s.request();
    expect(s.status()).toMatchObject({ state: 'building', rebuildAfterCurrent: true, queued: 10 });
    await vi.advanceTimersByTimeAsync(220); // the first ends: the second starts at once
    expect(log.builds).toBe(2);
    expect(log.startedAt[1]! - log.startedAt[0]!).toBe(300);
    await vi.runAllTimersAsync();
    await s.idle();
    expect(log.builds).toBe(2);
    expect(log.overlapped).toBe(false);
    expect(s.status()).toMatchObject({ state: 'idle', rebuildAfterCurrent: false, builds: 2 });
  });

  it('keeps going after a failed build and starts nothing once stopped', async () => {
    let calls = 0;
    const s = new RebuildScheduler(async () => {
      calls++;
      throw new Error('build failed');
    });
    s.request();
    await vi.runAllTimersAsync();
    await s.idle();
    s.request();
    await vi.runAllTimersAsync();
    await s.idle();
    expect(calls).toBe(2);
    s.stop();
    s.request();
    await vi.runAllTimersAsync();
    await s.idle();
    expect(calls).toBe(2);
  });
});
