/**
 * Secrets have no fallback string: `npm start` generates them into cms/.env on first run and the
 * tests pass their own. A missing one stops Strapi with a clear reason.
 */
import type { Core } from '@strapi/strapi';

type Env = Core.Config.Shared.ConfigParams['env'];

export function requiredEnv(env: Env, key: string): string {
  const value = env(key, '');
  if (!value) throw new Error(`${key} is not set. Run "npm start" once to generate cms/.env, or set it in the environment.`);
  return value;
}
