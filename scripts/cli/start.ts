import path from 'node:path';
import { ensureCmsBuilt, startCms } from '../lib/cms.ts';
import { ensureCmsEnv } from '../lib/dev-env.ts';
import { repoRoot, siteRoot } from '../lib/paths.ts';
import { run, stopAll } from '../lib/processes.ts';
import { buildSiteInto } from '../lib/site.ts';
import { siteEnv } from '../lib/site-env.ts';
import { serveStatic } from '../lib/static-server.ts';

const SITE_PORT = Number(process.env.SITE_PORT ?? 4321);

/**
 * `npm start`: builds what changed, loads the demo content (idempotent), starts the CMS, builds
 * the static site against it and serves it on :4321, and keeps running until Ctrl-C, which stops
 * every child by its process group.
 */
export async function start(): Promise<void> {
  let stopping = false;
  let closeServer: (() => Promise<void>) | undefined;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[tt] ${signal}: stopping…`);
    await closeServer?.();
    await stopAll();
    console.log('[tt] stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await ensureCmsBuilt();
  const env = await ensureCmsEnv();
  await run('import', process.execPath, [path.join(repoRoot, 'scripts', 'import-demo.ts')], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true', STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true' },
  });
  const port = Number(env.PORT);
  const cms = await startCms({ port, env: {} });
  const site = await siteEnv();
  await buildSiteInto(path.join(siteRoot, 'dist'), { ...site, STRAPI_URL: cms.url });
  const server = await serveStatic(path.join(siteRoot, 'dist'), SITE_PORT);
  closeServer = server.close;
  console.log(`
[tt] Tin Tỉnh is up.
[tt]   site:       ${server.url.replace('127.0.0.1', 'localhost')}/
[tt]   CMS admin:  http://localhost:${port}/admin
[tt]   login:      ${env.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD}
[tt]   REST API:   http://localhost:${port}/api/articles
[tt] Ctrl-C stops everything.
`);
  const code = await cms.process.exited;
  if (!stopping) {
    console.error(`[tt] the CMS exited unexpectedly (code ${code}); stopping`);
    await stopAll();
    process.exit(1);
  }
}
