import type { Core } from '@strapi/strapi';
import { projectService } from '../services';

/** Strapi cron tasks. The rule is every minute by default; SCHEDULE_CRON changes it (tests). */
export const cronTasks = (rule: string) => ({
  publishScheduledArticles: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      await projectService(strapi, 'api::article.scheduling').publishDue();
    },
    options: { rule, tz: 'Asia/Ho_Chi_Minh' },
  },
});
