import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEnvFile } from './secrets.ts';
import { siteRoot } from './paths.ts';

/** STRAPI_URL / STRAPI_TOKEN / SITE_URL for a site build: the environment first, then site/.env. */
export async function siteEnv(): Promise<{ STRAPI_URL: string; STRAPI_TOKEN: string; SITE_URL: string }> {
  const file = parseEnvFile(await readFile(path.join(siteRoot, '.env'), 'utf8').catch(() => ''));
  const pick = (k: string, fallback = '') => process.env[k] || file[k] || fallback;
  const token = pick('STRAPI_TOKEN');
  if (!token) throw new Error('STRAPI_TOKEN is not set (start the CMS once: it writes site/.env)');
  return { STRAPI_URL: pick('STRAPI_URL', 'http://127.0.0.1:1337'), STRAPI_TOKEN: token, SITE_URL: pick('SITE_URL', 'http://localhost:4321') };
}
