import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { serveStatic, type StaticServer } from '../lib/static-server.ts';
import { currentBuild, deploy, type DeployResult } from './deployer.ts';
import { RebuildScheduler, type SchedulerStatus } from './scheduler.ts';

/**
 * The publisher: rebuilds the static site when the CMS says something changed, switches the
 * served site atomically when a build is whole, and reports on /_status. Webhooks arrive on a
 * loopback control port with a shared secret; their payload is ignored (Strapi sends deletes
 * twice and sometimes a null entry): every build re-reads everything from the API.
 */
export interface PublisherOptions {
  /** Where builds and the `current` symlink live. */
  workDir: string;
  env: NodeJS.ProcessEnv;
  secret: string;
  sitePort: number;
  controlPort: number;
  host?: string;
  quietMs?: number;
  log?: (line: string) => void;
}

export interface PublisherStatus {
  current: string | null;
  lastSuccess: { at: string; id: string; pages: number; seconds: number } | null;
  lastFailure: { at: string; reason: string } | null;
  queue: SchedulerStatus;
}

export interface Publisher {
  readonly siteUrl: string;
  readonly controlUrl: string;
  status(): Promise<PublisherStatus>;
  /** Resolves once no build is running or waiting. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const secretMatches = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** What the on-demand preview pages read at request time (they run in this process). */
const PREVIEW_ENV = ['STRAPI_URL', 'STRAPI_PUBLIC_URL', 'STRAPI_TOKEN', 'SITE_URL', 'PREVIEW_SECRET'] as const;

export async function startPublisher(opts: PublisherOptions): Promise<Publisher> {
  for (const key of PREVIEW_ENV) if (opts.env[key]) process.env[key] = opts.env[key];
  const log = opts.log ?? ((line) => console.log(`[publisher] ${line}`));
  const buildsDir = path.join(opts.workDir, 'builds');
  const currentLink = path.join(opts.workDir, 'current');
  let lastSuccess: PublisherStatus['lastSuccess'] = null;
  let lastFailure: PublisherStatus['lastFailure'] = null;
  let site: StaticServer | null = null;

  const build = async () => {
    try {
      const result: DeployResult = await deploy({ buildsDir, currentLink, env: opts.env });
      lastSuccess = { at: new Date().toISOString(), id: result.id, pages: result.pages, seconds: result.seconds };
      await site?.reload();
      log(`live: build ${result.id} (${result.pages} pages in ${result.seconds.toFixed(1)} s)`);
    } catch (err) {
      const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      lastFailure = { at: new Date().toISOString(), reason };
      log(`build failed, the previous site stays live: ${reason}`);
      throw err;
    }
  };
  const scheduler = new RebuildScheduler(build, { quietMs: opts.quietMs });

  // Content (or the site's code) may have changed while the publisher was down: always build at
  // start. With no previous build there is nothing to serve until it succeeds; otherwise the
  // previous build serves meanwhile.
  const previous = await currentBuild(currentLink);
  scheduler.request();
  if (!previous) {
    await scheduler.idle();
    const failure = lastFailure as PublisherStatus['lastFailure'];
    if (!(await currentBuild(currentLink))) throw new Error(`the first site build failed: ${failure?.reason ?? 'unknown reason'}`);
  }
  site = await serveStatic(currentLink, opts.sitePort, opts.host ?? '127.0.0.1');

  const status = async (): Promise<PublisherStatus> => ({
    current: path.basename((await currentBuild(currentLink)) ?? '') || null,
    lastSuccess,
    lastFailure,
    queue: scheduler.status(),
  });

  const control = http.createServer(async (req, res) => {
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/_status') return send(200, await status());
    if (req.method === 'POST' && req.url === '/_hooks/rebuild') {
      const auth = req.headers.authorization ?? '';
      if (!secretMatches(auth.replace(/^Bearer /, ''), opts.secret)) return send(401, { error: 'bad secret' });
      req.resume(); // the payload is not trusted for anything
      scheduler.request();
      return send(202, { queued: true });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    control.once('error', reject);
    control.listen(opts.controlPort, '127.0.0.1', resolve);
  });

  return {
    siteUrl: site.url,
    controlUrl: `http://127.0.0.1:${opts.controlPort}`,
    status,
    idle: () => scheduler.idle(),
    async close() {
      scheduler.stop();
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await site?.close();
    },
  };
}
