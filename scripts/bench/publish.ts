/**
 * Publish-to-live latency at archive scale: a throwaway CMS filled by the corpus generator, the
 * real publisher (full first build, then incremental publishes), editors' actions through the
 * admin API, and the time from each action's answer until every checked page shows it. Also the
 * site's read throughput (autocannon in its own process) idle, during a full build and during
 * incremental publishing, and the publisher's memory. Prints a table and writes JSON.
 *
 *   node scripts/bench/publish.ts [--articles 20000] [--publishes 20] [--others 10] [--weather 3] [--seconds 10]
 *        [--consolidate-delay 10] [--consolidate-after 200]
 *
 * A weather edit is timed twice: until the home page shows it (rendered at once) and until an
 * old article page does (the consolidation, `--consolidate-delay` seconds later, a full build).
 * The publisher's and the render host's RSS are sampled every 50 publishes. Each readers' window
 * also says where the CPU went (seconds by process, cpu-by-process.ts).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startTestCms, TEST_ADMIN } from '../lib/ephemeral-cms.ts';
import { repoRoot } from '../lib/paths.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { stopAll } from '../../publisher/lib/processes.ts';
import { startPublisher } from '../../publisher/publisher.ts';
import { cpuSecondsBetween, sampleCpu } from './cpu-by-process.ts';

const exec = promisify(execFile);
const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '20000' },
    publishes: { type: 'string', default: '20' },
    others: { type: 'string', default: '10' },
    weather: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    'consolidate-delay': { type: 'string', default: '10' },
    'consolidate-after': { type: 'string', default: '200' },
  },
});
const ARTICLES = Number(values.articles);
const PUBLISHES = Number(values.publishes);
const OTHERS = Number(values.others);
const LOAD_SECONDS = Number(values.seconds);

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

// Interrupted (Ctrl-C), the bench still stops the CMS and render hosts it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll().finally(() => process.exit(130)));

const controlPort = await freePort();
const sitePort = await freePort();
const secret = randomBytes(24).toString('hex');
const started = Date.now();
const cms = await startTestCms({
  demoArticles: 1,
  corpusArticles: ARTICLES,
  env: { PUBLISHER_URL: `http://127.0.0.1:${controlPort}/_hooks/rebuild`, PUBLISHER_SECRET: secret },
});
log(`corpus of ${ARTICLES} articles ready in ${seconds(Date.now() - started)} s`);
const workDir = await mkdtemp(path.join(tmpdir(), 'tintinh-bench-publish-'));
const publisherLog: string[] = [];
try {
  const firstBuild = Date.now();
  const publisher = await startPublisher({
    workDir,
    env: { STRAPI_URL: cms.url, STRAPI_TOKEN: cms.siteToken, PREVIEW_SECRET: cms.env.PREVIEW_SECRET, SITE_URL: 'https://tintinh.test' },
    secret,
    sitePort,
    controlPort,

    consolidation: { delayMs: Number(values['consolidate-delay']) * 1000, afterPublishes: Number(values['consolidate-after']) },
    log: (line) => {
      publisherLog.push(line);
      console.log(`[publisher] ${line}`);
    },
  });
  await publisher.idle();
  const fullBuildSeconds = seconds(Date.now() - firstBuild);
  log(`first full build and render host ready in ${fullBuildSeconds} s`);
  const renderHostPid = async () =>
    Number((await exec('pgrep', ['-f', `render-host.ts ${workDir}`]).catch(() => ({ stdout: '0' }))).stdout.trim().split('\n')[0]);
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
    // An admin session lasts 30 minutes; at 200,000 articles the bench's two full builds outlast it.
    if (res.status === 401) {
      admin = await login();
      res = await send();
    }
    if (!res.ok) throw new Error(`${method} ${suffix}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { data: { documentId: string; slug: string }; results: Array<{ documentId: string }> };
  };
  const page = async (route: string) => {
    const res = await fetch(`http://127.0.0.1:${sitePort}${route}`);
    return { status: res.status, text: await res.text() };
  };
  /** Milliseconds from now until `check` holds (polled every 50 ms, `limitMinutes` at most). */
  const until = async (check: () => Promise<boolean>, limitMinutes = 10) => {
    const t0 = Date.now();
    while (!(await check())) {
      if (Date.now() - t0 > limitMinutes * 60_000) throw new Error(`not live after ${limitMinutes} minutes`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return Date.now() - t0;
  };
  const category = (await cm('api::category.category?filters[slug][$eq]=xa-hoi')).results[0]!.documentId;

  const latencies: Record<string, number[]> = {
    publish: [],
    edit: [],
    unpublish: [],
    'comment approval': [],
    'weather edit (home page)': [],
    'weather edit (every page)': [],
  };
  const live: Array<{ documentId: string; slug: string }> = [];
  const rssSamples: Array<{ publishes: number; publisher: number; renderHost: number }> = [];
  for (let i = 0; i < PUBLISHES; i++) {
    if (i % 50 === 0)
      rssSamples.push({
        publishes: i,
        publisher: Math.round(process.memoryUsage().rss / 2 ** 20),
        renderHost: Math.round(await rssMiB(await renderHostPid())),
      });
    const doc = (
      await cm('api::article.article', 'POST', {
        title: `Tin nóng số ${i} ${Date.now()}`,
        lead: 'Sapo tin nóng.',
        body: 'Nội dung tin nóng.',
        category: { connect: [{ documentId: category }] },
      })
    ).data;
    await cm(`api::article.article/${doc.documentId}/actions/publish`, 'POST', {});
    latencies.publish!.push(
      await until(
        async () =>
          (await page(`/xa-hoi/${doc.slug}/`)).status === 200 && (await page('/')).text.includes(doc.slug) && (await page('/xa-hoi/')).text.includes(doc.slug),
      ),
    );
    live.push(doc);
  }
  for (let i = 0; i < OTHERS; i++) {
    // A correction of recent news: it shows on its page and in the feed.
    const doc = live[live.length - 1 - i]!;
    const title = `Đính chính tiêu đề ${i} ${Date.now()}`;
    await cm(`api::article.article/${doc.documentId}`, 'PUT', { title });
    await cm(`api::article.article/${doc.documentId}/actions/publish`, 'POST', {});
    latencies.edit!.push(await until(async () => (await page(`/xa-hoi/${doc.slug}/`)).text.includes(title) && (await page('/rss.xml')).text.includes(title)));
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
    latencies['comment approval']!.push(await until(async () => (await page(`/xa-hoi/${doc.slug}/`)).text.includes(body)));
  }
  for (let i = 0; i < OTHERS; i++) {
    const doc = live[live.length - 1 - i]!;
    await cm(`api::article.article/${doc.documentId}/actions/unpublish`, 'POST', {});
    latencies.unpublish!.push(
      await until(
        async () =>
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
  log(`RSS (MiB) by publishes: ${JSON.stringify(rssSamples)}`);
  for (const [action, list] of Object.entries(latencies)) if (list.length) log(`${action}: ${JSON.stringify(summary(list))}`);
  // The other pages follow a weather edit by a full build (the consolidation): a few are enough.
  const weatherEdits = Number(values.weather);
  const note = (await cm('api::weather-note.weather-note')).results[0]!;
  for (let i = 0; i < weatherEdits; i++) {
    const forecast = `Trời nắng, đo lần ${i} ${Date.now()}`;
    await cm(`api::weather-note.weather-note/${note.documentId}`, 'PUT', {
      forecast,
      issuedAt: new Date(Date.now() - 60_000).toISOString(),
      validUntil: '2099-01-01T00:00:00.000Z',
    });
    const edited = Date.now();
    latencies['weather edit (home page)']!.push(await until(async () => (await page('/')).text.includes(forecast)));
    // The rest of the archive follows with the consolidation, a full build: 10–15 minutes at
    // 200,000 articles on this 2-core machine.
    await until(async () => (await page('/hoat-dong-lanh-dao/ca-nuoc-co-5248607-dang-vien/')).text.includes(forecast), 45);
    latencies['weather edit (every page)']!.push(Date.now() - edited);
    await publisher.idle();
  }
  await publisher.idle();
  const rssAfter = { publisher: process.memoryUsage().rss / 2 ** 20, renderHost: await rssMiB(await renderHostPid()) };

  /** autocannon in its own process, so it does not share the server's event loop. */
  const load = async () => {
    const cpuBefore = sampleCpu();
    const bin = path.join(repoRoot, 'scripts', 'node_modules', 'autocannon', 'autocannon.js');
    const { stdout } = await exec(
      process.execPath,
      [
        bin,
        '-j',
        '-c',
        '50',
        '-d',
        String(LOAD_SECONDS),
        '-H',
        'accept-encoding: br',
        `http://127.0.0.1:${sitePort}/hoat-dong-lanh-dao/ca-nuoc-co-5248607-dang-vien/`,
      ],
      { maxBuffer: 64 * 2 ** 20 },
    );
    const cpuSeconds = cpuSecondsBetween(cpuBefore, sampleCpu());
    const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number; p97_5: number }; non2xx: number };
    return { requestsPerSecond: Math.round(r.requests.average), p97_5Ms: r.latency.p97_5, p99Ms: r.latency.p99, non2xx: r.non2xx, cpuSeconds };
  };
  const readers: Record<string, Awaited<ReturnType<typeof load>>> = {};
  for (const action of ['weather edit (home page)', 'weather edit (every page)']) log(`${action}: ${JSON.stringify(summary(latencies[action]!))}`);
  readers.idle = await load();
  const hook = () => fetch(`http://127.0.0.1:${controlPort}/_hooks/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body: '{}' });
  await hook();
  await new Promise((r) => setTimeout(r, 500));
  readers['during a full build'] = await load();
  await publisher.idle();
  // Editors publish one story after another through the admin API during two windows: the first
  // opens right after a full build (the new render host's first publishes), the second after it.
  let publishing = true;
  const windowPublishes: Array<{ cmsSeconds: number; liveSeconds: number }> = [];
  const publishLoop = (async () => {
    for (let i = 0; publishing; i++) {
      const t0 = Date.now();
      const doc = (await cm('api::article.article', 'POST', { title: `Tin tải ${i} ${Date.now()}`, category: { connect: [{ documentId: category }] } })).data;
      await cm(`api::article.article/${doc.documentId}/actions/publish`, 'POST', {});
      const cmsSeconds = seconds(Date.now() - t0);
      const liveSeconds = seconds(await until(async () => (await page(`/xa-hoi/${doc.slug}/`)).status === 200));
      windowPublishes.push({ cmsSeconds, liveSeconds });
    }
  })();
  readers['during incremental publishing'] = await load();
  readers['during incremental publishing, later'] = await load();
  publishing = false;
  await publishLoop;
  for (const [window, r] of Object.entries(readers)) log(`readers ${window}: ${JSON.stringify(r)}`);
  log(`publishes during the publishing windows (admin API time, then until live): ${JSON.stringify(windowPublishes)}`);

  const result = {
    measuredAt: new Date().toISOString(),
    machine: `${(await exec('nproc')).stdout.trim()} cores, ${Math.round(Number(/MemTotal:\s+(\d+)/.exec(await readFile('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 2 ** 20)} GiB`,
    articles: ARTICLES,
    firstFullBuildSeconds: fullBuildSeconds,
    fullBuildSummary: publisherLog.filter((l) => l.startsWith('live: full')),
    latencySeconds: Object.fromEntries(Object.entries(latencies).map(([k, v]) => [k, summary(v)])),
    memoryMiB: { before: rssBefore, after: rssAfter, byPublishes: rssSamples },
    consolidation: { delaySeconds: Number(values['consolidate-delay']), afterPublishes: Number(values['consolidate-after']) },
    readers,
    windowPublishes,
  };
  console.log(JSON.stringify(result, null, 2));
  const out = path.join(repoRoot, 'tests', 'output', `bench-publish-${ARTICLES}.json`);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(result, null, 2));
  log(`written to ${path.relative(repoRoot, out)}`);
  await publisher.close();
} finally {
  // A failed run may leave a full build running in the background, writing into workDir: stop
  // every child first, and let no cleanup error hide the one that ended the run.
  await stopAll();
  await cms.stop();
  await rm(workDir, { recursive: true, force: true }).catch((err: unknown) => log(`could not remove ${workDir}: ${String(err)}`));
}
