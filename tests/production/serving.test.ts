/**
 * Readers on the production stack: two CMS instances (one PostgreSQL, one Redis), the publisher
 * started as production starts it (publisher/main.ts, configured by the environment alone), two
 * nginx edges with the generated configuration (one the publisher's own tree, one on a "remote"
 * server reached over rsync+SSH, Debian's OpenSSH on loopback), and Varnish with the repo's VCL in
 * front of both. A publish, a correction and a takedown made through CMS instance B show on both
 * edges and through Varnish (its cached copies purged); an edge stopped during publishes shows its
 * lag on /_status, catches up when it comes back, and then serves what the other serves.
 */
import { randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '../../publisher/caches.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { type RunningProcess, startProcess, waitForHttp } from '../../publisher/lib/processes.ts';
import { REDIRECTS_MAP } from '../../publisher/nginx-site.ts';
import type { PublisherStatus } from '../../publisher/publisher.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { type CmsCluster, startCmsCluster } from '../../scripts/lib/cms-cluster.ts';
import { eventually } from '../support/eventually.ts';
import { commandLine, descendants, environmentOf, killAll } from '../../scripts/lib/servers/process-tree.ts';
import { buildVersion } from '../../publisher/deployer.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { type NginxEdge, startNginxEdge } from '../../scripts/lib/servers/nginx-edge.ts';
import { SITE_URL } from '../support/site-build.ts';
import { type Sshd, startSshd } from '../../scripts/lib/servers/sshd.ts';
import { TEST_ADMIN } from '../support/test-cms.ts';
import { startVarnish, type Varnish } from '../../scripts/lib/servers/varnish.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A site folder nginx can start on before the first build: an empty tree with an empty redirect map. */
async function placeholderSite(siteDir: string): Promise<void> {
  const empty = path.join(siteDir, 'builds', '0000-empty');
  await mkdir(path.join(empty, '.nginx'), { recursive: true });
  await writeFile(path.join(empty, REDIRECTS_MAP), '');
  await symlink('builds/0000-empty', path.join(siteDir, 'current'));
}

/** Status and body of one GET, the path as spelled. */
function get(base: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; cache: string | undefined }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: target, headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cache: res.headers['x-cache'] as string | undefined }));
      })
      .on('error', reject);
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('the production stack: CMS × 2, the publisher service, two nginx edges (one over rsync+SSH), Varnish', () => {
  let work: string;
  let cluster: CmsCluster;
  let sshd: Sshd;
  let edge1: NginxEdge;
  let edge2: NginxEdge;
  let varnish: Varnish;
  let publisher: RunningProcess;
  let publisherEnv: NodeJS.ProcessEnv;
  let controlUrl: string;
  let admin: string;
  let newsroom: Newsroom;
  const publisherLog: string[] = [];

  const status = async () => (await requestJson<PublisherStatus>(`${controlUrl}/_status`)).body;
  /** Starts the publisher service and waits for its first full build on both edges. */
  const startPublisherService = async () => {
    publisher = startProcess('publisher', process.execPath, [path.join(repoRoot, 'publisher', 'main.ts')], {
      cwd: repoRoot,
      env: publisherEnv,
      output: { onLine: (line) => publisherLog.push(line) },
    });
    await waitForHttp(`${controlUrl}/_status`, 300_000, publisher.exited).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${publisherLog.slice(-30).join('\n')}`);
    });
    await eventually(async () => {
      const s = await status();
      return s.lastSuccess?.kind === 'full' && s.edges.every((e) => e.state === 'in-step');
    }, 'the first build on both edges');
  };
  /**
   * What a reader can meet on `base` now: from the home page, every page it links to (and on),
   * each link answered. A page that links to a missing article, or a listing that still shows a
   * story whose page is gone, is a dangling link.
   */
  const danglingLinks = async (base: string): Promise<string[]> => {
    const seen = new Set<string>(['/']);
    const queue = ['/'];
    const dangling: string[] = [];
    while (queue.length > 0) {
      const page = queue.shift()!;
      const answer = await get(base, page);
      if (answer.status !== 200) continue;
      for (const match of answer.body.matchAll(/href="(\/[^"#?]*)"/g)) {
        const target = match[1]!;
        if (seen.has(target) || /\.(xml|css|js|svg|png|ico|json)$/.test(target) || target.startsWith('/preview/')) continue;
        seen.add(target);
        const linked = await get(base, target);
        if (linked.status === 404) dangling.push(`${page} → ${target}`);
        else if (linked.status === 200 && target.endsWith('/')) queue.push(target);
      }
    }
    return dangling;
  };
  const everywhere = () => [edge1.url, edge2.url, varnish.url];
  /** Until every edge and Varnish answer `target` with `status` (and, if given, a body holding `text`). */
  const shownEverywhere = (target: string, expected: number, text?: string) =>
    eventually(
      async () => {
        for (const base of everywhere()) {
          const answer = await get(base, target);
          if (answer.status !== expected || (text !== undefined && !answer.body.includes(text))) return false;
        }
        return true;
      },
      `${target} → ${expected}${text ? ` with "${text}"` : ''} on both edges and through Varnish`,
      60_000,
    );

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'tintinh-serving-'));
    const siteDir = path.join(work, 'site');
    const remoteRoot = path.join(work, 'remote', 'site');
    await placeholderSite(siteDir);
    await placeholderSite(remoteRoot);
    const controlPort = await freePort();
    const secret = randomBytes(24).toString('hex');
    cluster = await startCmsCluster({
      instances: 2,
      demoArticles: 2,
      env: {
        REDIS_URL,
        RATE_LIMIT_PREFIX: `tintinh-serving-${randomBytes(4).toString('hex')}`,
        PUBLISHER_URL: `http://127.0.0.1:${controlPort}/_hooks/rebuild`,
        PUBLISHER_SECRET: secret,
        SITE_URL,
      },
    });
    admin = await adminToken(cluster.instances[1]!.url, TEST_ADMIN.email, TEST_ADMIN.password);
    newsroom = new Newsroom(cluster.instances[1]!.url, admin);
    sshd = await startSshd();
    const cmsOrigin = cluster.url;
    edge1 = await startNginxEdge({ root: path.join(siteDir, 'current'), cmsOrigin });
    edge2 = await startNginxEdge({ root: path.join(remoteRoot, 'current'), cmsOrigin });
    varnish = await startVarnish([edge1.port, edge2.port]);
    const sitePort = await freePort();
    controlUrl = `http://127.0.0.1:${controlPort}`;
    // The environment alone, as a service unit gives it (deploy/systemd/tintinh-publisher.service).
    publisherEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      STRAPI_URL: cluster.url,
      STRAPI_TOKEN: cluster.first.siteToken,
      SITE_URL,
      PREVIEW_SECRET: cluster.first.env.PREVIEW_SECRET,
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
    };
    await startPublisherService();
    await shownEverywhere('/', 200, 'lang="vi"');
  }, 600_000);

  afterAll(async () => {
    await publisher?.stop();
    await varnish?.stop();
    await edge1?.stop();
    await edge2?.stop();
    await sshd?.remove();
    await cluster?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('shows a publish, a correction and a takedown made through CMS instance B on both edges and through Varnish', async () => {
    // Varnish holds the home page before the publish: the publisher must purge it.
    await get(varnish.url, '/');
    expect((await get(varnish.url, '/')).cache).toBe('HIT');
    const story = await newsroom.createArticle(
      { title: 'Tin trên hai máy chủ và bộ đệm', lead: 'Sapo.', body: 'Nội dung trên mọi máy chủ.' },
      { categorySlug: 'xa-hoi', publish: true },
    );
    const route = `/xa-hoi/${story.slug as string}/`;
    await shownEverywhere(route, 200, 'Tin trên hai máy chủ và bộ đệm');
    await shownEverywhere('/', 200, story.slug as string);
    // Cached again, then corrected: the correction replaces it everywhere.
    await get(varnish.url, route);
    expect((await get(varnish.url, route)).cache).toBe('HIT');
    await newsroom.update('api::article.article', story.documentId, { correction: 'Bản trước ghi nhầm tên xã.' });
    await newsroom.publish('api::article.article', story.documentId);
    await shownEverywhere(route, 200, 'Bản trước ghi nhầm tên xã.');
    // Taken down: gone on both edges and from the cache, under other spellings too.
    const down = await requestJson(`${cluster.instances[1]!.url}/content-manager/collection-types/api::article.article/${story.documentId}/actions/unpublish`, {
      method: 'POST',
      token: admin,
      json: {},
    });
    expect(down.status).toBe(200);
    await shownEverywhere(route, 404);
    for (const spelling of [
      route.slice(0, -1),
      `${route}index.html`,
      `/xa-hoi//${story.slug as string}/`,
      `${route}?utm=1`,
      route.replace('/xa-hoi/', '/xa%2Dhoi/'),
    ]) {
      for (const base of everywhere()) expect((await get(base, spelling)).status, `${base}${spelling}`).toBe(404);
    }
    await shownEverywhere('/', 200);
    for (const base of everywhere()) expect((await get(base, '/')).body, base).not.toContain(story.slug as string);
    const s = await status();
    expect(s.edges.map((e) => [e.state, e.lag])).toEqual([['in-step', 0]]);
    expect(s.lastFailure).toBeNull();
  });

  it("keeps its own secrets from the site's processes: the render host sees the site's settings, not the control secret or the edges' key", async () => {
    const hosts = [];
    for (const pid of await descendants(publisher.pid)) if ((await commandLine(pid)).some((arg) => arg.endsWith('render-host.ts'))) hosts.push(pid);
    expect(hosts.length, 'a render host runs under the publisher').toBeGreaterThan(0);
    expect((await environmentOf(publisher.pid)).get('PUBLISHER_SECRET')).toBe(publisherEnv.PUBLISHER_SECRET);
    for (const host of hosts) {
      const seen = await environmentOf(host);
      expect(seen.get('STRAPI_TOKEN')).toBe(cluster.first.siteToken);
      expect([...seen.keys()].filter((name) => name.startsWith('PUBLISHER_'))).toEqual([]);
    }
  });

  it('lets an edge that is down lag without holding the other back, and brings it back in step when it returns', async () => {
    await sshd.stop();
    const during = await newsroom.createArticle({ title: 'Tin đăng khi một máy chủ tắt' }, { categorySlug: 'kinh-te', publish: true });
    const route = `/kinh-te/${during.slug as string}/`;
    await eventually(async () => (await get(edge1.url, route)).status === 200, 'the story on the edge that is up');
    await eventually(async () => (await status()).edges[0]?.state === 'behind', 'the other edge reported behind');
    const behind = (await status()).edges[0]!;
    expect(behind.lag).toBeGreaterThan(0);
    expect(behind.behindSince).not.toBeNull();
    expect(behind.lastError).toMatch(/unreachable|Connection refused|connect/i);
    expect((await get(edge2.url, route)).status).toBe(404);
    // Another publish meanwhile still goes out at once on the edge that is up.
    const second = await newsroom.createArticle({ title: 'Tin thứ hai khi một máy chủ tắt' }, { categorySlug: 'kinh-te', publish: true });
    await eventually(async () => (await get(edge1.url, `/kinh-te/${second.slug as string}/`)).status === 200, 'the second story on the edge that is up');

    await sshd.start();
    await eventually(async () => (await status()).edges[0]?.state === 'in-step', 'the edge back in step', 90_000).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${publisherLog.slice(-20).join('\n')}`);
    });
    // Now it serves what the other serves, file for file.
    const tree = path.join(work, 'site', 'current');
    const urls = (await readdir(tree, { withFileTypes: true, recursive: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(tree, path.join(e.parentPath, e.name)))
      .filter((rel) => !/(^|\/)\./.test(rel) && !/\.(br|gz)$/.test(rel))
      .map(urlOf);
    expect(urls.length).toBeGreaterThan(30);
    const differ: string[] = [];
    for (const url of urls) {
      const [a, b] = await Promise.all([get(edge1.url, url), get(edge2.url, url)]);
      if (a.status !== b.status || a.body !== b.body) differ.push(`${url}: ${a.status} vs ${b.status}`);
    }
    expect(differ).toEqual([]);
    // And Varnish, purged after the catch-up, serves the stories from either edge.
    for (const story of [during, second]) expect((await get(varnish.url, `/kinh-te/${story.slug as string}/`)).status).toBe(200);
  }, 240_000);

  it('leaves no reader a dangling link when killed mid-publish or mid-delivery, and every edge equals a full build once it has caught up', async () => {
    const siteDir = path.join(work, 'site');
    const remoteRoot = path.join(work, 'remote', 'site');
    /**
     * Kills the publisher (SIGKILL, from inside the file-system event, so it lands mid-way) the
     * moment `name` appears in or leaves `dir`: a moment inside a publish being applied.
     */
    const killOn = (dir: string, name: string | null) => {
      const pid = publisher.pid;
      let fired = false;
      const children = descendants(pid);
      const watcher = watch(dir, (_event, file) => {
        if (fired || (name !== null && file !== name)) return;
        fired = true;
        process.kill(pid, 'SIGKILL');
      });
      return {
        done: async (what: string) => {
          await eventually(async () => fired, what, 60_000, 10);
          watcher.close();
          await publisher.exited;
          killAll(await children);
        },
        cancel: () => watcher.close(),
      };
    };
    const stories = async () =>
      (
        await requestJson<{ data: Array<{ documentId: string; slug: string; category: { slug: string } }> }>(
          `${cluster.url}/api/articles?sort=id:desc&pagination[pageSize]=100`,
        )
      ).body.data;
    const rounds = [
      { at: 'the new story written into the local tree', tree: path.join(siteDir, 'current'), watch: 'new' },
      { at: 'the taken-down story removed from the local tree', tree: path.join(siteDir, 'current'), watch: 'victim' },
      { at: 'the publish being copied to the remote edge', tree: remoteRoot, watch: 'staging' },
    ] as const;
    for (const [round, { at, tree, watch: what }] of rounds.entries()) {
      // A new story and a takedown in the same category, published together.
      const [victim] = await stories();
      expect(victim, 'a published story to take down').toBeDefined();
      const category = victim!.category.slug;
      const draft = await newsroom.createArticle({ title: `Tin giữa lúc sập ${round}` }, { categorySlug: category, publish: false });
      const live = await realpath(tree);
      if (what === 'staging') await mkdir(path.join(live, 'staging'), { recursive: true });
      const trap =
        what === 'new'
          ? killOn(path.join(live, category), draft.slug as string)
          : what === 'victim'
            ? killOn(path.join(live, category, victim!.slug), 'index.html')
            : killOn(path.join(live, 'staging'), null);
      await Promise.all([
        newsroom.publish('api::article.article', draft.documentId),
        requestJson(`${cluster.instances[1]!.url}/content-manager/collection-types/api::article.article/${victim!.documentId}/actions/unpublish`, {
          method: 'POST',
          token: admin,
          json: {},
        }),
      ]);
      await trap.done(at);
      // Down now: what readers meet on each edge is whatever state the kill left, and it must hold together.
      for (const base of [edge1.url, edge2.url]) expect(await danglingLinks(base), `round ${round}, ${base}, killed at ${at}`).toEqual([]);
      await startPublisherService();
      await shownEverywhere(`/${category}/${draft.slug as string}/`, 200);
      await shownEverywhere(`/${category}/${victim!.slug}/`, 404);
      for (const base of [edge1.url, edge2.url]) expect(await danglingLinks(base), `round ${round}, ${base}, after the restart`).toEqual([]);
    }
    // Caught up: both edges serve what a fresh full build of the same content serves.
    const builds = await mkdtemp(path.join(tmpdir(), 'tintinh-crash-full-'));
    let full: NginxEdge | null = null;
    try {
      const version = await buildVersion({ buildsDir: builds, env: { STRAPI_URL: cluster.url, STRAPI_TOKEN: cluster.first.siteToken, SITE_URL } });
      version.unpin();
      full = await startNginxEdge({ root: version.dir, cmsOrigin: cluster.url });
      const urls = (await readdir(version.dir, { withFileTypes: true, recursive: true }))
        .filter((e) => e.isFile())
        .map((e) => path.relative(version.dir, path.join(e.parentPath, e.name)))
        .filter((rel) => !/(^|\/)\./.test(rel) && !/\.(br|gz)$/.test(rel) && !/^search\//.test(rel))
        .map(urlOf);
      const differ: string[] = [];
      for (const url of urls) {
        const expected = await get(full.url, url);
        for (const base of [edge1.url, edge2.url]) {
          const answer = await get(base, url);
          if (answer.status !== expected.status || answer.body !== expected.body) differ.push(`${base}${url}`);
        }
      }
      expect(differ).toEqual([]);
    } finally {
      await full?.stop();
      await rm(builds, { recursive: true, force: true });
    }
  }, 600_000);
});
