/**
 * Links a new full build's unchanged files to the live tree's (build-links.ts) in a process of its
 * own, at a lower CPU priority: at archive scale it reads both trees, and readers come first.
 *
 * Usage: node build-links-process.ts <new build> <live tree>
 */
import { lowerOwnPriority } from './lib/child-priority.ts';
import { linkUnchanged } from './build-links.ts';

const [dir, live] = process.argv.slice(2);
if (!dir || !live) {
  console.error('usage: build-links-process.ts <new build> <live tree>');
  process.exit(2);
}
lowerOwnPriority(10);
const { changed, removed } = await linkUnchanged(dir, live);
console.log(`${changed.length} file(s) changed, ${removed.length} removed against the live tree`);
