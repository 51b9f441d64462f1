import path from 'node:path';
import { ensureCmsBuilt, startCms } from '../lib/cms.ts';
import { ensureCmsEnv, PUBLISHER_CONTROL_PORT, SITE_PORT } from '../lib/dev-env.ts';
import { repoRoot, siteRoot } from '../lib/paths.ts';
import { run, stopAll } from '../../publisher/lib/processes.ts';
import { siteEnv } from '../lib/site-env.ts';
import { consolidationFromEnv } from '../../publisher/consolidation.ts';
import { startPublisher } from '../../publisher/publisher.ts';

/**
 * `npm start`: builds what changed, loads the demo content (idempotent), starts the CMS and the
 * publisher (site built against the CMS, served on :4321, rebuilt on every change), and keeps
 * running until Ctrl-C, which stops every child by its process group.
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
    env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
  });
  const port = Number(env.PORT);
  const cms = await startCms({ port, env: {} });
  const site = await siteEnv();
  const publisher = await startPublisher({
    workDir: siteRoot,
    env: { ...site, STRAPI_URL: cms.url, PREVIEW_SECRET: env.PREVIEW_SECRET! },
    secret: env.PUBLISHER_SECRET!,
    sitePort: SITE_PORT,
    controlPort: PUBLISHER_CONTROL_PORT,
    consolidation: consolidationFromEnv(process.env),
  });
  closeServer = publisher.close;
  console.log(`
[tt] Tin Tỉnh is up.
[tt]   site:       ${publisher.siteUrl.replace('127.0.0.1', 'localhost')}/  (rebuilt when editors publish)
[tt]   publisher:  ${publisher.controlUrl}/_status
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
