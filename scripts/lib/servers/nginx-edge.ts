/**
 * Debian's nginx as an edge, for tests and benches (tests/, scripts/bench/): the site configuration the publisher
 * generates (publisher/nginx-site.ts), in a throwaway prefix of its own (config, pid, logs, temp
 * folders), in the foreground so it is our child, stopped by its PID. A second, loopback-only
 * server answers nginx's stub_status (the publisher's measure of readers on nginx).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../publisher/lib/ports.ts';
import { startProcess, waitForHttp } from '../../../publisher/lib/processes.ts';
import { nginxSite } from '../../../publisher/nginx-site.ts';

export const NGINX = '/usr/sbin/nginx';
export const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

export interface NginxEdge {
  readonly url: string;
  readonly port: number;
  /** stub_status, loopback only. */
  readonly statusUrl: string;
  /** A shell command that reloads this nginx gracefully and returns once the new workers serve. */
  readonly reloadCommand: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts nginx serving `root` (a site folder's `current` link) with the generated site configuration. */
export async function startNginxEdge(opts: { root: string; cmsOrigin: string; previewUpstream?: string; workers?: number }): Promise<NginxEdge> {
  const prefix = await mkdtemp(path.join(tmpdir(), 'tintinh-nginx-'));
  const port = await freePort();
  const statusPort = await freePort();
  for (const dir of ['logs', 'temp']) await mkdir(path.join(prefix, dir));
  const pidFile = path.join(prefix, 'nginx.pid');
  const site = nginxSite({ listen: `127.0.0.1:${port}`, root: opts.root, cmsOrigin: opts.cmsOrigin, previewUpstream: opts.previewUpstream });
  await writeFile(path.join(prefix, 'site.conf'), site);
  await writeFile(
    path.join(prefix, 'nginx.conf'),
    `load_module ${BROTLI_MODULE};
daemon off;
# Tests run as root over folders only root may read.
user root;
worker_processes ${opts.workers ?? 1};
pid ${pidFile};
error_log ${prefix}/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path ${prefix}/temp/body;
    proxy_temp_path ${prefix}/temp/proxy;
    fastcgi_temp_path ${prefix}/temp/fastcgi;
    uwsgi_temp_path ${prefix}/temp/uwsgi;
    scgi_temp_path ${prefix}/temp/scgi;
    include ${prefix}/site.conf;
    server {
        listen 127.0.0.1:${statusPort};
        location / { stub_status; }
    }
}
`,
  );
  const proc = startProcess('nginx', NGINX, ['-c', path.join(prefix, 'nginx.conf'), '-p', prefix], {
    cwd: prefix,
    output: { file: path.join(prefix, 'logs', 'stdout.log') },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`http://127.0.0.1:${statusPort}/`, 15_000, proc.exited);
  } catch (err) {
    const log = await readFile(path.join(prefix, 'logs', 'error.log'), 'utf8').catch(() => '');
    await proc.stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${log.slice(-2000)}`);
  }
  // HUP, then wait until the workers of the old configuration are gone (a graceful reload keeps
  // them serving their open connections for a moment).
  const reloadCommand = `old=$(ps -o pid= --ppid ${proc.pid} | tr -d ' '); kill -HUP ${proc.pid}; for i in $(seq 100); do alive=0; for w in $old; do kill -0 "$w" 2>/dev/null && alive=1; done; [ "$alive" = 0 ] && exit 0; sleep 0.05; done`;
  return {
    url,
    port,
    statusUrl: `http://127.0.0.1:${statusPort}/`,
    reloadCommand,
    pid: proc.pid,
    async stop() {
      await proc.stop(5000);
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
