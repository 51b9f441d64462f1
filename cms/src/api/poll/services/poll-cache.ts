/**
 * Published polls by documentId, kept for a couple of seconds: a vote needs the poll's options
 * and dates, and a Document Service read costs more than the vote itself. An edit, publish or
 * unpublish on this instance forgets the poll at once (see the document middleware); another
 * instance sees it when its copy expires, within `ttlMs`. Unknown ids are remembered too (as
 * null), so a flood of votes for a made-up poll costs one read per id, within a bounded cache.
 */
import { LRUCache } from 'lru-cache';

export function createPollCache<Poll extends object>(load: (documentId: string) => Promise<Poll | null>, ttlMs: number, maxEntries = 2000) {
  const cache = new LRUCache<string, { poll: Poll | null }>({
    max: maxEntries,
    ttl: ttlMs,
    fetchMethod: async (documentId) => ({ poll: await load(documentId) }),
  });

  return {
    async get(documentId: string): Promise<Poll | null> {
      // A fetch is aborted (rejects) when the poll is forgotten while it loads: load it again.
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          const entry = await cache.fetch(documentId);
          if (entry) return entry.poll;
        } catch (err) {
          if (attempt === 3) throw err;
        }
      }
      return load(documentId);
    },
    forget(documentId: string): void {
      cache.delete(documentId);
    },
  };
}
