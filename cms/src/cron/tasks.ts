import type { Core } from '@strapi/strapi';

type Scheduling = { publishDue(): Promise<unknown> };

/** Strapi cron tasks. The rule is every minute by default; SCHEDULE_CRON changes it (tests). */
export const cronTasks = (rule: string) => ({
  publishScheduledArticles: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      await (strapi.service('api::article.scheduling') as unknown as Scheduling).publishDue();
    },
    options: { rule, tz: 'Asia/Ho_Chi_Minh' },
  },
});
