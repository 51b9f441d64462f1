/**
 * Maps a full build's search fragments (search-fragments.ts) in a process of its own, at a lower
 * CPU priority: at 200,000 articles that is seconds of decompressing and parsing, which in the
 * publisher's process would hold the static server's event loop.
 *
 * Usage: node search-fragments-process.ts <build dir>
 */
import { mapSearchFragments } from './search-fragments.ts';
import { lowerOwnPriority } from './lib/child-priority.ts';

const [buildDir] = process.argv.slice(2);
if (!buildDir) {
  console.error('usage: search-fragments-process.ts <build dir>');
  process.exit(2);
}
// Readers come first: the static server keeps its priority.
lowerOwnPriority(10);
const files = await mapSearchFragments(buildDir);
console.log(`mapped ${files} search fragment file(s)`);
