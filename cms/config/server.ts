import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/required-env';
import { cronTasks } from '../src/cron/tasks';

const serverConfig = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: { keys: requiredEnv(env, 'APP_KEYS').split(',') },
  // X-Forwarded-For is only believed when a trusted proxy is configured in front of Strapi.
  proxy: env.bool('TRUST_PROXY', false),
  cron: { enabled: env.bool('CRON_ENABLED', true), tasks: cronTasks(env('SCHEDULE_CRON', '0 * * * * *'), env('MOST_READ_CRON', '30 */10 * * * *')) },
  // Uploads land here; tests point it at a temporary folder.
  dirs: { public: env('PUBLIC_DIR', './public') },
  // No update checks: the newsroom's servers do not reach the internet.
  logger: { updates: { enabled: false } },
});

export default serverConfig;
