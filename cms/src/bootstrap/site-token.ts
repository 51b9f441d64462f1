import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { SITE_TOKEN_ACTIONS } from '../public-api';
import { adminService } from '../strapi-services';

const TOKEN_NAME = 'site-build';

async function readEnvValue(file: string, key: string): Promise<string | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const line = text.split('\n').find((l) => l.startsWith(`${key}=`));
  return line ? line.slice(key.length + 1).trim() : null;
}

async function writeEnvValues(file: string, values: Record<string, string>) {
  const text = await readFile(file, 'utf8').catch(() => '');
  const lines = text.split('\n').filter((l) => l !== '' && !Object.keys(values).some((k) => l.startsWith(`${k}=`)));
  for (const [k, v] of Object.entries(values)) lines.push(`${k}=${v}`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/**
 * The site build reads through a custom API token that holds only the public read actions. It is
 * made at first start and written to SITE_TOKEN_FILE (the site's ignored env file); a token in
 * that file that Strapi no longer knows (new database) is replaced.
 */
export async function ensureSiteToken(strapi: Core.Strapi) {
  const file = process.env.SITE_TOKEN_FILE;
  if (!file) return;
  const tokens = adminService(strapi, 'admin::api-token-content-api');
  const current = await readEnvValue(file, 'STRAPI_TOKEN');
  const known = current ? await tokens.getByAccessKey(tokens.hash(current)) : null;
  if (known && known.name === TOKEN_NAME) {
    await tokens.update(known.id, { permissions: [...SITE_TOKEN_ACTIONS] });
    return;
  }
  const stale = await tokens.getByName(TOKEN_NAME);
  if (stale) await tokens.revoke(stale.id);
  const created = await tokens.create({
    name: TOKEN_NAME,
    description: 'Read-only token for the static site build (published content only)',
    type: 'custom',
    lifespan: null,
    permissions: [...SITE_TOKEN_ACTIONS],
  });
  await writeEnvValues(file, { STRAPI_TOKEN: created.accessKey });
  strapi.log.info(`[site-token] wrote a new read-only site token to ${file}`);
}
