/**
 * Site build at archive scale: a throwaway CMS filled by the corpus generator, then the real
 * build command, timed, with the peak memory of each build step (GNU time, when installed).
 *
 *   node scripts/bench/site-build.ts [--articles 2000]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startTestCms } from '../lib/ephemeral-cms.ts';
import { repoRoot } from '../lib/paths.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '2000' } } });
const articles = Number(values.articles);
const GNU_TIME = '/usr/bin/time';

const started = Date.now();
const cms = await startTestCms({ demoArticles: 0, corpusArticles: articles });
console.log(`[bench] corpus of ${articles} articles ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
const out = await mkdtemp(path.join(tmpdir(), 'tintinh-bench-site-'));
try {
  const buildStart = Date.now();
  const useTime = existsSync(GNU_TIME);
  const command = useTime ? GNU_TIME : process.execPath;
  const args = [
    ...(useTime ? ['-f', '[bench] peak RSS of the largest build step: %M KiB', process.execPath] : []),
    path.join(repoRoot, 'scripts', 'build-site.ts'),
    '--out',
    out,
  ];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, STRAPI_URL: cms.url, STRAPI_TOKEN: cms.siteToken } });
    child.on('exit', resolve);
  });
  console.log(
    `[bench] site build for ${articles} articles: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - buildStart) / 1000).toFixed(1)} s`,
  );
  if (code !== 0) process.exitCode = 1;
} finally {
  await rm(out, { recursive: true, force: true });
  await cms.stop();
}
