/** Command runner behind `npm start`, `npm test` and `npm run bench` (always on Node 24). */
import { start } from './start.ts';
import { bench } from './bench.ts';
import { test } from './test.ts';

const commands: Record<string, (args: string[]) => Promise<void>> = {
  start: () => start(),
  test: (args) => test(args),
  bench: (args) => bench(args),
};

const [name = '', ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`usage: npm start | npm test | npm run bench [votes|site|publish]   (unknown command "${name}")`);
  process.exit(2);
}
command(args).catch((err: unknown) => {
  console.error(`[tt] ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
