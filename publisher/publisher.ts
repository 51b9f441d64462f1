/**
 * The publisher: keeps the static site live and in step with the CMS, on every edge. Webhooks
 * arrive on a loopback control port with a shared secret; their payload says what changed
 * (webhook-event.ts), the site updater publishes it (incrementally, or by a full build in the
 * background), the delivery brings it to every edge and purges the caches; /_status reports on
 * it, each edge's lag included. It also serves the tree itself (the embedded server: `npm start`'s
 * site, and draft previews behind nginx in production).
 */
import { execFile } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SharedCache } from './caches.ts';
import { Delivery, type EdgeStatus } from './delivery.ts';
import { SshEdge, type SshEdgeConfig } from './edges/ssh-edge.ts';
import { hardenServer, requestPath } from './http-guard.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import { readWebhook } from './webhook-event.ts';
import { currentBuild } from './deployer.ts';
import { SiteUpdater, type SiteUpdaterOptions } from './site-updater.ts';
import { RebuildScheduler, type SchedulerStatus } from './scheduler.ts';
import { countNginxRequests, ReaderLoad } from './reader-load.ts';

const exec = promisify(execFile);

export interface PublisherOptions {
  /** The site folder: builds/, the `current` link to the live tree, staging/. */
  workDir: string;
  env: NodeJS.ProcessEnv;
  secret: string;
  sitePort: number;
  controlPort: number;
  host?: string;
  log?: (line: string) => void;
  /** Publish article and comment changes incrementally (default); false: a full build for each. */
  incremental?: boolean;
  /** When consolidations (background full builds) follow incremental publishes. */
  consolidation?: SiteUpdaterOptions['consolidation'];
  /** Remote edges, each served by its own nginx (the local tree is always the first edge). */
  edges?: readonly SshEdgeConfig[];
  /** Shared caches to purge (Varnish, a CDN's hook). */
  caches?: readonly SharedCache[];
  /** Shell command that reloads the nginx serving this machine's tree (after a redirect changed). */
  localReload?: string;
  /** stub_status URLs of nginx edges on this machine: their readers' load (reader-load.ts). */
  nginxStatus?: readonly string[];
}

export interface PublisherStatus {
  current: string | null;
  /** `reason`: why a full build ran. */
  lastSuccess: { at: string; id: string; kind: 'full' | 'incremental'; pages: number; seconds: number; reason?: string } | null;
  lastFailure: { at: string; reason: string } | null;
  /** A full build running behind incremental publishes, since when. */
  backgroundBuildSince: string | null;
  /** Why the background build runs. */
  backgroundBuildReason: string | null;
  /** What went live since the publisher started, counted; every edge's place behind it. */
  version: number;
  edges: EdgeStatus[];
  /** When a consolidation waiting for its delay (after a sidebar change) starts. */
  consolidationDueAt: string | null;
  queue: SchedulerStatus;
  /** The CMS's webhooks judged since start, and why the last one that changes nothing did not. */
  webhooks: { judged: number; ignored: number; lastIgnoredReason: string | null };
}

export interface Publisher {
  readonly siteUrl: string;
  readonly controlUrl: string;
  status(): Promise<PublisherStatus>;
  /** Resolves once nothing is being published, waiting, or building in the background. */
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
  const stagingDir = path.join(opts.workDir, 'staging');
  // A publish cut short (the process killed) leaves its staged files: nothing uses them now.
  await rm(stagingDir, { recursive: true, force: true });
  let lastSuccess: PublisherStatus['lastSuccess'] = null;
  let lastFailure: PublisherStatus['lastFailure'] = null;
  let site: StaticServer | null = null;
  const readers = new ReaderLoad();
  const stopCounting = (opts.nginxStatus ?? []).map((url) => countNginxRequests(readers, url));
  const localReload = opts.localReload;
  const delivery = new Delivery(
    (opts.edges ?? []).map((edge) => new SshEdge(edge)),
    opts.caches ?? [],
    log,
    localReload ? async () => void (await exec('sh', ['-c', localReload], { timeout: 30_000 })) : undefined,
  );

  const updater = new SiteUpdater({
    readers,
    buildsDir,
    currentLink,
    stagingDir,
    delivery,
    env: opts.env,
    log,
    incremental: opts.incremental,
    consolidation: opts.consolidation,
    wake: () => scheduler.request(),
  });
  const build = async () => {
    try {
      const result = await updater.run();
      if (!result) return;
      lastSuccess = { at: new Date().toISOString(), id: result.id, kind: result.kind, pages: result.pages, seconds: result.seconds, reason: result.reason };
      await site?.reload();
      const why = result.reason ? `; ${result.reason}` : '';
      log(`live: ${result.kind} build ${result.id} (${result.pages} ${result.kind === 'full' ? 'pages' : 'routes'} in ${result.seconds.toFixed(1)} s${why})`);
    } catch (err) {
      const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      lastFailure = { at: new Date().toISOString(), reason };
      log(`update failed, the previous site stays live: ${reason}`);
      // After a failed incremental publish, a full build puts the site and the data back in step.
      if (updater.takeRecovery()) scheduler.request();
      throw err;
    }
  };
  const scheduler: RebuildScheduler = new RebuildScheduler(build);

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
  site = await serveStatic(currentLink, opts.sitePort, opts.host ?? '127.0.0.1', {
    cmsOrigin: opts.env.STRAPI_PUBLIC_URL || opts.env.STRAPI_URL || 'http://127.0.0.1:1337',
    log,
    onRequest: () => readers.request(),
  });

  const webhooks: PublisherStatus['webhooks'] = { judged: 0, ignored: 0, lastIgnoredReason: null };
  const status = async (): Promise<PublisherStatus> => ({
    current: path.basename((await currentBuild(currentLink)) ?? '') || null,
    lastSuccess,
    lastFailure,
    backgroundBuildSince: updater.backgroundBuild()?.startedAt ?? null,
    backgroundBuildReason: updater.backgroundBuild()?.reason ?? null,
    version: delivery.liveVersion,
    edges: delivery.status(),
    consolidationDueAt: updater.consolidationDueAt(),
    queue: scheduler.status(),
    webhooks: { ...webhooks },
  });

  const control = hardenServer(
    http.createServer(),
    async (req, res) => {
      const send = (code: number, body: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
        res.end(JSON.stringify(body));
      };
      const route = `${req.method} ${requestPath(req.url) ?? '(bad)'}`;
      if (route === 'GET /_status') return send(200, await status());
      if (route !== 'POST /_hooks/rebuild') return send(requestPath(req.url) === null ? 400 : 404, { error: 'not found' });
      const auth = req.headers.authorization ?? '';
      if (!secretMatches(auth.replace(/^Bearer /, ''), opts.secret)) {
        req.resume();
        return send(401, { error: 'bad secret' });
      }
      // The payload comes from the CMS (the secret says so) but only decides whether to build:
      // the build itself re-reads everything from the API.
      const verdict = await readWebhook(req);
      webhooks.judged++;
      if (verdict.kind === 'none') {
        webhooks.ignored++;
        webhooks.lastIgnoredReason = verdict.reason;
        return send(202, { queued: false, reason: verdict.reason });
      }
      if (verdict.kind === 'change') updater.change(verdict.change);
      else updater.requestFull(verdict.reason);
      // Judging, counting and queueing happen in one turn: whoever sees the count move sees the
      // publish it asked for queued as well.
      scheduler.request();
      return send(202, { queued: true, kind: verdict.kind });
    },
    log,
  );
  await new Promise<void>((resolve, reject) => {
    control.once('error', reject);
    control.listen(opts.controlPort, '127.0.0.1', resolve);
  });

  return {
    siteUrl: site.url,
    controlUrl: `http://127.0.0.1:${opts.controlPort}`,
    status,
    async idle() {
      // Idle means nothing queued, nothing publishing, no full build behind them and none waiting.
      for (;;) {
        await scheduler.idle();
        const unfinished = updater.unfinished();
        if (!unfinished) return;
        await unfinished;
      }
    },
    async close() {
      scheduler.stop();
      for (const stop of stopCounting) stop();
      await updater.close();
      await delivery.close();
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await site?.close();
    },
  };
}
