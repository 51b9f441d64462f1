import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ensureEnvFile } from './secrets.ts';
import { cmsRoot } from './paths.ts';

/** The first admin's email unless ADMIN_EMAIL says otherwise; `npm start` prints the login. */
export const DEV_ADMIN_EMAIL = 'admin@tintinh.vn';

/**
 * A fresh password for the first admin when ADMIN_PASSWORD is unset: a published default would
 * let anyone into an instance someone forgot to change. It is kept in the ignored cms/.env and
 * printed by `npm start`. The suffix meets Strapi's rule (lower, upper case and a digit).
 */
export const generateAdminPassword = () => `${randomBytes(12).toString('base64url')}-Tt1`;
export const CMS_PORT = Number(process.env.CMS_PORT ?? 1337);
export const SITE_PORT = Number(process.env.SITE_PORT ?? 4321);
export const PUBLISHER_CONTROL_PORT = Number(process.env.PUBLISHER_PORT ?? 4322);

/**
 * cms/.env: generated on first start (secrets) and kept afterwards. The site token lands in
 * site/.env (path relative to cms/, Strapi's working directory).
 */
export async function ensureCmsEnv(): Promise<Record<string, string>> {
  return ensureEnvFile(path.join(cmsRoot, '.env'), {
    ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? DEV_ADMIN_EMAIL,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? generateAdminPassword(),
    SITE_TOKEN_FILE: '../site/.env',
    PORT: String(CMS_PORT),
    PUBLISHER_URL: `http://127.0.0.1:${PUBLISHER_CONTROL_PORT}/_hooks/rebuild`,
    // Where the admin's Preview button and no-JS form returns point to.
    SITE_URL: `http://localhost:${SITE_PORT}`,
    CORS_ORIGINS: `http://localhost:${SITE_PORT},http://127.0.0.1:${SITE_PORT}`,
  });
}
