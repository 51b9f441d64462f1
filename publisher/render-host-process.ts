/**
 * The publisher's handle on a render host (render-host.ts): starts it for one build, waits until
 * its data is loaded, and speaks its three internal routes. One host serves one build; after a
 * full build the publisher starts a new host and stops the old one.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort } from './lib/ports.ts';
import { startProcess, type RunningProcess } from './lib/processes.ts';
import { siteProcessEnv } from './lib/site-process-env.ts';
import { SNAPSHOT_FILE } from '../site/src/lib/content/snapshot.ts';
import {
  type ApplyAnswer,
  type ApplyRequest,
  applyAnswer,
  INTERNAL_ROUTES,
  RENDER_SECRET_HEADER,
  type ReadyAnswer,
  readyAnswer,
  type SidebarClock,
  type SiteChange,
} from '../site/src/lib/render-protocol.ts';
import { BUILD_ENV } from '../site/src/lib/site-config.ts';

export interface RenderHost {
  /** When the weather box of the host's data next changes by the clock alone. */
  readonly sidebarClock: SidebarClock;
  apply(changes: SiteChange[]): Promise<ApplyAnswer>;
  /** The bytes a full build writes for `route` (a page path ending in / or a file path). */
  render(route: string): Promise<Buffer>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 600_000;

export async function startRenderHost(buildDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<RenderHost> {
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  let output = '';
  let ready!: (line: string) => void;
  const readyReported = new Promise<string>((resolve) => (ready = resolve));
  const proc: RunningProcess = startProcess('render-host', process.execPath, [path.join(import.meta.dirname, 'render-host.ts'), buildDir, String(port)], {
    cwd: buildDir,
    // The host starts from the content its build read, never a newer read of the CMS.
    env: siteProcessEnv(process.env, { ...env, [BUILD_ENV.renderSecret]: secret, [BUILD_ENV.contentSnapshot]: path.join(buildDir, SNAPSHOT_FILE) }),
    output: {
      onLine: (line) => {
        output = `${output}${line}\n`.slice(-4000);
        if (line.startsWith('ready ')) ready(line.slice('ready '.length));
      },
    },
  });
  const exited = proc.exited.then((code) => {
    throw new Error(`the render host exited (code ${code}) before it was ready: ${output.trim().split('\n').slice(-3).join(' | ')}`);
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('the render host did not load the site data in time')), READY_TIMEOUT_MS).unref(),
  );
  let loaded: ReadyAnswer;
  try {
    loaded = readyAnswer.parse(JSON.parse(await Promise.race([readyReported, exited, timeout])));
  } catch (err) {
    await proc.stop();
    throw err;
  }
  exited.catch(() => undefined);
  log(`render host ready for ${path.basename(buildDir)}`);
  const base = `http://127.0.0.1:${port}`;
  const headers = { [RENDER_SECRET_HEADER]: secret };
  const fetchOk = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, headers: { ...headers, ...init.headers }, signal: AbortSignal.timeout(120_000) });
    if (!res.ok) throw new Error(`render host: ${init.method ?? 'GET'} ${url.slice(base.length)} → HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res;
  };
  return {
    sidebarClock: loaded.sidebarClock,
    async apply(changes) {
      const res = await fetchOk(`${base}${INTERNAL_ROUTES.apply}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ changes } satisfies ApplyRequest),
      });
      return applyAnswer.parse(await res.json());
    },
    async render(route) {
      const internal = route.endsWith('/') ? INTERNAL_ROUTES.render : INTERNAL_ROUTES.file;
      const res = await fetchOk(`${base}${internal}?path=${encodeURIComponent(route)}`);
      return Buffer.from(await res.arrayBuffer());
    },
    stop: () => proc.stop(),
  };
}
