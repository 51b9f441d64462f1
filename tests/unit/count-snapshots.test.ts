/**
 * The counts a reader sees after voting (cms count-snapshots): a second old at most, read once per
 * window whatever the traffic, and never without the reader's own vote.
 */
import { describe, expect, it, vi } from 'vitest';
import { createCountSnapshots } from '../../cms/src/api/poll/services/count-snapshots.ts';

/** A counter store whose reads the test completes by hand. */
function manualStore() {
  const reads: Array<{ resolve: (counts: Map<string, number>) => void }> = [];
  return {
    reads,
    read: () => new Promise<Map<string, number>>((resolve) => reads.push({ resolve })),
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('count snapshots', () => {
  it('reads once per window for any number of readers', async () => {
    let reads = 0;
    const snapshots = createCountSnapshots(async () => {
      reads++;
      return new Map([['a', reads]]);
    }, 60_000);
    const seen = await Promise.all(Array.from({ length: 50 }, () => snapshots.counts('poll')));
    expect(reads).toBe(1);
    expect(seen.every((c) => c.get('a') === 1)).toBe(true);
  });

  it('adds the voter’s own vote to a snapshot read before the vote was sent', async () => {
    const snapshots = createCountSnapshots(async () => new Map([['a', 10]]), 60_000);
    await snapshots.counts('poll');
    const sentAt = performance.now();
    const counts = await snapshots.counts('poll', { optionKey: 'a', sentAt, committedAt: performance.now() });
    expect(counts.get('a')).toBe(11);
    // Other readers keep seeing the snapshot as read.
    expect((await snapshots.counts('poll')).get('a')).toBe(10);
  });

  it('takes a snapshot read after the commit as it is', async () => {
    const store = manualStore();
    const snapshots = createCountSnapshots(store.read, 60_000);
    const vote = { optionKey: 'a', sentAt: performance.now(), committedAt: performance.now() };
    const pending = snapshots.counts('poll', vote);
    await tick();
    store.reads[0]!.resolve(new Map([['a', 11]]));
    expect((await pending).get('a')).toBe(11);
    expect(store.reads).toHaveLength(1);
  });

  it('waits for a read sent after the commit when a snapshot may or may not hold the vote', async () => {
    const store = manualStore();
    const snapshots = createCountSnapshots(store.read, 60_000);
    const earlier = snapshots.counts('poll'); // a read in flight while the vote commits
    await tick();
    const vote = { optionKey: 'a', sentAt: performance.now(), committedAt: performance.now() };
    const pending = snapshots.counts('poll', vote);
    await tick();
    store.reads[0]!.resolve(new Map([['a', 10]])); // ambiguous: it may or may not include the vote
    expect((await earlier).get('a')).toBe(10);
    await tick();
    expect(store.reads).toHaveLength(2);
    store.reads[1]!.resolve(new Map([['a', 11]]));
    expect((await pending).get('a')).toBe(11);
  });

  it('reads again once the window has passed', async () => {
    let reads = 0;
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const snapshots = createCountSnapshots(async () => new Map([['a', ++reads]]), 20);
      expect((await snapshots.counts('poll')).get('a')).toBe(1);
      vi.advanceTimersByTime(19);
      expect((await snapshots.counts('poll')).get('a')).toBe(1);
      vi.advanceTimersByTime(2);
      expect((await snapshots.counts('poll')).get('a')).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
