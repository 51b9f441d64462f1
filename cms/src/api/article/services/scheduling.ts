import type { Core } from '@strapi/strapi';

const ARTICLE = 'api::article.article' as const;

/**
 * Scheduled publishing: drafts whose `scheduledAt` has come are published through the Document
 * Service (same checks as the Publish button, same webhook to the publisher). A draft that cannot
 * be published is unscheduled and logged, not retried forever.
 *
 * Every CMS instance runs this task. Each due draft is first claimed by clearing its schedule
 * with a conditional UPDATE; the database lets exactly one instance's UPDATE change the row, and
 * only that instance publishes, so an article is published once however many instances run.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async publishDue(now = new Date()): Promise<{ published: string[]; failed: string[] }> {
    const due = await strapi.documents(ARTICLE).findMany({
      status: 'draft',
      filters: { scheduledAt: { $lte: now.toISOString() } },
      fields: ['documentId', 'title', 'scheduledAt'],
    });
    const published: string[] = [];
    const failed: string[] = [];
    for (const doc of due) {
      const claim = await strapi.db.query(ARTICLE).updateMany({
        where: { documentId: doc.documentId, publishedAt: null, scheduledAt: { $notNull: true, $lte: now } },
        data: { scheduledAt: null },
      });
      if (claim.count === 0) continue; // another instance got it first, or an editor unscheduled it
      try {
        await strapi.documents(ARTICLE).publish({ documentId: doc.documentId });
        published.push(doc.documentId);
        strapi.log.info(`[schedule] published "${doc.title}"`);
      } catch (err) {
        failed.push(doc.documentId);
        strapi.log.error(`[schedule] could not publish "${doc.title}": ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { published, failed };
  },
});
