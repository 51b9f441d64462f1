import path from 'node:path';
import { ensureCmsBuilt } from '../lib/cms.ts';
import { repoRoot } from '../lib/paths.ts';
import { run } from '../../publisher/lib/processes.ts';

const BENCHES: Record<string, string> = {
  votes: 'scripts/bench/votes.ts',
  site: 'scripts/bench/site-build.ts',
  admin: 'scripts/bench/admin.ts',
  publish: 'scripts/bench/publish.ts',
  'search-index': 'scripts/bench/search-index.ts',
};

/** `npm run bench [name] [-- args]`: the benchmarks that print speed and memory numbers. */
export async function bench(args: string[]): Promise<void> {
  const [name = 'votes', ...rest] = args;
  const script = BENCHES[name];
  if (!script) throw new Error(`unknown benchmark "${name}" (have: ${Object.keys(BENCHES).join(', ')})`);
  await ensureCmsBuilt();
  await run(`bench:${name}`, process.execPath, [path.join(repoRoot, script), ...rest], { cwd: repoRoot, output: { inherit: true } });
}
