/**
 * The production shape, throwaway: N Strapi instances on one PostgreSQL database, one Redis and
 * one upload directory, behind Debian's nginx running the repo's own config
 * (deploy/nginx/tintinh-cms.conf, with its upstream and port pointed at this cluster). stop()
 * ends nginx and every instance by PID and drops what the cluster made.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startCms, type CmsServer } from './cms.ts';
import { startTestCms, type TestCms } from './ephemeral-cms.ts';
import { repoRoot } from './paths.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { startProcess, waitForHttp, type RunningProcess } from '../../publisher/lib/processes.ts';

export const NGINX_BIN = '/usr/sbin/nginx';
const NGINX_SITE_CONFIG = path.join(repoRoot, 'deploy', 'nginx', 'tintinh-cms.conf');

export interface CmsCluster {
  /** nginx in front of every instance. */
  readonly url: string;
  /** Each instance, reached directly (to show what one did and the other sees). */
  readonly instances: readonly { url: string }[];
  readonly first: TestCms;
  stop(): Promise<void>;
}

/** The repo's nginx site config, aimed at these instance ports and listening on `port`. */
export function nginxSiteConfig(template: string, instancePorts: number[], port: number): string {
  const upstream = /(upstream tintinh_cms \{[\s\S]*?)((?:\s*server [^;]+;)+)/;
  if (!upstream.test(template) || !/listen 80;/.test(template))
    throw new Error(`${NGINX_SITE_CONFIG}: no upstream server lines or "listen 80;" to point at the cluster`);
  return template
    .replace(upstream, (_m, head: string) => `${head}${instancePorts.map((p) => `\n    server 127.0.0.1:${p};`).join('')}`)
    .replace('listen 80;', `listen 127.0.0.1:${port};`);
}

/** A main nginx.conf around the site config, with every path inside `dir` (no root needed). */
function nginxMainConfig(dir: string): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/site.conf;
}
`;
}

export async function startCmsCluster(opts: { instances?: number; demoArticles?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CmsCluster> {
  const count = opts.instances ?? 2;
  // The first instance makes the database, the secrets and the upload directory, and migrates;
  // the others start on the same environment once it is up.
  const first = await startTestCms({ database: 'postgres', demoArticles: opts.demoArticles ?? 1, env: opts.env });
  const others: CmsServer[] = [];
  let nginx: RunningProcess | null = null;
  const stop = async () => {
    await nginx?.stop();
    for (const cms of others) await cms.stop();
    await first.stop();
  };
  try {
    for (let i = 1; i < count; i++) {
      others.push(await startCms({ port: await freePort(), env: first.env, output: { file: path.join(first.workDir, `cms-${i + 1}.log`) } }));
    }
    const urls = [first.url, ...others.map((c) => c.url)];
    const dir = path.join(first.workDir, 'nginx');
    await mkdir(dir, { recursive: true });
    const port = await freePort();
    const site = nginxSiteConfig(
      await readFile(NGINX_SITE_CONFIG, 'utf8'),
      urls.map((u) => Number(new URL(u).port)),
      port,
    );
    await writeFile(path.join(dir, 'site.conf'), site);
    await writeFile(path.join(dir, 'nginx.conf'), nginxMainConfig(dir));
    nginx = startProcess('nginx', NGINX_BIN, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { cwd: dir, output: { file: path.join(dir, 'nginx.log') } });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/_health`, 15_000, nginx.exited);
    return { url, instances: urls.map((u) => ({ url: u })), first, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
