/**
 * Command runner behind `npm start`, `npm test`, `npm run check` and `npm run bench` (always on Node 24). Commands
 * are loaded after the content model is compiled: the publisher `start` loads imports it, and a
 * fresh clone has no content-types/dist yet.
 */
import { buildContentTypes } from '../lib/cms.ts';

const commands: Record<string, (args: string[]) => Promise<void>> = {
  start: async () => (await import('./start.ts')).start(),
  // The production service: configured by the environment (publisher/config.ts), runs until stopped.
  publisher: async () => void (await import('../../publisher/main.ts')),
  test: async (args) => (await import('./test.ts')).test(args),
  bench: async (args) => (await import('./bench.ts')).bench(args),
  check: async () => (await import('./check.ts')).check(),
  backup: async (args) => (await import('./backup.ts')).backup(args),
  restore: async (args) => (await import('./backup.ts')).restore(args),
};

const [name = '', ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(
    `usage: npm start | npm test | npm run publisher | npm run check | npm run bench [votes|site|publish|admin|search-index] | npm run backup | npm run restore   (unknown command "${name}")`,
  );
  process.exit(2);
}
buildContentTypes()
  .then(() => command(args))
  .catch((err: unknown) => {
    console.error(`[tt] ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
