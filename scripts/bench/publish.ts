/**
 * Publish-to-live on the production stack, in its shipped configuration: a throwaway CMS filled by
 * the corpus generator, the publisher with its default settings (publisher/config.ts: leading-edge
 * publishing, consolidations 2 minutes after a sidebar change and every 200 publishes), two nginx
 * edges with the generated configuration (the publisher's own tree, and a "remote" one over
 * rsync+SSH on loopback) and Varnish with the repo's VCL in front of both. Each editor's action goes
 * through the admin API; its time runs from the API's answer until the last of the two edges and
 * Varnish show it. Then readers' throughput on nginx and on the embedded server side by side,
 * idle, during a full build and while editors publish (50 connections each, autocannon in its own
 * process), with publish-to-live measured under that load. Prints a table and writes JSON to
 * docs/benchmarks/ (docs/benchmarks.md is generated from it: scripts/bench/tables.ts).
 *
 *   node scripts/bench/publish.ts [--articles 20000] [--publishes 20] [--others 10] [--weather 1] [--seconds 10]
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { publisherConfig } from '../../publisher/config.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { stopAll } from '../../publisher/lib/processes.ts';
import { REDIRECTS_MAP } from '../../publisher/nginx-site.ts';
import { startPublisher } from '../../publisher/publisher.ts';
import { startTestCms, TEST_ADMIN } from '../lib/ephemeral-cms.ts';
import { startNginxEdge } from '../lib/servers/nginx-edge.ts';
import { repoRoot } from '../lib/paths.ts';
import { startSshd } from '../lib/servers/sshd.ts';
import { startVarnish } from '../lib/servers/varnish.ts';
import { cpuSecondsBetween, sampleCpu } from './cpu-by-process.ts';
import { recordBench } from './record.ts';

const exec = promisify(execFile);
const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '20000' },
    publishes: { type: 'string', default: '20' },
    others: { type: 'string', default: '10' },
    weather: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
  },
});
const ARTICLES = Number(values.articles);
const PUBLISHES = Number(values.publishes);
const OTHERS = Number(values.others);
const LOAD_SECONDS = Number(values.seconds);
const SITE_URL = 'https://tintinh.test';

const log = (line: string) => console.log(`[bench] ${line}`);
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
const percentile = (list: number[], p: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const summary = (list: number[]) => ({
  n: list.length,
  p50: seconds(percentile(list, 50)),
  p95: seconds(percentile(list, 95)),
  max: seconds(Math.max(...list)),
});
const rssMiB = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''))?.[1] ?? 0) / 1024;

/** One GET (identity), its status and body. */
function get(base: string, route: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: route, headers: { 'accept-encoding': 'identity' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
}

/** A site folder nginx can start on before the first build: an empty tree with an empty redirect map. */
async function placeholderSite(siteDir: string): Promise<void> {
  const empty = path.join(siteDir, 'builds', '0000-empty');
  await mkdir(path.join(empty, '.nginx'), { recursive: true });
  await writeFile(path.join(empty, REDIRECTS_MAP), '');
  await symlink('builds/0000-empty', path.join(siteDir, 'current'));
}

// Interrupted (Ctrl-C), the bench still stops every server it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll().finally(() => process.exit(130)));

const controlPort = await freePort();
const secret = randomBytes(24).toString('hex');
const started = Date.now();
const cms = await startTestCms({
  demoArticles: 1,
  corpusArticles: ARTICLES,
  env: { PUBLISHER_URL: `http://127.0.0.1:${controlPort}/_hooks/rebuild`, PUBLISHER_SECRET: secret, SITE_URL },
});
log(`corpus of ${ARTICLES} articles ready in ${seconds(Date.now() - started)} s`);
const work = await mkdtemp(path.join(tmpdir(), 'tintinh-bench-publish-'));
const siteDir = path.join(work, 'site');
const remoteRoot = path.join(work, 'remote', 'site');
await placeholderSite(siteDir);
await placeholderSite(remoteRoot);
const sshd = await startSshd();
const edge1 = await startNginxEdge({ root: path.join(siteDir, 'current'), cmsOrigin: cms.url, workers: 2 });
const edge2 = await startNginxEdge({ root: path.join(remoteRoot, 'current'), cmsOrigin: cms.url, workers: 2 });
const varnish = await startVarnish([edge1.port, edge2.port]);
const publisherLog: string[] = [];
try {
  const sitePort = await freePort();
  // The shipped configuration: what publisher/main.ts makes of a production environment.
  const options = publisherConfig({
    STRAPI_URL: cms.url,
    STRAPI_TOKEN: cms.siteToken,
    SITE_URL,
    PREVIEW_SECRET: cms.env.PREVIEW_SECRET,
    PUBLISHER_SECRET: secret,
    PUBLISHER_SITE_DIR: siteDir,
    PUBLISHER_CONTROL_PORT: String(controlPort),
    PUBLISHER_SITE_PORT: String(sitePort),
    PUBLISHER_EDGES: `ssh://root@127.0.0.1:${sshd.port}${remoteRoot}`,
    PUBLISHER_EDGE_KEY: sshd.identity,
    PUBLISHER_EDGE_KNOWN_HOSTS: sshd.knownHosts,
    PUBLISHER_EDGE_RELOAD: edge2.reloadCommand,
    PUBLISHER_LOCAL_RELOAD: edge1.reloadCommand,
    PUBLISHER_NGINX_STATUS: edge1.statusUrl,
    PUBLISHER_VARNISH: varnish.url,
  });
  const firstBuild = Date.now();
  const publisher = await startPublisher({
    ...options,
    log: (line) => {
      publisherLog.push(line);
      console.log(`[publisher] ${line}`);
    },
  });
  await publisher.idle();
  const fullBuildSeconds = seconds(Date.now() - firstBuild);
  log(`first full build on both edges in ${fullBuildSeconds} s`);
  const renderHostPid = async () =>
    Number((await exec('pgrep', ['-f', `render-host.ts ${siteDir}`]).catch(() => ({ stdout: '0' }))).stdout.trim().split('\n')[0]);
  const rssBefore = { publisher: process.memoryUsage().rss / 2 ** 20, renderHost: await rssMiB(await renderHostPid()) };

  const login = async () =>
    (
      (await (
        await fetch(`${cms.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) })
      ).json()) as { data: { token: string } }
    ).data.token;
  let admin = await login();
  const cm = async (suffix: string, method = 'GET', json?: unknown) => {
    const send = () =>
      fetch(`${cms.url}/content-manager/collection-types/${suffix}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
    let res = await send();
    // An admin session lasts 30 minutes; at 200,000 articles the bench's full builds outlast it.
    if (res.status === 401) {
      admin = await login();
      res = await send();
    }
    if (!res.ok) throw new Error(`${method} ${suffix}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { data: { documentId: string; slug: string }; results: Array<{ documentId: string }> };
  };
  /** Every place readers are served from: the last of them decides when a change is live. */
  const everywhere = [edge1.url, edge2.url, varnish.url];
  const onAll = async (check: (page: (route: string) => Promise<{ status: number; text: string }>) => Promise<boolean>) => {
    for (const base of everywhere) if (!(await check((route) => get(base, route)))) return false;
    return true;
  };
  /** Milliseconds from now until `check` holds on every edge and through Varnish (polled every 20 ms). */
  const until = async (check: Parameters<typeof onAll>[0], limitMinutes = 10) => {
    const t0 = Date.now();
    while (!(await onAll(check))) {
      if (Date.now() - t0 > limitMinutes * 60_000) throw new Error(`not live after ${limitMinutes} minutes`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now() - t0;
  };
  const category = (await cm('api::category.category?filters[slug][$eq]=xa-hoi')).results[0]!.documentId;
  const latencies: Record<string, number[]> = {
    publish: [],
    correction: [],
    takedown: [],
    'comment approval': [],
    'weather edit (home page)': [],
    'weather edit (every page)': [],
  };
  const live: Array<{ documentId: string; slug: string }> = [];
  const rssSamples: Array<{ publishes: number; publisher: number; renderHost: number }> = [];
  const publishOne = async (title: string) => {
    const doc = (
      await cm('api::article.article', 'POST', { title, lead: 'Sapo tin nóng.', body: 'Nội dung tin nóng.', category: { connect: [{ documentId: category }] } })
    ).data;
    await cm(`api::article.article/${doc.documentId}/actions/publish`, 'POST', {});
    return doc;
  };
  for (let i = 0; i < PUBLISHES; i++) {
    if (i % 50 === 0)
      rssSamples.push({
        publishes: i,
        publisher: Math.round(process.memoryUsage().rss / 2 ** 20),
        renderHost: Math.round(await rssMiB(await renderHostPid())),
      });
    const doc = await publishOne(`Tin nóng số ${i} ${Date.now()}`);
    latencies.publish!.push(
      await until(
        async (page) =>
          (await page(`/xa-hoi/${doc.slug}/`)).status === 200 && (await page('/')).text.includes(doc.slug) && (await page('/xa-hoi/')).text.includes(doc.slug),
      ),
    );
    live.push(doc);
  }
  for (let i = 0; i < OTHERS; i++) {
    // A correction of recent news: its note on its page and in the feed.
    const doc = live[live.length - 1 - i]!;
    const note = `Đính chính lần ${i} ${Date.now()}: bản trước ghi nhầm tên xã.`;
    await cm(`api::article.article/${doc.documentId}`, 'PUT', { correction: note });
    await cm(`api::article.article/${doc.documentId}/actions/publish`, 'POST', {});
    latencies.correction!.push(
      await until(async (page) => (await page(`/xa-hoi/${doc.slug}/`)).text.includes(note) && (await page('/rss.xml')).text.includes(note)),
    );
  }
  for (let i = 0; i < OTHERS; i++) {
    const body = `Bình luận đo thời gian ${i} ${Date.now()}`;
    const doc = live[i % live.length]!;
    const res = await fetch(`${cms.url}/api/articles/${doc.documentId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authorName: 'Bạn đọc', body }),
    });
    if (res.status !== 202) throw new Error(`comment: ${res.status}`);
    const pending = await cm(`api::comment.comment?filters[body][$eq]=${encodeURIComponent(body)}`);
    await cm(`api::comment.comment/${pending.results[0]!.documentId}`, 'PUT', { moderationStatus: 'approved' });
    latencies['comment approval']!.push(await until(async (page) => (await page(`/xa-hoi/${doc.slug}/`)).text.includes(body)));
  }
  for (let i = 0; i < OTHERS; i++) {
    const doc = live[live.length - 1 - i]!;
    await cm(`api::article.article/${doc.documentId}/actions/unpublish`, 'POST', {});
    latencies.takedown!.push(
      await until(
        async (page) =>
          (await page(`/xa-hoi/${doc.slug}/`)).status === 404 &&
          !(await page('/')).text.includes(doc.slug) &&
          !(await page('/rss.xml')).text.includes(doc.slug),
      ),
    );
  }
  rssSamples.push({
    publishes: PUBLISHES,
    publisher: Math.round(process.memoryUsage().rss / 2 ** 20),
    renderHost: Math.round(await rssMiB(await renderHostPid())),
  });
  for (const [action, list] of Object.entries(latencies)) if (list.length) log(`${action}: ${JSON.stringify(summary(list))}`);
  // The other pages follow a weather edit by a consolidation (2 minutes later, then a full build).
  const note = (await cm('api::weather-note.weather-note')).results[0]!;
  for (let i = 0; i < Number(values.weather); i++) {
    const forecast = `Trời nắng, đo lần ${i} ${Date.now()}`;
    await cm(`api::weather-note.weather-note/${note.documentId}`, 'PUT', {
      forecast,
      issuedAt: new Date(Date.now() - 60_000).toISOString(),
      validUntil: '2099-01-01T00:00:00.000Z',
    });
    const edited = Date.now();
    latencies['weather edit (home page)']!.push(await until(async (page) => (await page('/')).text.includes(forecast)));
    await until(async (page) => (await page('/hoat-dong-lanh-dao/ca-nuoc-co-5248607-dang-vien/')).text.includes(forecast), 60);
    latencies['weather edit (every page)']!.push(Date.now() - edited);
    await publisher.idle();
  }
  await publisher.idle();
  const rssAfter = { publisher: process.memoryUsage().rss / 2 ** 20, renderHost: await rssMiB(await renderHostPid()) };

  /** autocannon in its own process (two workers, so the load generator is not the limit), 50 connections, brotli. */
  const load = async (base: string) => {
    const cpuBefore = sampleCpu();
    const bin = path.join(repoRoot, 'scripts', 'node_modules', 'autocannon', 'autocannon.js');
    const { stdout } = await exec(
      process.execPath,
      [bin, '-j', '-c', '50', '-w', '2', '-d', String(LOAD_SECONDS), '-H', 'accept-encoding: br', `${base}/hoat-dong-lanh-dao/ca-nuoc-co-5248607-dang-vien/`],
      { maxBuffer: 64 * 2 ** 20 },
    );
    const cpuSeconds = cpuSecondsBetween(cpuBefore, sampleCpu());
    const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number }; non2xx: number };
    return { requestsPerSecond: Math.round(r.requests.average), p99Ms: r.latency.p99, non2xx: r.non2xx, cpuSeconds };
  };
  type Load = Awaited<ReturnType<typeof load>>;
  const readers: Record<string, { nginx: Load; embedded: Load }> = {};
  const both = async () => ({ nginx: await load(edge1.url), embedded: await load(publisher.siteUrl) });
  readers.idle = await both();
  // A full build (asked for by hand, as an operator would), readers on each server in turn.
  await fetch(`http://127.0.0.1:${controlPort}/_hooks/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body: '{}' });
  await new Promise((r) => setTimeout(r, 500));
  readers['during a full build'] = await both();
  await publisher.idle();
  // Editors publish one story after another while readers load nginx: publish-to-live under load.
  let publishing = true;
  const underLoad: number[] = [];
  const publishLoop = (async () => {
    for (let i = 0; publishing; i++) {
      const doc = await publishOne(`Tin tải ${i} ${Date.now()}`);
      underLoad.push(await until(async (page) => (await page(`/xa-hoi/${doc.slug}/`)).status === 200 && (await page('/')).text.includes(doc.slug)));
    }
  })();
  readers['while publishing'] = await both();
  publishing = false;
  await publishLoop;
  latencies['publish, readers saturating nginx'] = underLoad;
  for (const [window, r] of Object.entries(readers)) log(`readers ${window}: ${JSON.stringify(r)}`);
  log(`publish under load: ${JSON.stringify(summary(underLoad))}`);

  const result = {
    configuration: 'shipped defaults (publisher/config.ts); two nginx edges (one over rsync+SSH on loopback), Varnish in front',
    articles: ARTICLES,
    firstFullBuildSeconds: fullBuildSeconds,
    fullBuilds: publisherLog.filter((l) => l.startsWith('live: full')),
    latencySeconds: Object.fromEntries(Object.entries(latencies).map(([k, v]) => [k, summary(v)])),
    memoryMiB: { before: rssBefore, after: rssAfter, byPublishes: rssSamples },
    readers,
  };
  console.log(JSON.stringify(result, null, 2));
  log(`written to ${await recordBench(`publish-${ARTICLES}`, result)} (docs/benchmarks.md: node scripts/bench/tables.ts)`);
  await publisher.close();
} finally {
  // A failed run may leave a full build running: stop every child first.
  await stopAll();
  await varnish.stop();
  await edge1.stop();
  await edge2.stop();
  await sshd.remove();
  await cms.stop();
  await rm(work, { recursive: true, force: true }).catch((err: unknown) => log(`could not remove ${work}: ${String(err)}`));
}
