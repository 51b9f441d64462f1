import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.ts';
import type { TestCms } from './test-cms.ts';

export const SITE_URL = 'https://tintinh.test';

export interface BuildResult {
  code: number | null;
  output: string;
  seconds: number;
}

/** Runs the real build command (scripts/build-site.ts) against a test CMS into `outDir`. */
export function buildSiteCli(cms: Pick<TestCms, 'url' | 'siteToken'>, outDir: string, env: NodeJS.ProcessEnv = {}): Promise<BuildResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'build-site.ts'), '--out', outDir], {
      cwd: repoRoot,
      env: { ...process.env, STRAPI_URL: cms.url, STRAPI_TOKEN: cms.siteToken, SITE_URL, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Every file of a build as text (the search index's binary files as latin1, byte for byte). */
export async function readAllOutput(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const e of await readdir(outDir, { withFileTypes: true, recursive: true })) {
    // Precompressed twins (.br/.gz) repeat their original byte for byte once decoded.
    if (!e.isFile() || /\.(br|gz)$/.test(e.name)) continue;
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(outDir, full);
    const buf = await readFile(full);
    files.set(rel, e.name.endsWith('.bin') ? buf.toString('latin1') : buf.toString('utf8'));
  }
  return files;
}

export const readPage = (outDir: string, route: string) => readFile(path.join(outDir, route, 'index.html'), 'utf8');
