/**
 * Old builds are removed in the background after a switch, as background work that gives way to
 * readers: the removal runs at nice 19 and is paused while the static server is busy, then
 * finishes once readers are quiet. Real files, a real `rm`, its state and priority read from /proc.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { childrenNamed, processStat, threadNiceness } from '../../publisher/lib/child-priority.ts';
import { KEEP, prunedBuilds, switchLive } from '../../publisher/deployer.ts';
import { ReaderLoad } from '../../publisher/reader-load.ts';

let work: string | undefined;

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A build that passes the sanity check, with `pages` article pages. */
async function fakeBuild(dir: string, pages: number): Promise<void> {
  await mkdir(path.join(dir, 'search'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!DOCTYPE html><html lang="vi"><body>Trang chủ</body></html>');
  for (const file of ['rss.xml', 'sitemap-index.xml', '404.html', 'search/meta.json', 'search/years.json']) await writeFile(path.join(dir, file), 'x');
  await mkdir(path.join(dir, '.nginx'));
  await writeFile(path.join(dir, '.nginx', 'redirects.map'), '');
  for (let i = 0; i < pages; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, pages - i) }, async (_, j) => {
        const page = path.join(dir, 'xa-hoi', `bai-${i + j}`);
        await mkdir(page, { recursive: true });
        await writeFile(path.join(page, 'index.html'), 'bài viết');
      }),
    );
  }
}

it('removes old builds at the lowest priority, paused while readers are busy, and finishes once they are quiet', async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tintinh-prune-'));
  const buildsDir = path.join(work, 'builds');
  const currentLink = path.join(work, 'current');
  // The oldest build is large enough for its removal to be watched.
  const ids = Array.from({ length: KEEP + 1 }, (_, i) => `2026-11-30T00-00-0${i}-000Z`);
  await fakeBuild(path.join(buildsDir, ids[0]!), 12_000);
  for (const id of ids.slice(1)) await fakeBuild(path.join(buildsDir, id), 1);

  const readers = new ReaderLoad();
  const flood = setInterval(() => {
    for (let i = 0; i < 100; i++) readers.request();
  }, 20);
  const seen: Array<{ state: string; nice: number[] }> = [];
  try {
    await switchLive({ buildsDir, currentLink, readers, env: {} }, path.join(buildsDir, ids.at(-1)!));
    for (const end = Date.now() + 1500; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
      for (const pid of childrenNamed('rm')) {
        const state = processStat(String(pid))?.fields[0];
        if (state) seen.push({ state, nice: threadNiceness(pid) });
      }
    }
  } finally {
    clearInterval(flood);
  }
  expect(seen.length, 'the removal was under way while readers were busy').toBeGreaterThan(10);
  expect(
    seen.every((s) => s.nice.every((n) => n === 19)),
    JSON.stringify(seen.slice(0, 3)),
  ).toBe(true);
  const paused = seen.filter((s) => s.state === 'T').length / seen.length;
  expect(paused, seen.map((s) => s.state).join('')).toBeGreaterThan(0.5);
  await prunedBuilds();
  expect((await readdir(buildsDir)).sort()).toEqual(ids.slice(1));
});
