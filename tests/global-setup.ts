/**
 * Once per test run: a directory for the demo-content templates suites share
 * (scripts/lib/demo-templates.ts), removed with its PostgreSQL templates when the run ends.
 * Set in the environment before the workers start, so every suite's CMS finds it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropDemoTemplates, TEMPLATES_ENV } from '../scripts/lib/demo-templates.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tintinh-templates-'));
  process.env[TEMPLATES_ENV] = dir;
  return () => dropDemoTemplates(dir);
}
