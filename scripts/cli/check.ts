/**
 * `npm run check`: everything that can be found wrong without running the product. Each package is
 * type-checked (tsc for content-types, the CMS, the publisher, scripts and tests; `astro check` for the site,
 * which type-checks .astro files too), the code is checked by the one formatter and linter (Biome,
 * configured in biome.json), and the committed Strapi schemas are compared with what content-types
 * generates. The CMS is built too (`strapi build`: its TypeScript and the admin bundle, which
 * catches what tsc does not, and Strapi's typings compared with the committed ones): `npm test`
 * then finds it built. Every step runs (two at a time), then the failures are listed together.
 */
import path from 'node:path';
import { ensureCmsBuilt } from '../lib/cms.ts';
import { repoRoot } from '../lib/paths.ts';
import { run } from '../../publisher/lib/processes.ts';

const tsc = path.join(repoRoot, 'content-types', 'node_modules', 'typescript', 'bin', 'tsc');

type Step = { name: string; cwd: string; args: string[]; env?: NodeJS.ProcessEnv } | { name: string; task: () => Promise<void> };

const STEPS: Step[] = [
  // First, in a lane of its own while the other runs the type checks: the admin bundle is the
  // longest step (about a minute) and the one that leaves a core partly idle. It checks the
  // committed schemas and typings rather than rewriting them, as the schemas step below does.
  { name: 'cms build', task: () => ensureCmsBuilt({ prefix: true }, { checkGenerated: true }) },
  { name: 'schemas', cwd: repoRoot, args: [path.join(repoRoot, 'scripts', 'gen-schemas.ts'), '--check'] },
  { name: 'nginx config', cwd: repoRoot, args: [path.join(repoRoot, 'scripts', 'gen-nginx.ts'), '--check'] },
  { name: 'benchmark tables', cwd: repoRoot, args: [path.join(repoRoot, 'scripts', 'bench', 'tables.ts'), '--check'] },
  { name: 'tsc content-types', cwd: path.join(repoRoot, 'content-types'), args: [tsc, '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'tsc cms', cwd: path.join(repoRoot, 'cms'), args: [tsc, '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'tsc cms admin', cwd: path.join(repoRoot, 'cms', 'src', 'admin'), args: [tsc, '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'tsc scripts', cwd: path.join(repoRoot, 'scripts'), args: [tsc, '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'tsc publisher', cwd: path.join(repoRoot, 'publisher'), args: [tsc, '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'tsc tests', cwd: path.join(repoRoot, 'tests'), args: [tsc, '--noEmit', '-p', 'tsconfig.json'] },
  {
    name: 'astro check',
    cwd: path.join(repoRoot, 'site'),
    args: [path.join(repoRoot, 'site', 'node_modules', '@astrojs', 'check', 'bin', 'astro-check.js')],
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
  },
  { name: 'biome', cwd: repoRoot, args: [path.join(repoRoot, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'ci', '.'] },
];

/** Steps at a time: the type checks are single-threaded, and the machine has two cores. */
const LANES = 2;

export async function check(): Promise<void> {
  const failed: string[] = [];
  const queue = [...STEPS];
  const lane = async () => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      const started = Date.now();
      try {
        if ('task' in step) await step.task();
        else await run(step.name, process.execPath, step.args, { cwd: step.cwd, env: { ...process.env, ...step.env }, output: { prefix: true } });
        console.log(`[check] ${step.name}: ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (err) {
        failed.push(step.name);
        console.log(`[check] ${step.name}: FAILED (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  if (failed.length > 0) throw new Error(`${failed.length} check(s) failed: ${failed.join(', ')}`);
  console.log('[check] all checks passed');
}
