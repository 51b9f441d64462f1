import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { freePort } from '../../publisher/lib/ports.ts';
import { eventually, GiveUp } from '../support/eventually.ts';
import { rawRequest, requestJson } from '../support/http.ts';
import { descendants } from '../../scripts/lib/servers/process-tree.ts';
import { isAlive } from '../../publisher/lib/processes.ts';

describe('the README start command, on a clean clone', () => {
  let dir: string;
  let child: ChildProcess;
  let output = '';
  const ports = { cms: 0, site: 0, publisher: 0 };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tintinh-clone-'));
    const clone = path.join(dir, 'p');
    execFileSync('git', ['clone', '-q', repoRoot, clone]);
    // What a CI cache would hold, made by this very run: the toolchain (.tools) and the CMS build
    // of the same sources (used only if the clone's sources hash alike: scripts/lib/cms.ts).
    // Installing the packages, importing the demo, building and serving the site all happen here.
    await symlink(path.join(repoRoot, '.tools'), path.join(clone, '.tools'));
    await cp(path.join(repoRoot, 'cms', 'dist'), path.join(clone, 'cms', 'dist'), { recursive: true });
    ports.cms = await freePort();
    ports.site = await freePort();
    ports.publisher = await freePort();
    child = spawn('npm', ['start'], {
      cwd: clone,
      detached: true, // its own process group, as a terminal's foreground job
      env: { ...process.env, CMS_PORT: String(ports.cms), SITE_PORT: String(ports.site), PUBLISHER_PORT: String(ports.publisher) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new GiveUp(`npm start exited with ${child.exitCode}:\n${output.slice(-3000)}`);
        return output.includes('Tin Tỉnh is up');
      },
      'npm start to say it is up',
      540_000,
      1000,
    ).catch((err: unknown) => {
      throw new Error(`npm start did not come up: ${err instanceof Error ? err.message : String(err)}\n${output.slice(-3000)}`);
    });
  }, 600_000);

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('brings up the CMS with demo content, the admin and the built site, and prints the login', async () => {
    const password = /login: +admin@tintinh\.vn \/ (\S+)/.exec(output)?.[1];
    expect(password, 'the printed login').toBeTruthy();
    const articles = await requestJson<{ data: Array<{ slug: string }> }>(`http://127.0.0.1:${ports.cms}/api/articles?pagination[pageSize]=100`);
    expect(articles.body.data.map((a) => a.slug)).toContain('ca-nuoc-co-5248607-dang-vien');
    const admin = await fetch(`http://127.0.0.1:${ports.cms}/admin`);
    expect(admin.status).toBe(200);
    const login = await requestJson<{ data?: unknown }>(`http://127.0.0.1:${ports.cms}/admin/login`, {
      method: 'POST',
      json: { email: 'admin@tintinh.vn', password },
    });
    expect(login.status).toBe(200);
    // Generated for this clone, kept in its ignored cms/.env, never the old published default.
    expect(password).not.toBe('TinTinh-2026');
    expect(await readFile(path.join(dir, 'p', 'cms', '.env'), 'utf8')).toContain(`ADMIN_PASSWORD=${password}`);
    const old = await requestJson(`http://127.0.0.1:${ports.cms}/admin/login`, {
      method: 'POST',
      json: { email: 'admin@tintinh.vn', password: 'TinTinh-2026' },
    });
    expect(old.status).toBe(400);
    const home = await fetch(`http://127.0.0.1:${ports.site}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Cả nước có 5.248.607 đảng viên');
    const status = await requestJson<{ current: string | null }>(`http://127.0.0.1:${ports.publisher}/_status`);
    expect(status.body.current).toBeTruthy();
  });

  it('keeps serving after a request line that used to end every process it started', async () => {
    for (const port of [ports.site, ports.publisher]) {
      for (const line of ['GET //[ HTTP/1.1', 'GET http://x:99999/ HTTP/1.1']) {
        const answer = await rawRequest(port, `${line}\r\nHost: x\r\n\r\n`);
        expect(answer, `${line} on :${port}`).toMatch(/^HTTP\/1\.1 40\d /);
      }
    }
    expect((await fetch(`http://127.0.0.1:${ports.site}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.cms}/_health`)).status).toBe(204);
    expect((await fetch(`http://127.0.0.1:${ports.publisher}/_status`)).status).toBe(200);
  });

  it('stops everything it started on Ctrl-C', async () => {
    const started = await descendants(child.pid!);
    expect(started.length).toBeGreaterThanOrEqual(2); // at least the runner and Strapi
    process.kill(-child.pid!, 'SIGINT'); // what Ctrl-C sends to the foreground job
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    // Its children get the signal too and may take a moment to exit after it.
    await eventually(
      async () => started.filter(isAlive).length === 0,
      `every process npm start started to exit (${started.filter(isAlive).join(', ')})`,
      10_000,
      100,
    );
    await expect(fetch(`http://127.0.0.1:${ports.cms}/_health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.site}/`)).rejects.toThrow();
  }, 60_000);
});
