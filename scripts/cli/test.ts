import path from 'node:path';
import { ensureCmsBuilt } from '../lib/cms.ts';
import { repoRoot } from '../lib/paths.ts';
import { startProcess } from '../lib/processes.ts';

/** `npm test`: builds what changed, then runs every vitest suite (extra args go to vitest). */
export async function test(args: string[]): Promise<void> {
  await ensureCmsBuilt();
  const testsDir = path.join(repoRoot, 'tests');
  const vitest = startProcess('vitest', process.execPath, [path.join(testsDir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], {
    cwd: testsDir,
    output: { inherit: true },
  });
  const forward = () => void vitest.stop();
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await vitest.exited;
  process.exit(code ?? 1);
}
