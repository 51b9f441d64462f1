/**
 * A demo import is made once per run even when two suites need it at the same moment: the second
 * waits for the first's template; a maker that died leaves the right to the next. Real folders,
 * a real exited process.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimDemoTemplate, keepDemoTemplate, TEMPLATES_ENV } from '../../scripts/lib/demo-templates.ts';

let work: string;
let previous: string | undefined;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tintinh-claims-'));
  previous = process.env[TEMPLATES_ENV];
  process.env[TEMPLATES_ENV] = path.join(work, 'templates');
  await mkdir(process.env[TEMPLATES_ENV]);
});

afterAll(async () => {
  if (previous === undefined) delete process.env[TEMPLATES_ENV];
  else process.env[TEMPLATES_ENV] = previous;
  await rm(work, { recursive: true, force: true });
});

it('lets one suite import a demo while another needing it waits, then hands it the template', async () => {
  const first = await claimDemoTemplate('sqlite', 7);
  if (!('release' in first)) throw new Error('the first claim found a template nobody made');
  let settled = false;
  const second = claimDemoTemplate('sqlite', 7).finally(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(settled, 'the second claim waits while the first imports').toBe(false);

  const store = { sqliteFile: path.join(work, 'cms.db'), database: null, uploadsDir: path.join(work, 'uploads') };
  await writeFile(store.sqliteFile, 'the imported database');
  await mkdir(store.uploadsDir);
  await keepDemoTemplate('sqlite', 7, store);
  await first.release();
  const got = await second;
  expect('template' in got, 'the second claim gets the kept template').toBe(true);
});

it('gives the right to import to the next suite when the one making it died, or gave up', async () => {
  const exited = spawnSync(process.execPath, ['-e', '']).pid;
  if (!exited) throw new Error('no process ran');
  await writeFile(path.join(process.env[TEMPLATES_ENV] ?? '', 'sqlite-8.making'), String(exited));
  const claim = await claimDemoTemplate('sqlite', 8);
  expect('release' in claim).toBe(true);
  if ('release' in claim) await claim.release();
  const again = await claimDemoTemplate('sqlite', 8);
  expect('release' in again, 'a released right is free again').toBe(true);
  if ('release' in again) await again.release();
});
