/**
 * The most-read service: counts a reader's view of a published article (bots and prefetches are
 * not readers), answers the top of the last 24 hours, and tells the publisher when that top has
 * changed (checked every 10 minutes by cron, sent as a webhook like any other content change).
 */
import type { Core } from '@strapi/strapi';
import { isbot } from 'isbot';
import { LRUCache } from 'lru-cache';
import { MOST_READ_SIZE } from '@tintinh/content-types';
import { createReadCounter, topReads, type TopRead } from './read-store';

export const MOST_READ_EVENT = 'most-read.update';

/** A user agent that announces a robot, a crawler, a link preview or a headless browser (isbot's list), or none at all. */
export const isRobot = (userAgent: string | undefined) => !userAgent || isbot(userAgent);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const counter = createReadCounter(() => strapi.db.connection);
  // Whether a documentId has a published version, for a minute (a takedown stops counting soon after).
  const published = new LRUCache<string, boolean>({ max: 50_000, ttl: 60_000 });
  // The top last announced; the first check only takes note (a full build reads the top itself).
  let lastSent: string | null = null;

  async function isPublished(documentId: string): Promise<boolean> {
    const known = published.get(documentId);
    if (known !== undefined) return known;
    const row = await strapi.db.query('api::article.article').findOne({ where: { documentId, publishedAt: { $notNull: true } }, select: ['id'] });
    published.set(documentId, row !== null);
    return row !== null;
  }

  return {
    /** Whether the article has a published version (remembered for a minute). */
    isPublished,

    /** Counts one view of a published article. */
    count(documentId: string): void {
      counter.count(documentId);
    },

    top(): Promise<TopRead[]> {
      return topReads(strapi.db.connection, Date.now(), MOST_READ_SIZE);
    },

    flush: () => counter.flush(),

    /** Emits MOST_READ_EVENT (a webhook to the publisher) when the top differs from the last one sent. */
    async announceChanges(): Promise<void> {
      await counter.flush();
      const top = JSON.stringify((await this.top()).map((t) => t.documentId));
      const first = lastSent === null;
      if (top === lastSent) return;
      lastSent = top;
      if (!first) strapi.eventHub.emit(MOST_READ_EVENT, { uid: MOST_READ_EVENT });
    },
  };
};
