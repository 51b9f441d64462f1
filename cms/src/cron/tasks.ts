import type { Core } from '@strapi/strapi';
import { projectService } from '../services';

/**
 * Strapi cron tasks. Scheduled publishing every minute by default (SCHEDULE_CRON changes it);
 * the most-read box checked every 10 minutes (MOST_READ_CRON).
 */
export const cronTasks = (rule: string, mostReadRule: string) => ({
  publishScheduledArticles: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      await projectService(strapi, 'api::article.scheduling').publishDue();
    },
    options: { rule, tz: 'Asia/Ho_Chi_Minh' },
  },
  announceMostRead: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      await projectService(strapi, 'api::reads.reads').announceChanges();
    },
    options: { rule: mostReadRule, tz: 'Asia/Ho_Chi_Minh' },
  },
});
