/**
 * The full build's search index, in a process of its own beside Astro's render (site-build.ts
 * starts it once the build has written its search documents).
 *
 * Usage: node search-index-process.ts <search documents file> <output folder>
 */
import { setPriority } from 'node:os';
import { indexSearchDocuments } from './search-index.ts';

const [documentsFile, outputPath] = process.argv.slice(2);
if (!documentsFile || !outputPath) {
  console.error('usage: search-index-process.ts <search documents file> <output folder>');
  process.exit(2);
}
try {
  // Readers come first (the publisher's static server); Pagefind, started from here, inherits this.
  setPriority(10);
} catch {
  // not permitted here: run at normal priority
}
const started = Date.now();
const count = await indexSearchDocuments(documentsFile, outputPath);
console.log(`[site] indexed ${count} articles for search in ${((Date.now() - started) / 1000).toFixed(1)} s`);
