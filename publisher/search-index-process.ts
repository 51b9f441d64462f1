/**
 * The full build's search step in a process of its own (search-index.ts), at a lower CPU
 * priority: readers come first. Prints one line per year (the build prefixes it), and writes the
 * reports as JSON into the report file for the build's summary.
 *
 * Usage: node search-index-process.ts <build dir> <report file> [<year cache dir>]
 */
import { writeFile } from 'node:fs/promises';
import { lowerOwnPriority } from './lib/child-priority.ts';
import { indexSearchShards, type ShardReport } from './search-index.ts';

const [buildDir, reportFile, cacheDir] = process.argv.slice(2);
if (!buildDir || !reportFile) {
  console.error('usage: search-index-process.ts <build dir> <report file> [<year cache dir>]');
  process.exit(2);
}
lowerOwnPriority(10);
const gib = (bytes: number | null) => (bytes === null ? '' : ` at ${(bytes / 2 ** 30).toFixed(2)} GiB`);
const describe = (r: ShardReport) =>
  r.reused ? `${r.shard}: ${r.pages} pages unchanged, kept` : `${r.shard}: ${r.pages} pages indexed in ${r.seconds.toFixed(1)} s${gib(r.peakRssBytes)}`;
const reports = await indexSearchShards({ buildDir, cacheDir, onShard: (r) => console.log(describe(r)) });
await writeFile(reportFile, JSON.stringify(reports));
