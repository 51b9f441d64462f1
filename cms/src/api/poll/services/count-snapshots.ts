/**
 * Recent vote counts per poll, read from the counters at most once per `ttlMs` per poll and
 * instance whatever the number of readers and voters (results may lag by that much, never drift:
 * every snapshot is a consistent read of the counters).
 *
 * A reader who has just voted sees their own vote. A snapshot either certainly holds the vote
 * (its read was sent after the vote committed), certainly lacks it (its read finished before the
 * vote was sent, so the vote is added to a copy), or may hold either: then the reader waits for
 * the next read, which is sent after the commit.
 */
export type Counts = ReadonlyMap<string, number>;

interface Snapshot {
  counts: Counts;
  /** performance.now() before the read was sent and after it came back. */
  sentAt: number;
  doneAt: number;
}

export interface OwnVote {
  optionKey: string;
  /** performance.now() before the vote's INSERT was sent and after it committed. */
  sentAt: number;
  committedAt: number;
}

export function createCountSnapshots(read: (pollDocumentId: string) => Promise<Counts>, ttlMs: number) {
  const latest = new Map<string, Snapshot>();
  const inFlight = new Map<string, Promise<Snapshot>>();

  function refresh(pollDocumentId: string): Promise<Snapshot> {
    const running = inFlight.get(pollDocumentId);
    if (running) return running;
    const sentAt = performance.now();
    const reading = read(pollDocumentId)
      .then((counts) => {
        const snapshot = { counts, sentAt, doneAt: performance.now() };
        const current = latest.get(pollDocumentId);
        if (!current || current.sentAt < sentAt) latest.set(pollDocumentId, snapshot);
        return snapshot;
      })
      .finally(() => inFlight.delete(pollDocumentId));
    inFlight.set(pollDocumentId, reading);
    return reading;
  }

  async function recent(pollDocumentId: string): Promise<Snapshot> {
    const snapshot = latest.get(pollDocumentId);
    return snapshot && performance.now() - snapshot.sentAt < ttlMs ? snapshot : refresh(pollDocumentId);
  }

  return {
    /** Counts as readers see them; with `ownVote`, counts that certainly include that vote. */
    async counts(pollDocumentId: string, ownVote?: OwnVote): Promise<Counts> {
      let snapshot = await recent(pollDocumentId);
      if (!ownVote) return snapshot.counts;
      for (;;) {
        if (snapshot.sentAt > ownVote.committedAt) return snapshot.counts;
        if (snapshot.doneAt < ownVote.sentAt) {
          const withVote = new Map(snapshot.counts);
          withVote.set(ownVote.optionKey, (withVote.get(ownVote.optionKey) ?? 0) + 1);
          return withVote;
        }
        // Ends: once the read in flight is done, the next one is sent after the commit.
        snapshot = await refresh(pollDocumentId);
      }
    },
  };
}
