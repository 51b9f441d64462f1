/**
 * The publisher's settings, from the environment only (a systemd unit's EnvironmentFile in
 * production, deploy/systemd/): read once, checked with zod, every problem named at start. See
 * docs/configuration.md for each variable.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { consolidationFromEnv } from './consolidation.ts';
import { PurgeHook, type SharedCache, VarnishCache } from './caches.ts';
import type { SshEdgeConfig } from './edges/ssh-edge.ts';
import type { PublisherOptions } from './publisher.ts';

const port = z.coerce.number().int().min(1).max(65_535);
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const url = z.url({ protocol: /^https?$/ });

/** `ssh://user@host[:port]/absolute/site/folder`: a remote edge and where its site folder is. */
export function parseEdge(spec: string, index: number): Omit<SshEdgeConfig, 'identity' | 'knownHosts' | 'reload'> {
  let parsed: URL;
  try {
    parsed = new URL(spec);
  } catch {
    throw new Error(`PUBLISHER_EDGES: "${spec}" is not an ssh://user@host:port/path URL`);
  }
  if (parsed.protocol !== 'ssh:' || !parsed.username || !parsed.hostname || !parsed.pathname.startsWith('/') || parsed.pathname === '/') {
    throw new Error(`PUBLISHER_EDGES: "${spec}" must be ssh://user@host[:port]/absolute/site/folder`);
  }
  return {
    name: `edge-${index + 1} ${parsed.hostname}`,
    target: `${decodeURIComponent(parsed.username)}@${parsed.hostname.replace(/^\[|\]$/g, '')}`,
    port: parsed.port ? Number(parsed.port) : 22,
    root: decodeURIComponent(parsed.pathname).replace(/\/+$/, ''),
  };
}

const schema = z.object({
  STRAPI_URL: url,
  STRAPI_TOKEN: z.string().min(1, 'the site token (the CMS writes it at first start)'),
  SITE_URL: url,
  STRAPI_PUBLIC_URL: url.optional(),
  PREVIEW_SECRET: z.string().min(16),
  PUBLISHER_SECRET: z.string().min(16, 'the shared secret of the CMS webhook (the same on every CMS instance)'),
  PUBLISHER_SITE_DIR: z.string().min(1),
  PUBLISHER_CONTROL_PORT: port.default(4322),
  PUBLISHER_SITE_PORT: port.default(4321),
  PUBLISHER_HOST: z.string().default('127.0.0.1'),
  PUBLISHER_EDGES: list,
  PUBLISHER_EDGE_KEY: z.string().optional(),
  PUBLISHER_EDGE_KNOWN_HOSTS: z.string().optional(),
  PUBLISHER_EDGE_RELOAD: z.string().default('sudo -n systemctl reload nginx'),
  PUBLISHER_LOCAL_RELOAD: z.string().optional(),
  PUBLISHER_NGINX_STATUS: list,
  PUBLISHER_VARNISH: list,
  PUBLISHER_PURGE_HOOK: url.optional(),
  PUBLISHER_PURGE_HOOK_SECRET: z.string().min(16).optional(),
});

/** The secrets a systemd unit may give as files (`*_FILE`), as credentials are often given. */
const FROM_FILES = ['STRAPI_TOKEN', 'PREVIEW_SECRET', 'PUBLISHER_SECRET', 'PUBLISHER_PURGE_HOOK_SECRET'] as const;

/** The publisher's options from `env`; throws naming every variable that is missing or wrong. */
export function publisherConfig(env: NodeJS.ProcessEnv): PublisherOptions {
  const values: NodeJS.ProcessEnv = { ...env };
  for (const name of FROM_FILES) {
    const file = env[`${name}_FILE`];
    if (file && !values[name]) values[name] = readFileSync(file, 'utf8').trim();
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new Error(`publisher settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = parsed.data;
  if (c.PUBLISHER_PURGE_HOOK && !c.PUBLISHER_PURGE_HOOK_SECRET) throw new Error('publisher settings: PUBLISHER_PURGE_HOOK needs PUBLISHER_PURGE_HOOK_SECRET');
  const caches: SharedCache[] = [
    ...c.PUBLISHER_VARNISH.map((origin) => new VarnishCache(url.parse(origin))),
    ...(c.PUBLISHER_PURGE_HOOK ? [new PurgeHook(c.PUBLISHER_PURGE_HOOK, c.PUBLISHER_PURGE_HOOK_SECRET!, c.SITE_URL)] : []),
  ];
  return {
    workDir: path.resolve(c.PUBLISHER_SITE_DIR),
    env: {
      STRAPI_URL: c.STRAPI_URL,
      STRAPI_TOKEN: c.STRAPI_TOKEN,
      SITE_URL: c.SITE_URL,
      PREVIEW_SECRET: c.PREVIEW_SECRET,
      ...(c.STRAPI_PUBLIC_URL ? { STRAPI_PUBLIC_URL: c.STRAPI_PUBLIC_URL } : {}),
      // The site build's own settings pass through (SITE_BUILD_HEAP_MB, READERS_BUSY_RPS…).
      ...Object.fromEntries(Object.entries(env).filter(([k]) => /^(SITE_|READERS_)/.test(k) && k !== 'SITE_URL')),
    },
    secret: c.PUBLISHER_SECRET,
    sitePort: c.PUBLISHER_SITE_PORT,
    controlPort: c.PUBLISHER_CONTROL_PORT,
    host: c.PUBLISHER_HOST,
    consolidation: consolidationFromEnv(env),
    edges: c.PUBLISHER_EDGES.map((spec, i) => ({
      ...parseEdge(spec, i),
      identity: c.PUBLISHER_EDGE_KEY,
      knownHosts: c.PUBLISHER_EDGE_KNOWN_HOSTS,
      reload: c.PUBLISHER_EDGE_RELOAD,
    })),
    caches,
    localReload: c.PUBLISHER_LOCAL_RELOAD,
    nginxStatus: c.PUBLISHER_NGINX_STATUS,
  };
}
