import { describe, expect, it } from 'vitest';
import { RebuildScheduler } from '../../scripts/publisher/scheduler.ts';

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
  it('turns a burst of 20 requests into one build', async () => {
    const { log, build } = fakeBuild(50);
    const s = new RebuildScheduler(build, { quietMs: 100 });
    for (let i = 0; i < 20; i++) {
      s.request();
      await sleep(5);
    }
    await sleep(20);
    await s.idle();
    expect(log.builds).toBe(1);
  });

  it('runs exactly one more build for any number of changes during a build, never two at once', async () => {
    const { log, build } = fakeBuild(300);
    const s = new RebuildScheduler(build, { quietMs: 20 });
    s.request();
    await sleep(80); // the first build is running
    for (let i = 0; i < 10; i++) s.request();
    expect(s.status()).toMatchObject({ state: 'building', rebuildAfterCurrent: true });
    await sleep(10);
    await s.idle();
    await sleep(50);
    await s.idle();
    expect(log.builds).toBe(2);
    expect(log.overlapped).toBe(false);
  });

  it('does not wait forever under a steady stream of changes', async () => {
    const { log, build } = fakeBuild(10);
    const s = new RebuildScheduler(build, { quietMs: 100, maxWaitMs: 300 });
    const started = Date.now();
    while (Date.now() - started < 600) {
      s.request();
      await sleep(30);
    }
    expect(log.builds).toBeGreaterThanOrEqual(1);
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
    await sleep(30);
    await s.idle();
    s.request();
    await sleep(30);
    await s.idle();
    expect(calls).toBe(2);
  });
});
