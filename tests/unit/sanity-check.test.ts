import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { DRAFT_MARKER, KEEP, pinBuild, prunedBuilds, sanityCheck, switchLive } from '../../publisher/deployer.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A minimal complete build, with `home` as its home page. */
async function build(home: string, at?: string): Promise<string> {
  const dir = at ?? (await mkdtemp(path.join(tmpdir(), 'tintinh-sanity-')));
  if (!at) dirs.push(dir);
  await mkdir(path.join(dir, 'search'), { recursive: true });
  for (const [file, text] of Object.entries({
    'index.html': home,
    'rss.xml': '<rss/>',
    'sitemap-index.xml': '<x/>',
    '404.html': '404',
    'search/meta.json': 'x',
    'search/years.json': '{"years":[],"categories":[]}',
    '.nginx/redirects.map': '',
  })) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('publisher sanity check before a build goes live', () => {
  it('accepts a whole site', async () => {
    await expect(sanityCheck(await build('<html lang="vi"><body>Tin</body></html>'))).resolves.toBeUndefined();
  });

  it('refuses a build whose home page carries the draft-preview marker', async () => {
    await expect(sanityCheck(await build(`<html lang="vi"><p ${DRAFT_MARKER}>nháp</p></html>`))).rejects.toThrow(/draft marker/);
  });

  it('refuses a build with a missing feed', async () => {
    const dir = await build('<html lang="vi"></html>');
    await rm(path.join(dir, 'rss.xml'));
    await expect(sanityCheck(dir)).rejects.toThrow(/rss\.xml is missing/);
  });
});

describe('pruning old versions after a switch', () => {
  it('keeps the newest versions, and a full build under way however many publishes follow it', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'tintinh-prune-'));
    dirs.push(root);
    const buildsDir = path.join(root, 'builds');
    const currentLink = path.join(root, 'current');
    // Build ids sort by time: an old version, the full build under way, then KEEP + 2 publishes.
    const ids = Array.from({ length: KEEP + 4 }, (_, i) => `2026-11-27T10-00-${String(i).padStart(2, '0')}-000Z`);
    for (const id of ids) await build('<html lang="vi"></html>', path.join(buildsDir, id));
    const underWay = ids[1]!;
    const unpin = pinBuild(underWay);
    await switchLive({ buildsDir, currentLink }, path.join(buildsDir, ids.at(-1)!));
    await prunedBuilds();
    expect((await readdir(buildsDir)).sort()).toEqual([underWay, ...ids.slice(-KEEP)]);
    // Once it is live or given up, it is an old version like any other.
    unpin();
    await switchLive({ buildsDir, currentLink }, path.join(buildsDir, ids.at(-1)!));
    await prunedBuilds();
    expect((await readdir(buildsDir)).sort()).toEqual(ids.slice(-KEEP));
  });
});
