import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DRAFT_MARKER, sanityCheck } from '../../scripts/publisher/deployer.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A minimal complete build, with `home` as its home page. */
async function build(home: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tintinh-sanity-'));
  dirs.push(dir);
  await mkdir(path.join(dir, 'pagefind'));
  for (const [file, text] of Object.entries({
    'index.html': home,
    'rss.xml': '<rss/>',
    'sitemap-index.xml': '<x/>',
    '404.html': '404',
    'pagefind/pagefind.js': 'x',
  })) {
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
