/** The rebuild scheduler's coalescing and ordering, on fake timers (no test waits on the clock). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RebuildScheduler } from '../../publisher/scheduler.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A build that takes `ms` and records how many ran and whether two ever overlapped. */
function fakeBuild(ms: number) {
  const log = { builds: 0, running: 0, overlapped: false };
  const build = async () => {
    log.running++;
    if (log.running > 1) log.overlapped = true;
    log.builds++;
    await sleep(ms);
    log.running--;
  };
  return { log, build };
}

describe('rebuild scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a burst of 20 requests into one build, a quiet period after the last', async () => {
    const { log, build } = fakeBuild(50);
    const s = new RebuildScheduler(build, { quietMs: 100 });
    for (let i = 0; i < 20; i++) {
      s.request();
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(94);
    expect(log.builds).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.builds).toBe(1);
    await vi.runAllTimersAsync();
    await s.idle();
    expect(log.builds).toBe(1);
  });

  it('runs exactly one more build for any number of changes during a build, never two at once', async () => {
    const { log, build } = fakeBuild(300);
    const s = new RebuildScheduler(build, { quietMs: 20 });
    s.request();
    await vi.advanceTimersByTimeAsync(80); // the first build is running
    for (let i = 0; i < 10; i++) s.request();
    expect(s.status()).toMatchObject({ state: 'building', rebuildAfterCurrent: true });
    await vi.runAllTimersAsync();
    await s.idle();
    expect(log.builds).toBe(2);
    expect(log.overlapped).toBe(false);
    expect(s.status()).toMatchObject({ state: 'idle', rebuildAfterCurrent: false, builds: 2 });
  });

  it('builds within maxWaitMs under a steady stream of changes', async () => {
    const { log, build } = fakeBuild(10);
    const s = new RebuildScheduler(build, { quietMs: 100, maxWaitMs: 300 });
    // A request every 30 ms keeps the 100 ms quiet period from ever passing.
    for (let t = 0; t < 270; t += 30) {
      s.request();
      await vi.advanceTimersByTimeAsync(30);
    }
    expect(log.builds).toBe(0);
    await vi.advanceTimersByTimeAsync(29);
    expect(log.builds).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.builds).toBe(1);
    s.stop();
  });

  it('keeps going after a failed build', async () => {
    let calls = 0;
    const s = new RebuildScheduler(
      async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
      { quietMs: 10 },
    );
    s.request();
    await vi.runAllTimersAsync();
    await s.idle();
    s.request();
    await vi.runAllTimersAsync();
    await s.idle();
    expect(calls).toBe(2);
  });
});
