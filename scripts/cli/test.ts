import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureCmsBuilt } from '../lib/cms.ts';
import { repoRoot } from '../lib/paths.ts';
import { startProcess } from '../../publisher/lib/processes.ts';

/** `npm test`: builds what changed, then runs every vitest suite (extra args go to vitest). */
export async function test(args: string[]): Promise<void> {
  await ensureCmsBuilt();
  const testsDir = path.join(repoRoot, 'tests');
  const resultsFile = path.join(testsDir, 'output', 'vitest-results.json');
  await rm(resultsFile, { force: true });
  const vitest = startProcess('vitest', process.execPath, [path.join(testsDir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], {
    cwd: testsDir,
    output: { inherit: true },
  });
  const forward = () => void vitest.stop();
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await vitest.exited;
  // A plain closing line that any CI log reader understands.
  const results = JSON.parse(await readFile(resultsFile, 'utf8').catch(() => '{}')) as { numPassedTests?: number; numFailedTests?: number };
  if (results.numPassedTests !== undefined) console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests ?? 0} failed`);
  process.exit(code ?? 1);
}
